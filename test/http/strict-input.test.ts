import { describe, expect, it } from 'vitest';
import { TOKENS, testApi } from './fixtures.js';
import { expectProblem } from './problem-assertions.js';

/** Issue 11, point 4: what a hostile black-box run found accepted, or echoed, that must not be. */
describe('Strict input (issue 11)', () => {
  it.each([
    ['a container in images', '{"app":"web","images":{"__proto__":"repo/web:1"}}', '#/images/__proto__', '"__proto__" cannot be a container name'],
    ['a container in environment', '{"app":"web","environment":{"__proto__":{"A":"1"}}}', '#/environment/__proto__', '"__proto__" cannot be a container name'],
    ['a variable name', '{"app":"web","environment":{"web":{"__proto__":"1"}}}', '#/environment/web/__proto__', '"__proto__" cannot be a variable name'],
  ])('invalid-request: 400 for __proto__ as %s, not silently dropped, and nothing is made', async (_case, body, pointer, detail) => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body }), 'invalid-request', 400);

    expect(problem.errors).toEqual([{ in: 'body', pointer, detail }]);
    expect(api.writes()).toEqual([]);
  });

  it('invalid-request: 400 for another prototype name (constructor) as a container, with the same kind of pointer', async () => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: '{"app":"web","images":{"constructor":"repo/web:1"}}' }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([{ in: 'body', pointer: '#/images/constructor', detail: expect.stringContaining('app web has no container "constructor"') }]);
    expect(api.writes()).toEqual([]);
  });

  it.each(['0x10', '0b11', '1e1', '%201', '', '1.0', '-1', '+5'])('invalid-request: 400 for ?wait=%s: only a decimal integer is a wait', async (value) => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', `/v1/environments/demo-42?wait=${value}`, { token: TOKENS.alice, body: { app: 'web' } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([{ in: 'query', pointer: '#/wait', detail: 'must be a whole number of seconds in decimal digits, like 120' }]);
    expect(api.writes()).toEqual([]);
  });

  it('accepts ?wait= as decimal digits, leading zeros included', async () => {
    const api = await testApi();

    const res = await api.call('PUT', '/v1/environments/demo-42?wait=010', { token: TOKENS.alice, body: { app: 'web' } });

    expect(res.status).toBe(201);
  });

  it.each(['gzip', 'deflate', 'br', 'x-anything'])('unsupported-media-type: 415 for Content-Encoding: %s, and nothing changes', async (encoding) => {
    const api = await testApi();

    const problem = await expectProblem(
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' }, headers: { 'content-encoding': encoding } }),
      'unsupported-media-type',
      415,
    );

    expect(problem.detail).toContain('without Content-Encoding');
    expect(api.writes()).toEqual([]);
  });

  it.each(['application/json; charset=iso-8859-1', 'application/json;charset="utf-16"', 'application/json; CHARSET=windows-1252'])(
    'unsupported-media-type: 415 for %s, and nothing changes',
    async (contentType) => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });
      const writesBefore = api.writes().length;

      const problem = await expectProblem(
        await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice, body: { ttl: '1h' }, headers: { 'content-type': contentType } }),
        'unsupported-media-type',
        415,
      );

      expect(problem.detail).toMatch(/^send the body as UTF-8 JSON; charset ".+" is not supported$/);
      expect(api.writes().length).toBe(writesBefore);
    },
  );

  it.each(['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json; charset=utf8', 'application/json', 'application/json; x=y'])(
    'accepts %s',
    async (contentType) => {
      const api = await testApi();

      const res = await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' }, headers: { 'content-type': contentType, 'content-encoding': 'identity' } });

      expect(res.status).toBe(202);
    },
  );

  it.each([
    ['GET', undefined],
    ['PUT', { app: 'web' }],
  ])('invalid-name: a 20 KB name on %s is echoed truncated, not whole', async (method, body) => {
    const api = await testApi();
    const name = 'a'.repeat(20_000);

    const res = await api.call(method, `/v1/environments/${name}`, { token: TOKENS.alice, ...(body ? { body } : {}) });
    const text = await res.clone().text();
    const problem = await expectProblem(res, 'invalid-name', 400);

    expect(text.length).toBeLessThan(2_000);
    expect(problem.detail).toContain('is 20000 characters; at most 63 fit under dev.example.com');
    expect(problem.instance).toBe(`/v1/environments/${'a'.repeat(200 - '/v1/environments/'.length)}…`);
    expect(problem.envName).toBe(`${'a'.repeat(80)}…`);
  });

  it('invalid-request: a 20 KB unknown field or query parameter is echoed truncated', async () => {
    const api = await testApi();
    const key = 'k'.repeat(20_000);

    const body = await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', [key]: 1 } });
    const query = await api.call('GET', `/v1/environments?${key}=1`, { token: TOKENS.alice });

    for (const res of [body, query]) {
      const text = await res.clone().text();
      const problem = await expectProblem(res, 'invalid-request', 400);
      expect(text.length).toBeLessThan(2_000);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: `#/${'k'.repeat(128)}…` })]);
    }
  });

  it.each([
    ['an unknown app', { app: 'nope' }, '#/app', 'unknown app "nope"'],
    ['a ttl above the maximum', { app: 'web', ttl: '30d' }, '#/ttl', 'longer than the maximum'],
    ['a container the app does not have', { app: 'web', images: { sidecar: 'repo/x:1' } }, '#/images/sidecar', 'app web has no container "sidecar"'],
    ['variables for a container the app does not have', { app: 'web', environment: { sidecar: { A: '1' } } }, '#/environment/sidecar', 'app web has no container "sidecar"'],
  ])('invalid-request: 400 from the engine for %s carries errors[] like a schema 400', async (_case, body, pointer, detail) => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body }), 'invalid-request', 400);

    expect(problem.errors).toEqual([{ in: 'body', pointer, detail: expect.stringContaining(detail) }]);
    expect(problem.errors).toEqual([expect.objectContaining({ detail: problem.detail })]);
    expect(api.writes()).toEqual([]);
  });

  it('invalid-request: 400 from the engine for an extend ttl above the maximum points at #/ttl', async () => {
    const api = await testApi();
    await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });

    const problem = await expectProblem(
      await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice, body: { ttl: '30d' } }),
      'invalid-request',
      400,
    );

    expect(problem.errors).toEqual([{ in: 'body', pointer: '#/ttl', detail: 'ttl 30d is longer than the maximum of 7d' }]);
  });

  it('invalid-name: 400 carries errors[] pointing at the path parameter', async () => {
    const api = await testApi();

    const problem = await expectProblem(await api.call('GET', '/v1/environments/Bad_Name', { token: TOKENS.alice }), 'invalid-name', 400);

    expect(problem.errors).toEqual([{ in: 'path', pointer: '#/name', detail: problem.detail }]);
  });
});
