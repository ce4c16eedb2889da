import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../src/cli/client.js';
import { CredentialsError } from '../../src/cli/errors.js';
import { GITHUB_TOKEN_TIMEOUT_MS, requestGitHubOidcToken } from '../../src/cli/github-token.js';

const ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://actions.example/token?api-version=2.0', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token' };

/** A runtime that never answers: only the caller's signal ends the request. */
const hanging = ((_input: string | URL | Request, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  })) as typeof fetch;

describe('Function: requestGitHubOidcToken', () => {
  it('gives up after 10 seconds by default', () => {
    expect(GITHUB_TOKEN_TIMEOUT_MS).toBe(10_000);
  });

  it('throws UnreachableError naming the timeout when the runtime does not answer in time', async () => {
    await expect(requestGitHubOidcToken('https://devenv.example.com', ENV, hanging, { timeoutMs: 20 })).rejects.toThrow(
      new UnreachableError("could not get the job's OIDC token from GitHub Actions: no answer within 0.02 s"),
    );
  });

  it('throws UnreachableError for a 5xx answer: retrying may help', async () => {
    const failing = (async () => new Response('oops', { status: 503 })) as typeof fetch;

    await expect(requestGitHubOidcToken('https://devenv.example.com', ENV, failing)).rejects.toBeInstanceOf(UnreachableError);
  });

  it('throws CredentialsError for a refusal (4xx)', async () => {
    const refusing = (async () => new Response('no', { status: 403 })) as typeof fetch;

    await expect(requestGitHubOidcToken('https://devenv.example.com', ENV, refusing)).rejects.toThrow(
      new CredentialsError('GitHub Actions refused an OIDC token (HTTP 403)'),
    );
  });

  it('throws UnreachableError for an answer that is not JSON', async () => {
    const garbled = (async () => new Response('<html>', { status: 200 })) as typeof fetch;

    await expect(requestGitHubOidcToken('https://devenv.example.com', ENV, garbled)).rejects.toBeInstanceOf(UnreachableError);
  });
});
