import { describe, expect, it } from 'vitest';
import { assertValidOwner, toTagValueCharacters } from '../../../src/core/tags.js';
import { ownedByRepository } from '../../../src/access/owners.js';
import { InvalidConfigError } from '../../../src/core/errors.js';
import { GitHubOidcVerifier, githubOwner } from '../../../src/http/auth/github-oidc.js';
import { OTHER_REPOSITORY, REPOSITORY, REPOSITORY_ID, testApi, type Signer, type TestApi, type TestResponse } from '../fixtures.js';

const LIST = '/v1/environments';

async function expectUnauthorized(res: TestResponse, detail: RegExp) {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer realm="devenv", error="invalid_token"');
  const problem = await res.json();
  expect(problem.type).toBe('urn:devenv:problem:unauthorized');
  expect(problem.detail).toMatch(detail);
}

describe('Class: GitHubOidcVerifier (through the API)', () => {
  it('accepts a token from an allowed repository and records github:<repository>@<actor> as owner', async () => {
    const api = await testApi();
    const token = await api.signer.sign();

    const res = await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } });

    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ owner: 'github:acme/web@octocat' });
  });

  it('refuses an expired token', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ expiresIn: -120 });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /expired/);
  });

  it('refuses a token that expires while a job waits: the clock, not the token, decides', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ expiresIn: 300 });
    api.world.advance(10 * 60_000);

    await expectUnauthorized(await api.call('GET', LIST, { token }), /expired/);
  });

  it('refuses a token for another audience and says which audience to request', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ audience: 'sts.amazonaws.com' });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /audience "https:\/\/devenv\.example\.com"/);
  });

  it('refuses a token that is not valid yet (nbf beyond the clock tolerance)', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ notBefore: 120 });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /"nbf" claim/);
  });

  it('refuses a token without an expiry', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ expiresIn: null });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /"exp" claim is missing/);
  });

  it("refuses HS256 signed with GitHub's public key as the secret (key confusion)", async () => {
    const api = await testApi();
    const token = await api.signer.confuse();

    await expectUnauthorized(await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } }), /RS256/);
    expect(api.writes()).toEqual([]);
  });

  it('refuses a token from another issuer', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ issuer: 'https://token.actions.evil.example' });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /not issued by GitHub Actions/);
  });

  it('refuses a forged signature: same claims and kid, signed by another key', async () => {
    const api = await testApi();
    const token = await api.signer.forge();

    await expectUnauthorized(await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } }), /signature/);
    expect(api.writes()).toEqual([]);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const api = await testApi();
    const token = api.signer.unsigned();

    await expectUnauthorized(await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } }), /RS256/);
    expect(api.writes()).toEqual([]);
  });

  it('refuses a token with a key id GitHub never published', async () => {
    const api = await testApi();
    const token = await api.signer.forge({ kid: 'attacker-key' });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /signature/);
  });

  it('refuses a token without the repository claim', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { repository: undefined } });

    await expectUnauthorized(await api.call('GET', LIST, { token }), /"repository" claim/);
  });

  it('answers 403 for a repository not on the allow-list, whatever its sub claim says', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { repository: 'evil/web', repository_id: '9', sub: `repo:${REPOSITORY}:pull_request` } });

    const res = await api.call('GET', LIST, { token });

    expect(res.status).toBe(403);
    expect((await res.json()).detail).toBe('repository evil/web is not allowed to use devenv; ask its operators to add it');
  });

  it('answers 403 when the allowed repository name comes with another repository id (re-created namesake)', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { repository_id: '999999' } });

    const res = await api.call('GET', LIST, { token });

    expect(res.status).toBe(403);
    expect((await res.json()).detail).toContain(`not the allowed ${REPOSITORY_ID}`);
  });

  it('matches repository names without regard to case, as GitHub does', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { repository: 'ACME/Web' } });

    expect((await api.call('GET', LIST, { token })).status).toBe(200);
  });

  it("refuses every allowed repository's token with another repository id: each one is pinned", async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { repository: OTHER_REPOSITORY, repository_id: '123' } });

    const res = await api.call('GET', LIST, { token });

    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(/has id 123, not the allowed 700002/);
  });

  it('refuses to start with two repositories that would share pr-<n>', () => {
    const repositories = [
      { repository: REPOSITORY, repositoryId: REPOSITORY_ID },
      { repository: OTHER_REPOSITORY, repositoryId: '700002' },
    ];

    expect(() => new GitHubOidcVerifier({ audience: 'x', repositories })).toThrow(InvalidConfigError);
    expect(() => new GitHubOidcVerifier({ audience: 'x', repositories })).toThrow(/acme\/web and acme\/api would both manage pr-<n>/);
  });

  it('refuses GitHub tokens altogether when OIDC is not configured', async () => {
    const api = await testApi({ auth: { tokens: [] } });
    const token = await api.signer.sign();

    await expectUnauthorized(await api.call('GET', LIST, { token }), /not accepted/);
  });
});

