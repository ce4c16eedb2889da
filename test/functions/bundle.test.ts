import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { buildFunctions } from '../../scripts/build-functions.js';
import { hashToken } from '../../src/http/auth/static-tokens.js';
import { signSlackRequest } from '../../src/slack/signing.js';
import { LAMBDA_DEVENV_CONFIG, lambdaContext } from '../support/lambda.js';

/** What Lambda runs is the esbuild bundle, not the TypeScript: this builds it and calls the bundled handlers. */
const outdir = mkdtempSync(join(tmpdir(), 'devenv-bundle-functions-'));
const TOKEN = 'devenv_bundle_test_token';
/** Importing a 2.4 MB bundle through vitest takes 15–20 s on a loaded CI machine (2 s in plain node). */
const IMPORT_TIMEOUT_MS = 60_000;

beforeAll(async () => {
  await buildFunctions(outdir);
}, 60_000);

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(outdir, { recursive: true, force: true });
});

/** A DynamoDB endpoint on localhost that accepts every PutItem (the lease is free) and keeps each request. */
async function fakeDynamoDb(): Promise<{ url: string; requests: Array<{ target: string; body: any }>; close: () => Promise<void> }> {
  const requests: Array<{ target: string; body: any }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function httpApiEvent(path: string, headers: Record<string, string> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'devenv.example.com', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'devenv.example.com',
      domainPrefix: 'devenv',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
    },
    isBase64Encoded: false,
  };
}

describe('Bundle: dist/functions (npm run build:functions)', () => {
  it('bundles the API into one file whose handler answers a real-shaped event', async () => {
    // Prepare
    vi.stubEnv('DEVENV_CONFIG', LAMBDA_DEVENV_CONFIG);
    vi.stubEnv('DEVENV_CONFIG_FILE', '');
    vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-locks');
    vi.stubEnv('DEVENV_API_TOKENS', JSON.stringify([{ sha256: hashToken(TOKEN), owner: 'alice', role: 'user' }]));
    vi.stubEnv('LOG_LEVEL', 'error');
    const { handler } = await import(pathToFileURL(join(outdir, 'api.mjs')).href);
    const context = lambdaContext();

    // Act
    const health = await handler(httpApiEvent('/healthz'), context);
    const anonymous = await handler(httpApiEvent('/v1/environments'), context);

    // Assess
    expect(health).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    expect(anonymous).toMatchObject({ statusCode: 401 });
  }, IMPORT_TIMEOUT_MS);

  it('bundles the sweep into one file that loads and exports its handler', async () => {
    const sweep = await import(pathToFileURL(join(outdir, 'sweep.mjs')).href);

    expect(sweep.handler).toEqual(expect.any(Function));
  }, IMPORT_TIMEOUT_MS);

  it('keeps the names errors give themselves in the minified bundle (logs and problem documents show them)', async () => {
    // Prepare
    vi.stubEnv('DEVENV_CONFIG', LAMBDA_DEVENV_CONFIG);
    vi.stubEnv('DEVENV_CONFIG_FILE', '');
    vi.stubEnv('DEVENV_LOCK_TABLE', '');
    const sweep = await import(pathToFileURL(join(outdir, 'sweep.mjs')).href);

    // Act
    const failed = await sweep.handler({}, lambdaContext()).catch((caught: unknown) => caught);

    // Assess
    expect(failed).toMatchObject({ name: 'InvalidConfigError', code: 'invalid_config' });
  }, IMPORT_TIMEOUT_MS);

  it('logs an error with its stack at the TypeScript source, from the map beside the bundle, without Node\'s source-map flag', () => {
    // A fresh process, as a cold Lambda: the API's init fails (no lock table) and says where.
    const { LOG_LEVEL: _level, DEVENV_LOCK_TABLE: _table, NODE_OPTIONS: _options, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(outdir, 'api.mjs')).href)})`], {
      env: { ...env, DEVENV_CONFIG: LAMBDA_DEVENV_CONFIG, DEVENV_CONFIG_FILE: '', DEVENV_API_TOKENS: JSON.stringify([{ sha256: hashToken(TOKEN), owner: 'alice', role: 'user' }]), AWS_REGION: 'us-east-1' },
      encoding: 'utf8',
    });
    const line = JSON.parse(run.stdout.split('\n').find((each) => each.includes('api init failed'))!);

    expect(line.error).toMatchObject({ name: 'InvalidConfigError', message: expect.stringContaining('DEVENV_LOCK_TABLE') });
    expect(line.error.stack[0]).toMatch(/^at .*src\/runtime\/lock-table\.ts:\d+:\d+\)?$/);
    expect(line.error.stack.join('\n')).not.toContain('api.mjs');
  }, IMPORT_TIMEOUT_MS);

  it('bundles the Slack receiver without Bolt\'s unused receivers, and it verifies and answers a signed command', async () => {
    // Prepare
    vi.stubEnv('DEVENV_CONFIG', LAMBDA_DEVENV_CONFIG);
    vi.stubEnv('DEVENV_CONFIG_FILE', '');
    vi.stubEnv('SLACK_SIGNING_SECRET', 'bundle-test-signing-secret');
    vi.stubEnv('DEVENV_SLACK_WORKER_FUNCTION', 'devenv-slack-worker');
    vi.stubEnv('LOG_LEVEL', 'error');
    // The replay check's lock table, answered by a stand-in DynamoDB endpoint that records what it is asked.
    const lockTable = await fakeDynamoDb();
    vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-locks');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', lockTable.url);
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    onTestFinished(() => lockTable.close());
    const { handler } = await import(pathToFileURL(join(outdir, 'slack.mjs')).href);
    const body = new URLSearchParams({ command: '/devenv', text: 'help', team_id: 'T0TEAM', user_id: 'U0ALICE', response_url: 'https://hooks.slack.com/x' }).toString();
    const slackEvent = (secret: string) => ({
      ...httpApiEvent('/slack/events'),
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(secret, body, Math.floor(Date.now() / 1000)) },
    });

    // Act
    const help = await handler(slackEvent('bundle-test-signing-secret'));
    const forged = await handler(slackEvent('another-secret'));

    // Assess
    expect(help).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(help.body).text).toContain('/devenv create <name>');
    expect(forged).toMatchObject({ statusCode: 401 });
    // One lease write, for the genuine request only (the forged one is refused before the replay check).
    expect(lockTable.requests.map(({ target, body }) => ({ target, table: body.TableName, key: body.Item.pk.S.replace(/[0-9a-f]{64}$/, '<sha256>') }))).toEqual([
      { target: 'DynamoDB_20120810.PutItem', table: 'devenv-locks', key: 'slack-replay#<sha256>' },
    ]);
    // Bolt with its HTTP, Express and Socket Mode receivers bundles to about 2 MB.
    expect(statSync(join(outdir, 'slack.mjs')).size).toBeLessThan(1_000_000);
  }, IMPORT_TIMEOUT_MS);

  it('bundles the Slack worker into one file that loads and exports its handler', async () => {
    const worker = await import(pathToFileURL(join(outdir, 'slack-worker.mjs')).href);

    expect(worker.handler).toEqual(expect.any(Function));
  }, IMPORT_TIMEOUT_MS);
});
