import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { startLocalServer, type LocalServer } from '../../src/http/local-server.js';
import { createLogger } from '../../src/observability/logger.js';
import { createLocalEngine } from '../../src/runtime/engine.js';

const BIN = fileURLToPath(new URL('../../bin/devenv.mjs', import.meta.url));

let server: LocalServer;

beforeAll(async () => {
  const { engine } = createLocalEngine({ deploymentSeconds: 1 });
  server = await startLocalServer({
    engine,
    port: 0,
    generateAdminToken: true,
    mode: 'simulated',
    logger: createLogger({}, { write: () => undefined }),
    print: () => undefined,
  });
});

afterAll(() => server.close());

/** The real `devenv` bin in a child process, against the local server (asynchronously: the server is in this process). */
function devenv(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, DEVENV_URL: server.url, DEVENV_TOKEN: server.adminToken, DEVENV_POLL_INTERVAL_MS: '200' }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('devenv CLI against the local server (end to end)', () => {
  it('creates, lists, gets, extends and destroys an environment', { timeout: 60_000 }, async () => {
    const create = await devenv('create', 'demo-42', '--app', 'web', '--image', 'web=repo/web:3f2a1c9', '--env', 'web.LOG_LEVEL=debug', '--ttl', '48h', '--wait', '60');
    expect(create).toMatchObject({ code: EXIT.ok });
    expect(create.stdout).toMatch(/^created demo-42\n/);
    expect(create.stdout).toMatch(/status +running/);
    expect(create.stderr).toMatch(/demo-42: creating/);

    const list = await devenv('list', '--json');
    expect(list.code).toBe(EXIT.ok);
    expect(JSON.parse(list.stdout).environments).toEqual([expect.objectContaining({ name: 'demo-42', owner: 'local-admin', status: 'running' })]);

    const get = await devenv('get', 'demo-42', '--json');
    expect(get.code).toBe(EXIT.ok);
    expect(JSON.parse(get.stdout)).toMatchObject({ url: 'https://demo-42.dev.example.com', images: { web: 'repo/web:3f2a1c9' } });

    const extend = await devenv('extend', 'demo-42', '--ttl', '24h');
    expect(extend.code).toBe(EXIT.ok);
    // 48 h plus a day: extend adds to the expiry
    expect(extend.stdout).toMatch(/^demo-42 now expires in 3d /);

    const destroy = await devenv('destroy', 'demo-42');
    expect(destroy).toMatchObject({ code: EXIT.ok, stdout: 'destroyed demo-42\n' });

    const gone = await devenv('get', 'demo-42');
    expect(gone.code).toBe(EXIT.notFound);
    expect(gone.stderr).toContain('environment demo-42 does not exist');
  });
});