/** The three writes, on pr-42: the one environment the fixture's token (pull request 42 of acme/web) may change. */
const WRITES = [
  ['PUT', '/v1/environments/pr-42', { app: 'web', images: { web: 'repo/web:evil' } }],
  ['POST', '/v1/environments/pr-42/extend', { ttl: '7d' }],
  ['DELETE', '/v1/environments/pr-42', undefined],
] as const;

const BAD_TOKENS: [string, (signer: Signer) => string | Promise<string>, RegExp][] = [
  ['an expired token', (signer) => signer.sign({ expiresIn: -120 }), /expired/],
  ['a token for another audience', (signer) => signer.sign({ audience: 'sts.amazonaws.com' }), /audience/],
  ['a token from another issuer', (signer) => signer.sign({ issuer: 'https://token.actions.evil.example' }), /not issued by GitHub Actions/],
  ['a forged signature', (signer) => signer.forge(), /signature/],
  ["HS256 signed with GitHub's public key (key confusion)", (signer) => signer.confuse(), /RS256/],
  ['an unsigned token (alg: none)', (signer) => signer.unsigned(), /RS256/],
];

/** pr-42, created by the job it belongs to: a write that got through would change it. */
async function withPullRequestEnvironment(): Promise<TestApi> {
  const api = await testApi();
  const created = await api.call('PUT', '/v1/environments/pr-42?wait=60', { token: await api.signer.sign(), body: { app: 'web' } });
  expect(created.status).toBe(201);
  return api;
}

describe('Class: GitHubOidcVerifier (on writes)', () => {
  it.each(WRITES.flatMap(([method, path, body]) => BAD_TOKENS.map(([what, token, detail]) => [method, what, path, body, token, detail] as const)))(
    'refuses %s with %s: 401 and no write',
    async (method, _what, path, body, makeToken, detail) => {
      const api = await withPullRequestEnvironment();
      const writesBefore = api.writes().length;
      const token = await makeToken(api.signer);

      const res = await api.call(method, path, { token, ...(body ? { body } : {}) });

      await expectUnauthorized(res, detail);
      expect(api.writes().slice(writesBefore)).toEqual([]);
    },
  );

  it.each(
    WRITES.flatMap(([method, path, body]) => [
      [method, 'a repository not on the allow-list', path, body, { repository: 'evil/web', repository_id: '9' }, /evil\/web is not allowed/],
      [method, 'an allowed name with another repository id', path, body, { repository_id: '999999' }, /not the allowed 700001/],
    ] as const),
  )('refuses %s from %s: 403 and no write', async (method, _what, path, body, claims, detail) => {
    const api = await withPullRequestEnvironment();
    const writesBefore = api.writes().length;
    const token = await api.signer.sign({ claims });

    const res = await api.call(method, path, { token, ...(body ? { body } : {}) });

    expect(res.status).toBe(403);
    expect((await res.json()).detail).toMatch(detail);
    expect(api.writes().slice(writesBefore)).toEqual([]);
  });
});

describe('Function: githubOwner', () => {
  it('replaces characters the owner tag cannot hold, as in app[bot]', () => {
    expect(githubOwner('acme/web', 'dependabot[bot]')).toBe('github:acme/web@dependabot_bot_');
  });

  it('gives an owner the engine accepts whatever characters the actor has', () => {
    const everyPrintable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).join('');

    // é is one UTF-16 unit, the emoji two: each unit becomes one _.
    const owner = githubOwner('acme/web', `x${everyPrintable}é😀`);

    expect(() => assertValidOwner(owner)).not.toThrow();
    expect(owner).toBe(`github:acme/web@x${toTagValueCharacters(everyPrintable)}___`);
  });

  it('shortens the actor to fit 128 characters', () => {
    const owner = githubOwner(`acme/${'w'.repeat(100)}`, 'a'.repeat(39));

    expect(owner).toHaveLength(128);
    expect(ownedByRepository(owner, `acme/${'w'.repeat(100)}`)).toBe(true);
  });
});

describe('Function: ownedByRepository', () => {
  it('does not take acme/web-admin for acme/web', () => {
    expect(ownedByRepository('github:acme/web-admin@octocat', 'acme/web')).toBe(false);
    expect(ownedByRepository('github:acme/web@octocat', 'acme/web')).toBe(true);
  });
});
