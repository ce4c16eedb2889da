import { describe, expect, it } from 'vitest';
import { MAX_CONTAINERS, MAX_VARIABLES_PER_CONTAINER } from '../../src/contract/requests.js';
import { TOKENS, testApi, type TestResponse } from './fixtures.js';
import { expectProblem } from './problem-assertions.js';

/** `count` variables `V0`, `V1`, …, each set to `x`. */
function variables(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`V${index}`, 'x']));
}

/** `count` containers `c0`, `c1`, …, each given `value()`. */
function containers<T>(count: number, value: () => T): Record<string, T> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`c${index}`, value()]));
}

describe('Function: problemResponse (what is wrong with the request itself: body, query, media type, size)', () => {
  it('invalid-request: 400 listing every field with a wrong type, and nothing changes', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 42, images: { web: 7 } } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([
      { in: 'body', pointer: '#/app', detail: 'must be string, not number' },
      { in: 'body', pointer: '#/images/web', detail: 'must be string, not number' },
    ]);
    expect(api.writes()).toEqual([]);
  });

  it.each([
    ['an uppercase repository', 'Repo/Web:1'],
    ['an uppercase digest', `repo/web@sha256:${'A'.repeat(64)}`],
    ['a digest of 63 hex digits', `repo/web@sha256:${'a'.repeat(63)}`],
  ])('invalid-request: 400 for an image reference with %s, by the OCI grammar, before any cloud call', async (_case, image) => {
    const api = await testApi();
    const callsBefore = api.world.cloud.faults.calls.length;

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', images: { web: image } } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([{ in: 'body', pointer: '#/images/web', detail: expect.stringContaining('OCI image reference') }]);
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it('invalid-request: 400 naming an unknown field and the allowed ones, and nothing changes', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', image: 'repo/web:1' } }),
      'invalid-request',
      400,
    );

    expect(problem.detail).toBe('body #/image: unknown field "image"; allowed: app, ttl, images, environment');
    expect(api.writes()).toEqual([]);
  });

  it('invalid-request: 400 for a missing required field and for a missing body', async () => {
    const api = await testApi();

    const missingApp = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: {} }), 'invalid-request', 400);
    const noBody = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice }), 'invalid-request', 400);

    expect(missingApp.errors).toEqual([{ in: 'body', pointer: '#/app', detail: 'is required' }]);
    expect(noBody.detail).toContain('a JSON object is required');
  });

  it('invalid-request: 400 for a bad query parameter', async () => {
    const api = await testApi();

    const wait = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42?wait=3600', { token: TOKENS.alice, body: { app: 'web' } }),
      'invalid-request',
      400,
    );
    const status = await expectProblem(await api.call('GET', '/v1/environments?status=sleeping', { token: TOKENS.alice }), 'invalid-request', 400);

    expect(wait.errors).toEqual([{ in: 'query', pointer: '#/wait', detail: expect.stringContaining('900') }]);
    expect(status.errors).toEqual([{ in: 'query', pointer: '#/status', detail: expect.stringContaining("'running'") }]);
    expect(api.writes()).toEqual([]);
  });

  it.each([
    ['GET', '/v1/environments/demo-42?wait=60', undefined],
    ['POST', '/v1/environments/demo-42/extend?ttl=7d', { ttl: '1h' }],
    ['DELETE', '/v1/environments/demo-42?force=true', undefined],
  ] as const)('invalid-request: 400 for any query parameter on %s of one environment, which takes none, and nothing changes', async (method, path, body) => {
    const api = await testApi();
    await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: { app: 'web' } });
    const writesBefore = api.writes().length;
    const parameter = new URL(path, 'http://x').searchParams.keys().next().value;

    const problem = await expectProblem(await api.call(method, path, { token: TOKENS.alice, ...(body ? { body } : {}) }), 'invalid-request', 400);

    expect(problem.errors).toEqual([{ in: 'query', pointer: `#/${parameter}`, detail: `unknown query parameter "${parameter}"; this route takes no query parameters` }]);
    expect(api.writes().length).toBe(writesBefore);
    expect((await api.call('GET', '/v1/environments/demo-42', { token: TOKENS.alice })).status).toBe(200);
  });

  it('invalid-request: 400 naming the query parameters a route takes when one is unknown', async () => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('GET', '/v1/environments?onwer=alice', { token: TOKENS.alice }), 'invalid-request', 400);

    expect(problem.errors).toEqual([{ in: 'query', pointer: '#/onwer', detail: 'unknown query parameter "onwer"; allowed: owner, app, status' }]);
  });

  it.each([
    [`more than ${MAX_VARIABLES_PER_CONTAINER} variables for a container`, { environment: { web: variables(MAX_VARIABLES_PER_CONTAINER + 1) } }, '#/environment/web', `must have at most ${MAX_VARIABLES_PER_CONTAINER} variables`],
    [`variables for more than ${MAX_CONTAINERS} containers`, { environment: containers(MAX_CONTAINERS + 1, () => ({ A: '1' })) }, '#/environment', `must have at most ${MAX_CONTAINERS} containers`],
    [`images for more than ${MAX_CONTAINERS} containers`, { images: containers(MAX_CONTAINERS + 1, () => 'repo/web:1') }, '#/images', `must have at most ${MAX_CONTAINERS} containers`],
  ])('invalid-request: 400 for %s, before any cloud call', async (_case, fields, pointer, detail) => {
    const api = await testApi();
    const callsBefore = api.world.cloud.faults.calls.length;

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', ...fields } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([{ in: 'body', pointer, detail }]);
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it(`accepts exactly ${MAX_VARIABLES_PER_CONTAINER} variables for a container`, async () => {
    const api = await testApi();

    const res = await api.call('PUT', '/v1/environments/demo-42', {
      token: TOKENS.alice,
      body: { app: 'web', environment: { web: variables(MAX_VARIABLES_PER_CONTAINER) } },
    });

    expect(res.status).toBe(202);
  });

  it('invalid-request: 400 from the engine for what only it knows (an unknown app, a ttl above the maximum)', async () => {
    const api = await testApi();

    const app = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'nope' } }), 'invalid-request', 400);
    const ttl = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', ttl: '30d' } }),
      'invalid-request',
      400,
    );

    expect(app.detail).toContain('unknown app "nope"');
    expect(ttl.detail).toContain('longer than the maximum');
    expect(api.writes()).toEqual([]);
  });

  it.each([
    ['a ttl that is not a duration', { app: 'web', ttl: '2 days' }, '#/ttl'],
    ['an image that is not an image reference', { app: 'web', images: { web: 'repo/web:1 --privileged' } }, '#/images/web'],
    ['a variable name that is not one', { app: 'web', environment: { web: { 'LOG-LEVEL': 'debug' } } }, '#/environment/web/LOG-LEVEL'],
  ])('invalid-request: 400 pointing at %s, checked by the schema the OpenAPI document shows', async (_case, body, pointer) => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body }), 'invalid-request', 400);

    expect(problem.errors).toEqual([expect.objectContaining({ in: 'body', pointer })]);
    expect(api.writes()).toEqual([]);
  });

  it('invalid-request: 400 for labels in the body, which only the server sets', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', labels: { repository: 'acme/web' } } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/labels', detail: expect.stringContaining('unknown field "labels"') })]);
  });

  it.each(['Application/JSON', 'application/vnd.x2+json', 'APPLICATION/JSON; charset=UTF-8'])(
    'invalid-request: 400 for an unknown field in an extend body sent as %s, and the expiry stays',
    async (contentType) => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });
      const writesBefore = api.writes().length;

      const problem = await expectProblem(
        await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice, body: '{"ttl":"1h","forever":true}', headers: { 'content-type': contentType } }),
        'invalid-request',
        400,
      );

      expect(problem.errors).toEqual([expect.objectContaining({ pointer: '#/forever' })]);
      expect(api.writes().length).toBe(writesBefore);
    },
  );

  it('invalid-request: 400 for a wrong type in an extend body sent as Application/JSON', async () => {
    const api = await testApi();
    await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });

    const problem = await expectProblem(
      await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice, body: '{"ttl":48}', headers: { 'content-type': 'Application/JSON' } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([{ in: 'body', pointer: '#/ttl', detail: 'must be string, not number' }]);
  });

  it('malformed-json: 400 with the parser position, and nothing changes', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: '{"app": "web",' }),
      'malformed-json',
      400,
    );

    expect(problem.detail).toMatch(/^the request body is not valid JSON: /);
    expect(api.writes()).toEqual([]);
  });

  it('unsupported-media-type: 415 for a body that is not sent as JSON', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', {
        token: TOKENS.alice,
        body: 'app=web',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      'unsupported-media-type',
      415,
    );

    expect(problem.detail).toContain('Content-Type: application/json');
    expect(api.writes()).toEqual([]);
  });

  it('payload-too-large: 413 above maxBodyBytes, before the body is parsed', async () => {
    const api = await testApi({ app: { maxBodyBytes: 1024 } });
    const body = JSON.stringify({ app: 'web', environment: { web: { BIG: 'x'.repeat(2000) } } });

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body }), 'payload-too-large', 413);

    expect(problem.maxBytes).toBe(1024);
    expect(api.writes()).toEqual([]);
  });

  it('payload-too-large: 413 for a 64 KiB body by default', async () => {
    const api = await testApi();
    const body = JSON.stringify({ app: 'web', environment: { web: { BIG: 'x'.repeat(70 * 1024) } } });

    await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body }), 'payload-too-large', 413);
  });

  it('payload-too-large: 413 for a streamed body without Content-Length, and nothing changes', async () => {
    const api = await testApi({ app: { maxBodyBytes: 1024 } });
    const chunk = new TextEncoder().encode(`{"app":"web","environment":{"web":{"BIG":"${'x'.repeat(600)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.close();
      },
    });

    const request = new Request('http://localhost/v1/environments/demo-42', {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();

    await expectProblem((await api.app.request(request)) as TestResponse, 'payload-too-large', 413);
    expect(api.writes()).toEqual([]);
  });
});
