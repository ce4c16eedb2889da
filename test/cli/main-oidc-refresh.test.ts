import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testApi } from '../http/fixtures.js';
import { cli } from './cli-harness.js';

const GITHUB_ENV = {
  DEVENV_TOKEN: undefined,
  DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://actions.example/token?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token',
};

describe('Function: main (CLI) in GitHub Actions', () => {
  it('keeps waiting when the job OIDC token expires mid-wait: asks the runner for a fresh one on 401', async () => {
    // Prepare: GitHub's OIDC tokens live 5 minutes; this deployment takes 7 (the example workflow waits up to 10)
    const api = await testApi({ deploymentSeconds: 420 });
    let issued = 0;
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      if (url.startsWith('https://actions.example/')) {
        issued += 1;
        return Response.json({ value: await api.signer.sign({ expiresIn: 300 }) });
      }
      return api.app.request(url, init);
    }) as typeof fetch;
    const run = cli(api, GITHUB_ENV, fetchImpl);

    // Act
    const code = await run.run('create', 'pr-42', '--app', 'web', '--image', 'web=repo/web:1', '--wait', '10m');

    // Assess
    expect(run.stderr()).not.toContain('401');
    expect(code).toBe(EXIT.ok);
    expect(issued).toBe(2);
  });

  it('does not loop on a 401 that a fresh token does not cure: exit 3 after one more try', async () => {
    const api = await testApi();
    let issued = 0;
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      if (url.startsWith('https://actions.example/')) {
        issued += 1;
        return Response.json({ value: await api.signer.sign({ audience: 'https://someone-else.example.com' }) });
      }
      return api.app.request(url, init);
    }) as typeof fetch;
    const run = cli(api, GITHUB_ENV, fetchImpl);

    expect(await run.run('list')).toBe(EXIT.auth);
    expect(issued).toBe(2);
  });
});
