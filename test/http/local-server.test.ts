import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/http/local-server.js';
import { createLocalEngine } from '../../src/runtime/engine.js';
import { createLogger } from '../../src/observability/logger.js';
import { AUTH_CONFIG, TOKENS } from './fixtures.js';

const silent = createLogger({}, { write: () => undefined });
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Function: startLocalServer', () => {
  it('listens on a free port, prints the address and an admin token that works', async () => {
    const printed: string[] = [];
    const { engine } = createLocalEngine({ deploymentSeconds: 0 });

    server = await startLocalServer({ engine, port: 0, generateAdminToken: true, mode: 'simulated', logger: silent, print: (line) => printed.push(line) });
    const res = await fetch(`${server.url}/v1/environments/demo-1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ app: 'web' }),
    });

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:8787$/);
    expect(server.adminToken).toMatch(/^devenv_[A-Za-z0-9_-]{43}$/);
    expect(printed.join('\n')).toContain(server.url);
    expect(printed.filter((line) => line.includes(server!.adminToken!))).toHaveLength(1);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ owner: 'local-admin' });
  });

  it('prints a loopback address when it listens on every interface (HOST=0.0.0.0), one the CLI accepts', async () => {
    const { engine } = createLocalEngine({ deploymentSeconds: 0 });

    server = await startLocalServer({ engine, port: 0, hostname: '0.0.0.0', generateAdminToken: true, logger: silent, print: () => undefined });
    const res = await fetch(`${server.url}/healthz`);

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(res.status).toBe(200);
  });

  it('prints the notes it is given under the first banner line', async () => {
    const printed: string[] = [];
    const { engine } = createLocalEngine({ deploymentSeconds: 0 });

    server = await startLocalServer({ engine, port: 0, mode: 'simulated', notes: ['sweep: every 60 s'], logger: silent, print: (line) => printed.push(line) });

    expect(printed).toEqual([expect.stringContaining(`devenv API on ${server.url}`), '  sweep: every 60 s']);
  });

  it('prints no token and accepts only configured ones when not asked to generate one', async () => {
    const printed: string[] = [];
    const { engine } = createLocalEngine({ deploymentSeconds: 0 });

    server = await startLocalServer({ engine, port: 0, authConfig: AUTH_CONFIG, mode: 'aws', logger: silent, print: (line) => printed.push(line) });

    expect(server.adminToken).toBeUndefined();
    expect(printed.join('\n')).not.toContain('devenv_');
    expect((await fetch(`${server.url}/v1/environments`, { headers: { authorization: `Bearer ${TOKENS.bob}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/environments`)).status).toBe(401);
  });

  it('stops listening on close', async () => {
    const { engine } = createLocalEngine({ deploymentSeconds: 0 });
    const started = await startLocalServer({ engine, port: 0, logger: silent, print: () => undefined });

    await fetch(`${started.url}/healthz`);
    await started.close();

    await expect(fetch(`${started.url}/healthz`)).rejects.toThrow();
  });
});
