import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, UnreachableError } from '../../src/cli/client.js';

/** An API that answers after `delayMs`, unless the request is aborted first. */
function slowApi(delayMs: number, seen: string[] = []) {
  return ((input: string | URL | Request, init?: RequestInit) => {
    seen.push(String(input));
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => resolve(Response.json({ name: 'demo-1', status: 'running', outcome: 'created', calls: [] })), delayMs);
      init?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      });
    });
  }) as typeof fetch;
}

describe('Class: ApiClient', () => {
  describe('Method: put', () => {
    it('times out after timeoutMs without a server-side wait', async () => {
      const client = new ApiClient({ baseUrl: 'https://devenv.test', token: 't', timeoutMs: 20, fetch: slowApi(200) });

      await expect(client.put('demo-1', { app: 'web' })).rejects.toBeInstanceOf(UnreachableError);
    });

    it('says how long it waited when it times out', async () => {
      const client = new ApiClient({ baseUrl: 'https://devenv.test', token: 't', timeoutMs: 20, fetch: slowApi(200) });

      await expect(client.put('demo-1', { app: 'web' })).rejects.toThrow('cannot reach https://devenv.test: no answer within 0.02 s');
    });

    it('sends ?wait and allows that wait on top of timeoutMs, so the request outlives the wait it asks for', async () => {
      const seen: string[] = [];
      const client = new ApiClient({ baseUrl: 'https://devenv.test', token: 't', timeoutMs: 20, fetch: slowApi(200, seen) });

      await expect(client.put('demo-1', { app: 'web' }, { waitSeconds: 1 })).resolves.toMatchObject({ status: 'running' });
      expect(seen).toEqual(['https://devenv.test/v1/environments/demo-1?wait=1']);
    });
  });

  describe('Method: get', () => {
    it('throws UnreachableError for a 2xx answer that is not JSON (a sign-in page in front of the API)', async () => {
      const page = (async () => new Response('<html>sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } })) as typeof fetch;
      const client = new ApiClient({ baseUrl: 'https://devenv.test', token: 't', fetch: page });

      await expect(client.get('demo-1')).rejects.toThrow(new UnreachableError('https://devenv.test answered HTTP 200 with something that is not JSON: is it the devenv API?'));
    });

    it.each([
      ['a devenv problem', Response.json({ type: 'urn:devenv:problem:not-found', title: 'Environment not found', detail: 'x', status: 404 }, { status: 404 }), 'not-found'],
      ["a proxy's page", new Response('<html>404</html>', { status: 404 }), undefined],
    ])('throws ApiError with the problem kind of %s', async (_case, response, kind) => {
      const client = new ApiClient({ baseUrl: 'https://devenv.test', token: 't', fetch: (async () => response) as typeof fetch });

      const error = await client.get('demo-1').catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 404, kind });
    });
  });
});
