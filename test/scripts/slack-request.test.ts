import { afterEach, describe, expect, it } from 'vitest';
import { sendSlackRequest } from '../../scripts/slack-request.js';
import { startLocalServer, type LocalServer } from '../../src/http/local-server.js';
import { createLocalEngine } from '../../src/runtime/engine.js';
import { startLocalSlack } from '../../src/runtime/local-slack.js';
import { quietLogger } from '../slack/fixtures.js';

const SECRET = 'local-script-test-signing-secret';
let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer() {
  const { engine } = createLocalEngine({ deploymentSeconds: 0 });
  const logger = quietLogger();
  const slack = await startLocalSlack({ engine, env: { SLACK_SIGNING_SECRET: SECRET }, logger, print: () => undefined, worker: { pollIntervalMs: 20 } });
  server = await startLocalServer({ engine, port: 0, logger, print: () => undefined, routes: slack.routes, onClose: slack.close });
  return { url: server.url, engine };
}

describe('Script: scripts/slack-request.ts against the local server', () => {
  it('sends a signed command and a signed click, and prints the acknowledgement and every response_url post', async () => {
    // Prepare
    const { url, engine } = await startServer();
    const printed: string[] = [];
    const options = { url, signingSecret: SECRET, print: (line: string) => printed.push(line), sleep: () => new Promise<void>((resolve) => setTimeout(resolve, 20)) };

    // Act
    const create = await sendSlackRequest({ ...options, kind: 'command', text: 'create demo web' });
    const created = await engine.get('demo');
    const destroy = await sendSlackRequest({ ...options, kind: 'click', text: 'destroy', environment: 'demo' });

    // Assess
    expect(create.status).toBe(200);
    expect(create.ack?.text).toContain('Creating *demo*');
    expect(create.posts.at(-1)?.text).toContain('*demo* created and healthy');
    expect(created).toMatchObject({ owner: 'slack:T0LOCAL/U0LOCAL', status: 'running' });
    expect(destroy.posts.at(-1)?.text).toContain('Destroyed *demo*');
    expect(printed).toContain('→ /devenv create demo web');
    expect(printed.some((line) => line.startsWith('⇢ response_url: :white_check_mark: *demo* created and healthy') && line.includes('[Open] [Extend 8h] [Destroy]'))).toBe(true);
  });

  it('prints the refusal of a request signed with another secret', async () => {
    const { url } = await startServer();
    const printed: string[] = [];

    const result = await sendSlackRequest({ url, signingSecret: 'not-the-secret', kind: 'command', text: 'help', print: (line) => printed.push(line) });

    expect(result.status).toBe(401);
    expect(printed).toEqual(['→ /devenv help', '← 401']);
  });
});
