import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { GITHUB_ACTIONS_ISSUER } from '../../../src/http/auth/github-oidc.js';
import { AUDIENCE, REPOSITORY, REPOSITORY_ID, testApi } from '../fixtures.js';

describe('Class: GitHubOidcVerifier — key selection', () => {
  it('refuses a token without "kid" with 401, not 503, when GitHub publishes several keys', async () => {
    // Prepare: GitHub publishes more than one RS256 key (during a rotation, for instance).
    const [published, rotated, attacker] = await Promise.all([1, 2, 3].map(() => generateKeyPair('RS256', { extractable: true })));
    const jwks = createLocalJWKSet({
      keys: [
        { ...(await exportJWK(published!.publicKey)), kid: 'github-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(rotated!.publicKey)), kid: 'github-2', alg: 'RS256', use: 'sig' },
      ],
    });
    const api = await testApi({ jwks });
    const issuedAt = Math.floor(api.world.now().getTime() / 1000);
    const token = await new SignJWT({ repository: REPOSITORY, repository_id: REPOSITORY_ID, actor: 'mallory', ref: 'refs/pull/42/merge', event_name: 'pull_request' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(GITHUB_ACTIONS_ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 300)
      .sign(attacker!.privateKey);

    // Act
    const res = await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } });

    // Assess
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="devenv", error="invalid_token"');
    expect((await res.json()).detail).toMatch(/kid/);
    expect(api.writes()).toEqual([]);
  });
});
