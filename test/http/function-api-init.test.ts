import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloudError } from '../../src/core/errors.js';
import { hashToken } from '../../src/http/auth/static-tokens.js';
import { httpApiEvent as event, LAMBDA_DEVENV_CONFIG, lambdaContext } from '../support/lambda.js';

const TOKEN = 'devenv_function_test_token';
const context = lambdaContext();


beforeEach(() => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('LOG_LEVEL', 'error');
  vi.stubEnv('DEVENV_CONFIG_FILE', '');
  vi.stubEnv('DEVENV_CONFIG', LAMBDA_DEVENV_CONFIG);
  vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-locks');
  vi.stubEnv('DEVENV_API_TOKENS', '');
  vi.stubEnv('DEVENV_SECRETS_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:devenv-AbCdEf');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.doUnmock('../../src/aws/secret-values.js');
});

describe('Handler: functions/api.ts (a failed cold start)', () => {
  it('builds itself again at the next invocation when reading its secret failed once (Secrets Manager throttled or unreachable at a cold start)', async () => {
    // Prepare: the secret cannot be read at the cold start (after the SDK's own retries), and can be a moment later.
    const read = vi
      .fn<(secretId: string) => Promise<Record<string, string>>>()
      .mockRejectedValueOnce(new CloudError('GetSecretValue', 'could not read secret devenv: ThrottlingException'))
      .mockResolvedValue({ DEVENV_API_TOKENS: JSON.stringify([{ sha256: hashToken(TOKEN), owner: 'alice', role: 'user' }]) });
    vi.doMock('../../src/aws/secret-values.js', () => ({ readSecretValues: read }));
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    vi.resetModules();
    const { handler } = await import('../../functions/api.js');
    const call = async () => (await handler(event('GET', '/healthz'), context)) as Exclude<APIGatewayProxyResultV2, string> & { statusCode: number };

    // Act
    const first = await call().then(
      () => 'answered',
      () => 'failed',
    );
    const second = await call().then(
      (res) => res.statusCode,
      () => 'failed',
    );

    // Assess: the cold start's failed build is forgotten, so the first invocation builds again; the instance never fails
    // every invocation until Lambda recycles it.
    expect(first).toBe('answered');
    expect(second).toBe(200);
    expect(written.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ level: 'error', message: 'api init failed' }));
  });
});
