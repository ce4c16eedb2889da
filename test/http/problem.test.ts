import { errors } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { PROBLEMS, type ProblemKind } from '../../src/contract/problem-types.js';
import { TOKENS, testApi, type TestApi } from './fixtures.js';
import { expectProblem } from './problem-assertions.js';

/** Creates demo-10 … demo-(9+count) for alice and lets them finish. */
async function fill(api: TestApi, count: number) {
  for (let index = 0; index < count; index += 1) {
    await api.call('PUT', `/v1/environments/demo-${10 + index}`, { token: TOKENS.alice, body: { app: 'worker' } });
  }
}

describe('Function: problemResponse (every problem type, through the routes; request problems in problem-request.test.ts)', () => {
  it('invalid-name: 400 for a name that is not a DNS label, before any cloud call', async () => {
    const api = await testApi();
    const callsBefore = api.world.cloud.faults.calls.length;

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/PR_42', { token: TOKENS.alice, body: { app: 'web' } }), 'invalid-name', 400);

    expect(problem.detail).toContain('lowercase letters, digits and hyphens');
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it('unauthorized: 401 with a WWW-Authenticate challenge', async () => {
    const api = await testApi();

    const res = await api.call('GET', '/v1/environments');

    await expectProblem(res, 'unauthorized', 401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="devenv"');
  });

  it('policy-violation: 400 naming the rule and the refused value, before any cloud call for a reserved variable', async () => {
    const api = await testApi();
    const callsBefore = api.world.cloud.faults.calls.length;

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', environment: { web: { AWS_REGION: 'eu-west-1' } } } }),
      'policy-violation',
      400,
    );

    expect(problem.rule).toBe('reserved-variable');
    expect(problem.errors).toEqual([{ in: 'body', pointer: '#/environment/web/AWS_REGION', detail: problem.detail }]);
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it.each([
    ['an image from another registry', { images: { web: 'evil.example.com/repo/web:1' } }, 'image-repository', '#/images/web'],
    ["a variable named after one of the baseline's secrets", { environment: { web: { DB_PASSWORD: 'x' } } }, 'secret-variable', '#/environment/web/DB_PASSWORD'],
  ])('policy-violation: 400 for %s once the baseline is read, and nothing changes', async (_case, body, rule, pointer) => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', ...body } }), 'policy-violation', 400);

    expect(problem).toMatchObject({ rule, errors: [{ in: 'body', pointer }] });
    expect(api.writes()).toEqual([]);
  });

  it('forbidden: 403 when a user changes an environment someone else owns', async () => {
    const api = await testApi();
    await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });

    const problem = await expectProblem(await api.call('DELETE', '/v1/environments/demo-42', { token: TOKENS.bob }), 'forbidden', 403);

    expect(problem.detail).toContain('owned by alice');
  });

  it('not-found: 404 naming the environment', async () => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('GET', '/v1/environments/demo-7', { token: TOKENS.alice }), 'not-found', 404);

    expect(problem).toMatchObject({ detail: 'environment demo-7 does not exist', envName: 'demo-7', instance: '/v1/environments/demo-7' });
  });

  it('route-not-found: 404 for a path the API does not have', async () => {
    const api = await testApi();

    await expectProblem(await api.call('GET', '/v2/things'), 'route-not-found', 404);
  });

  it.each([
    ['POST', '/v1/environments', 'GET, HEAD'],
    ['PATCH', '/v1/environments/demo-42', 'GET, HEAD, PUT, DELETE'],
    ['GET', '/v1/environments/demo-42/extend', 'POST'],
  ])('method-not-allowed: 405 for %s %s, with Allow: %s', async (method, path, allow) => {
    const api = await testApi();

    const res = await api.call(method, path, { token: TOKENS.alice, ...(method === 'GET' ? {} : { body: { app: 'web' } }) });

    const problem = await expectProblem(res, 'method-not-allowed', 405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(problem.detail).toBe(`${method} is not allowed on ${path}; allowed: ${allow}`);
    expect(api.writes()).toEqual([]);
  });

  it('conflict: 409 when the environment exists for another app, and it is left as it was', async () => {
    const api = await testApi();
    await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });
    const writesBefore = api.writes().length;

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'api' } }), 'conflict', 409);

    expect(problem.detail).toContain('exists for app web');
    expect(api.writes().length).toBe(writesBefore);
  });

  it('busy: 409 with Retry-After when every service name of the environment is still draining', async () => {
    const api = await testApi({ config: { limits: { perOwner: 20, total: 20 } } });
    for (let round = 0; round < 10; round += 1) {
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'worker' } });
      await api.call('DELETE', '/v1/environments/demo-42', { token: TOKENS.alice });
    }

    const res = await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'worker' } });

    await expectProblem(res, 'busy', 409);
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('quota-exceeded: 429 once the owner has as many environments as allowed', async () => {
    const api = await testApi({ config: { limits: { perOwner: 2, total: 10 } } });
    await fill(api, 2);
    const writesBefore = api.writes().length;

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-99', { token: TOKENS.alice, body: { app: 'worker' } }), 'quota-exceeded', 429);

    expect(problem.detail).toMatch(/alice/);
    expect(api.writes().length).toBe(writesBefore);
    expect((await api.call('PUT', '/v1/environments/demo-99', { token: TOKENS.bob, body: { app: 'worker' } })).status).toBe(202);
  });

  it('quota-exceeded: 429 once the installation has as many environments as allowed', async () => {
    const api = await testApi({ config: { limits: { perOwner: 5, total: 2 } } });
    await fill(api, 2);

    await expectProblem(await api.call('PUT', '/v1/environments/demo-99', { token: TOKENS.bob, body: { app: 'worker' } }), 'quota-exceeded', 429);
  });

  it('unsupported-network-mode: 422 for an app in host mode whose ports may be taken', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'metrics' } }),
      'unsupported-network-mode',
      422,
    );

    expect(problem.detail).toMatch(/host/);
  });

  it('cloud-failure: 502 with a generic detail; the AWS message goes to the log only', async () => {
    const api = await testApi();
    const secret = 'User: arn:aws:iam::123456789012:role/devenv-api is not authorized to perform: ecs:CreateService';
    api.world.cloud.faults.inject({ command: 'CreateService', error: { name: 'AccessDeniedException', message: secret } });

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } }), 'cloud-failure', 502);

    expect(JSON.stringify(problem)).not.toContain('arn:aws');
    expect(problem.detail).toContain(String(problem.requestId));
    expect(api.logs.some((line) => line.includes('"level":"error"') && line.includes('not authorized'))).toBe(true);
  });

  it('internal: 500 with a generic detail for a bug, logged with its stack-free details', async () => {
    const api = await testApi();
    vi.spyOn(api.world.engine, 'list').mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'arn')"));

    const problem = await expectProblem(await api.call('GET', '/v1/environments', { token: TOKENS.alice }), 'internal', 500);

    expect(problem.detail).not.toContain('arn');
    expect(problem.detail).toMatch(/^devenv could not complete the request \(request id /);
    expect(api.logs.some((line) => line.includes('"level":"error"') && line.includes('Cannot read properties'))).toBe(true);
  });

  it('auth-unavailable: 503 with Retry-After when the key set cannot be fetched', async () => {
    const api = await testApi({
      jwks: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const token = await api.signer.sign();

    const res = await api.call('GET', '/v1/environments', { token });

    await expectProblem(res, 'auth-unavailable', 503);
    expect(res.headers.get('retry-after')).toBe('10');
  });

  it.each([
    ['a non-200 answer for the key set', () => new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response')],
    ['a timeout', () => new errors.JWKSTimeout()],
    ['a key set that is not one', () => new errors.JWKSInvalid('JSON Web Key Set malformed')],
  ])('auth-unavailable: 503, not 401, for %s', async (_case, failure) => {
    const api = await testApi({
      jwks: async () => {
        throw failure();
      },
    });

    const res = await api.call('GET', '/v1/environments', { token: await api.signer.sign() });

    await expectProblem(res, 'auth-unavailable', 503);
  });

  it('has a test, here or in problem-request.test.ts, for every problem kind it can answer', () => {
    const tested: ProblemKind[] = [
      'invalid-name',
      'invalid-request',
      'policy-violation',
      'malformed-json',
      'unsupported-media-type',
      'payload-too-large',
      'unauthorized',
      'forbidden',
      'not-found',
      'route-not-found',
      'method-not-allowed',
      'conflict',
      'busy',
      'quota-exceeded',
      'unsupported-network-mode',
      'cloud-failure',
      'internal',
      'auth-unavailable',
    ];

    expect([...tested].sort()).toEqual(Object.keys(PROBLEMS).sort());
  });
});
