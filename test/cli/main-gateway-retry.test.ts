import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testApi } from '../http/fixtures.js';
import { cli } from './cli-harness.js';

/** A fetch whose first request with `method` gets `status` from the gateway in front of a cold Lambda; the rest reach the API. */
function hiccupOnce(api: Awaited<ReturnType<typeof testApi>>, method: string, status: number) {
  const seen: string[] = [];
  let failed = false;
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const requestMethod = init?.method ?? 'GET';
    seen.push(requestMethod);
    if (requestMethod === method && !failed) {
      failed = true;
      return Response.json({ message: status === 502 ? 'Internal server error' : 'Service Unavailable' }, { status });
    }
    return api.app.request(String(input), init);
  }) as typeof fetch;
  return { fetchImpl, seen };
}

describe('Function: main (CLI) behind a gateway', () => {
  it('creates when the gateway answers 503 once (a cold Lambda): the PUT is sent again', async () => {
    const api = await testApi({ deploymentSeconds: 20 });
    const { fetchImpl, seen } = hiccupOnce(api, 'PUT', 503);
    const run = cli(api, {}, fetchImpl);

    const code = await run.run('create', 'demo-42', '--app', 'web', '--image', 'web=repo/web:1', '--wait', '120');

    expect(run.stderr()).not.toContain('HTTP 503');
    expect(code).toBe(EXIT.ok);
    expect(seen.filter((method) => method === 'PUT')).toHaveLength(2);
  });

  it('destroys when the gateway answers 502 once: a closed pull request does not leave its environment to the TTL', async () => {
    const api = await testApi();
    const setup = cli(api);
    expect(await setup.run('create', 'demo-42', '--app', 'web')).toBe(EXIT.ok);
    const { fetchImpl } = hiccupOnce(api, 'DELETE', 502);
    const run = cli(api, {}, fetchImpl);

    expect(await run.run('destroy', 'demo-42', '--missing-ok')).toBe(EXIT.ok);
    expect(await setup.run('get', 'demo-42')).toBe(EXIT.notFound);
  });

  it('never sends a sweep run again: POST is not idempotent', async () => {
    const api = await testApi();
    const { fetchImpl, seen } = hiccupOnce(api, 'POST', 503);
    const run = cli(api, { DEVENV_TOKEN: undefined, DEVENV_URL: undefined }, fetchImpl);

    expect(await run.run('sweep', '--url', 'https://devenv.test', '--token', 'x')).toBe(EXIT.unavailable);
    expect(seen).toEqual(['POST']);
  });

  it("does not retry devenv's own answers: a 502 cloud-failure is reported at once", async () => {
    const api = await testApi();
    let puts = 0;
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        puts += 1;
        return new Response(JSON.stringify({ type: 'urn:devenv:problem:cloud-failure', title: 'AWS call failed', status: 502, detail: 'see log' }), {
          status: 502,
          headers: { 'content-type': 'application/problem+json' },
        });
      }
      return api.app.request(String(input), init);
    }) as typeof fetch;
    const run = cli(api, {}, fetchImpl);

    expect(await run.run('create', 'demo-42', '--app', 'web')).toBe(EXIT.unavailable);
    expect(puts).toBe(1);
  });
});

describe('Function: main (CLI) when the environment is busy', () => {
  /** A fetch whose first `times` PUTs are answered busy, as the API does while another call writes the environment. */
  function busyFor(api: Awaited<ReturnType<typeof testApi>>, times: number) {
    let puts = 0;
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'PUT' && (puts += 1) <= times) {
        return Response.json(
          { type: 'urn:devenv:problem:busy', title: 'Environment busy', status: 409, detail: 'demo-42 is being written by another call; try again in a minute' },
          { status: 409, headers: { 'content-type': 'application/problem+json', 'retry-after': '5' } },
        );
      }
      return api.app.request(String(input), init);
    }) as typeof fetch;
    return { fetchImpl, puts: () => puts };
  }

  it('sends a PUT answered busy again after 5 s, up to three times, and creates', async () => {
    const api = await testApi();
    const { fetchImpl, puts } = busyFor(api, 2);
    const run = cli(api, {}, fetchImpl);

    expect(await run.run('create', 'demo-42', '--app', 'web')).toBe(EXIT.ok);
    expect(puts()).toBe(3);
  });

  it('gives up after three busy answers in a row (exit 5), having tried four times', async () => {
    const api = await testApi();
    const { fetchImpl, puts } = busyFor(api, 10);
    const run = cli(api, {}, fetchImpl);

    expect(await run.run('create', 'demo-42', '--app', 'web')).toBe(EXIT.conflict);
    expect(puts()).toBe(4);
  });
});
