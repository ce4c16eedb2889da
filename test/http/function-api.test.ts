import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../../src/http/auth/static-tokens.js';
import { httpApiEvent, LAMBDA_DEVENV_CONFIG, lambdaContext } from '../support/lambda.js';

const DEVENV_CONFIG = LAMBDA_DEVENV_CONFIG;
const TOKEN = 'devenv_function_test_token';

const context = lambdaContext();


type Structured = Exclude<APIGatewayProxyResultV2, string>;

async function loadHandler() {
  vi.resetModules();
  const { handler } = await import('../../functions/api.js');
  return async (event: LambdaEvent) => (await handler(event, context)) as Structured & { statusCode: number; body: string };
}

beforeEach(() => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('LOG_LEVEL', 'error');
  vi.stubEnv('DEVENV_CONFIG_FILE', '');
  vi.stubEnv('DEVENV_CONFIG', DEVENV_CONFIG);
  vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-locks');
  vi.stubEnv('DEVENV_API_TOKENS', JSON.stringify([{ sha256: hashToken(TOKEN), owner: 'alice', role: 'user' }]));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.doUnmock('../../src/local/seed.js');
});

describe('Handler: functions/api.ts', () => {
  it('answers GET /healthz and refuses an unauthenticated GET /v1/environments, from the configured environment', async () => {
    const handler = await loadHandler();

    const health = await handler(httpApiEvent('GET', '/healthz'));
    const list = await handler(httpApiEvent('GET', '/v1/environments'));

    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
    expect(list.statusCode).toBe(401);
    expect(JSON.parse(list.body)).toMatchObject({ type: 'urn:devenv:problem:unauthorized', requestId: context.awsRequestId });
  });

  it('refuses to start without DEVENV_CONFIG, logs why, and builds no simulated cloud first', async () => {
    vi.stubEnv('DEVENV_CONFIG', '');
    // The init failure is logged on stdout: kept here and checked, so a passing `npm test` prints no error line.
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const seeded = vi.fn();
    vi.doMock('../../src/local/seed.js', async (original) => ({
      ...(await original<typeof import('../../src/local/seed.js')>()),
      createSeededCloud: (...args: never[]) => {
        seeded();
        throw new Error('the simulated cloud must not be built on Lambda');
      },
    }));
    const handler = await loadHandler();

    await expect(handler(httpApiEvent('GET', '/healthz'))).rejects.toThrow(/needs DEVENV_CONFIG or DEVENV_CONFIG_FILE/);
    stdout.mockRestore();
    expect(seeded).not.toHaveBeenCalled();
    const errors = written.map((line) => JSON.parse(line)).filter((line) => line.level === 'error');
    // One line per failed build (the cold start's, then the invocation's own try): each says why.
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line).toEqual(expect.objectContaining({ message: 'api init failed', error: expect.objectContaining({ name: 'InvalidConfigError' }) }));
  });

  it('refuses to start without DEVENV_LOCK_TABLE, naming it: writes from two instances would not be serialised', async () => {
    vi.stubEnv('DEVENV_LOCK_TABLE', '');
    // The init failure's log line is kept here and checked, so a passing `npm test` prints no error line.
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const handler = await loadHandler();

    await expect(handler(httpApiEvent('GET', '/healthz'))).rejects.toThrow(/DEVENV_LOCK_TABLE is required/);
    stdout.mockRestore();
    const lines = written.map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: 'error', message: 'api init failed' }));
  });
});
