import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { TOKENS, testApi, type TestApi } from '../http/fixtures.js';
import { cli } from './cli-harness.js';

describe('Function: main (CLI): a token in clear text', () => {
  /** The CLI against the app, recording where each request went and with which Authorization header. */
  function recording(api: TestApi, env: Record<string, string | undefined>) {
    const sent: string[] = [];
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(String(input));
      sent.push(`${url.origin} ${new Headers(init?.headers).get('authorization')}`);
      return api.app.request(`${url.pathname}${url.search}`, init);
    }) as typeof fetch;
    return { run: cli(api, env, fetchImpl), sent };
  }

  it.each(['http://devenv.example.com', 'http://10.0.0.5:8787', 'http://127.0.0.1.nip.io', 'http://localhost.example.com', 'http://[::2]'])(
    'refuses to send it over http:// to %s: exit 2 and no request at all',
    async (address) => {
      const api = await testApi();
      const { run, sent } = recording(api, { DEVENV_URL: address });

      expect(await run.run('list')).toBe(EXIT.usage);
      expect(run.stderr()).toContain('refusing to send a token in clear text');
      expect(run.stderr()).toContain('--insecure');
      expect(sent).toEqual([]);
    },
  );

  it('sends it over http:// to another host with --insecure', async () => {
    const api = await testApi();
    const { run, sent } = recording(api, { DEVENV_URL: 'http://devenv.example.com' });

    expect(await run.run('list', '--insecure')).toBe(EXIT.ok);
    expect(sent).toEqual([`http://devenv.example.com Bearer ${TOKENS.alice}`]);
  });

  it.each(['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'http://127.9.9.9', 'http://LOCALHOST', 'https://devenv.example.com'])(
    'sends it to %s without --insecure (loopback, or https)',
    async (address) => {
      const api = await testApi();
      const { run, sent } = recording(api, { DEVENV_URL: address });

      expect(await run.run('list')).toBe(EXIT.ok);
      expect(sent).toEqual([`${new URL(address).origin} Bearer ${TOKENS.alice}`]);
    },
  );

  it("refuses to send the runner's request token to an http:// token service that is not loopback", async () => {
    const api = await testApi();
    const { run, sent } = recording(api, {
      DEVENV_TOKEN: undefined,
      DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://actions.example/token?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token',
    });

    expect(await run.run('list')).toBe(EXIT.usage);
    expect(run.stderr()).toContain('ACTIONS_ID_TOKEN_REQUEST_URL');
    expect(sent).toEqual([]);
  });
});
