import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GITHUB_ACTIONS_ISSUER, GitHubOidcVerifier } from '../../../src/http/auth/github-oidc.js';
import { AUDIENCE, REPOSITORY, REPOSITORY_ID } from '../fixtures.js';

const MINUTE = 60_000;

/** GitHub's key set endpoint: it answers until `down()`, then fails as an unreachable host does. */
async function keySetEndpoint() {
  const key = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'github-1', alg: 'RS256', use: 'sig' }] };
  let reachable = true;
  const fetches = vi.fn(async () => {
    if (!reachable) throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }) });
    return new Response(JSON.stringify(jwks), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  const sign = () => {
    const issuedAt = Math.floor(Date.now() / 1000);
    return new SignJWT({ repository: REPOSITORY, repository_id: REPOSITORY_ID, actor: 'octocat', ref: 'refs/pull/42/merge', event_name: 'pull_request' })
      .setProtectedHeader({ alg: 'RS256', kid: 'github-1', typ: 'JWT' })
      .setIssuer(GITHUB_ACTIONS_ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 300)
      .sign(key.privateKey);
  };
  return { fetches, sign, down: () => (reachable = false) };
}

describe('Class: GitHubOidcVerifier — refreshing GitHub\'s key set', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('still verifies with the keys it has when refreshing them fails (GitHub or the network briefly down), on a warm instance', async () => {
    // Prepare: a warm instance fetched the keys; 11 minutes later (past jose's 10-minute cache) the endpoint is down.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const endpoint = await keySetEndpoint();
    const verifier = new GitHubOidcVerifier({
      audience: AUDIENCE,
      repositories: [{ repository: REPOSITORY, repositoryId: REPOSITORY_ID }],
      fetchKeys: endpoint.fetches as unknown as typeof fetch,
    });
    await verifier.verify(await endpoint.sign());
    vi.setSystemTime(new Date(Date.now() + 11 * MINUTE));
    endpoint.down();

    // Act
    const principal = await verifier.verify(await endpoint.sign());

    // Assess
    expect(principal).toMatchObject({ kind: 'github', repository: REPOSITORY, pullRequest: 42 });
    expect(endpoint.fetches).toHaveBeenCalledTimes(2);
  });

  it('answers auth-unavailable when it never had the keys', async () => {
    // Prepare
    const endpoint = await keySetEndpoint();
    endpoint.down();
    const verifier = new GitHubOidcVerifier({
      audience: AUDIENCE,
      repositories: [{ repository: REPOSITORY, repositoryId: REPOSITORY_ID }],
      fetchKeys: endpoint.fetches as unknown as typeof fetch,
    });

    // Act / Assess
    await expect(verifier.verify(await endpoint.sign())).rejects.toMatchObject({ name: 'AuthUnavailableError' });
  });
});
