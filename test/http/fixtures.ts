import { exportJWK, exportSPKI, generateKeyPair, SignJWT, createLocalJWKSet, type GenerateKeyPairResult, type JWTVerifyGetKey } from 'jose';
import type { DevenvConfig } from '../../src/core/config.js';
import { createApp, type AppOptions } from '../../src/http/app.js';
import { createAuthenticator } from '../../src/http/auth/authenticator.js';
import type { AuthConfig } from '../../src/http/auth/config.js';
import { GITHUB_ACTIONS_ISSUER } from '../../src/http/auth/github-oidc.js';
import { hashToken } from '../../src/http/auth/static-tokens.js';
import { createLogger } from '../../src/observability/logger.js';
import { simulated } from '../support/simulated.js';

/** Shared identities of the HTTP tests: static tokens (plaintext here, hashed in the config) and GitHub claims. */
export const TOKENS = {
  alice: 'devenv_alice_0123456789abcdef',
  bob: 'devenv_bob_0123456789abcdef',
  admin: 'devenv_admin_0123456789abcdef',
} as const;

export const AUDIENCE = 'https://devenv.example.com';
export const REPOSITORY = 'acme/web';
export const REPOSITORY_ID = '700001';
export const OTHER_REPOSITORY = 'acme/api';
export const OTHER_REPOSITORY_ID = '700002';
/** acme/api's pull requests get `api-pr-<n>`: two repositories never share `pr-<n>`. */
export const OTHER_NAME_PREFIX = 'api';

export const AUTH_CONFIG: AuthConfig = {
  tokens: [
    { sha256: hashToken(TOKENS.alice), owner: 'alice', role: 'user' },
    { sha256: hashToken(TOKENS.bob), owner: 'bob', role: 'user' },
    { sha256: hashToken(TOKENS.admin), owner: 'platform-team', role: 'admin' },
  ],
  oidc: {
    audience: AUDIENCE,
    issuer: GITHUB_ACTIONS_ISSUER,
    repositories: [
      { repository: REPOSITORY, repositoryId: REPOSITORY_ID },
      { repository: OTHER_REPOSITORY, repositoryId: OTHER_REPOSITORY_ID, namePrefix: OTHER_NAME_PREFIX },
    ],
  },
};

export interface GitHubClaims {
  repository?: string;
  repository_id?: string;
  actor?: string;
  ref?: string;
  event_name?: string;
  head_ref?: string;
  base_ref?: string;
  [claim: string]: unknown;
}

export interface SignOptions {
  claims?: GitHubClaims;
  issuer?: string;
  audience?: string;
  /** Seconds from `now`; negative for an expired token; `null` leaves `exp` out. */
  expiresIn?: number | null;
  /** Seconds from `now` before which the token is not valid (`nbf`); 5 s in the past unless told. */
  notBefore?: number;
  alg?: string;
  kid?: string;
}

export type Signer = Awaited<ReturnType<typeof createSigner>>;

let cachedKeyPairs: Promise<[GenerateKeyPairResult, GenerateKeyPairResult]> | undefined;

/** RSA key generation is slow: one pair for "GitHub" and one for a forger, shared by every test in a file. */
function keyPairs(): Promise<[GenerateKeyPairResult, GenerateKeyPairResult]> {
  cachedKeyPairs ??= Promise.all([generateKeyPair('RS256', { extractable: true }), generateKeyPair('RS256', { extractable: true })]);
  return cachedKeyPairs;
}

/**
 * A key pair standing in for GitHub's: `jwks` is what the API verifies with, `sign` makes a GitHub-shaped token
 * (pull request 42 of acme/web by octocat, from branch `feature-x` into `main`, unless told otherwise). `forge` signs
 * with another key under the same kid.
 */
export async function createSigner(now: () => Date) {
  const [key, foreign] = await keyPairs();
  const kid = 'github-test-key';
  const jwks: JWTVerifyGetKey = createLocalJWKSet({ keys: [{ ...(await exportJWK(key.publicKey)), kid, alg: 'RS256', use: 'sig' }] });

  const build = (options: SignOptions) => {
    const issuedAt = Math.floor(now().getTime() / 1000);
    const jwt = new SignJWT({
      repository: REPOSITORY,
      repository_id: REPOSITORY_ID,
      actor: 'octocat',
      ref: 'refs/pull/42/merge',
      event_name: 'pull_request',
      head_ref: 'feature-x',
      base_ref: 'main',
      sub: `repo:${REPOSITORY}:pull_request`,
      ...options.claims,
    })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? GITHUB_ACTIONS_ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt + (options.notBefore ?? -5));
    return options.expiresIn === null ? jwt : jwt.setExpirationTime(issuedAt + (options.expiresIn ?? 300));
  };

  return {
    jwks,
    sign: (options: SignOptions = {}) => build(options).sign(key.privateKey),
    /** Same header and claims, signed by a key GitHub never published. */
    forge: (options: SignOptions = {}) => build(options).sign(foreign.privateKey),
    /** Key confusion: HS256 with GitHub's *public* key (PEM, as a verifier might hold it) as the HMAC secret. */
    confuse: async (options: SignOptions = {}) =>
      build({ ...options, alg: 'HS256' }).sign(new TextEncoder().encode(await exportSPKI(key.publicKey))),
    /** An unsecured JWT (`alg: none`) with valid-looking claims. */
    unsigned: (options: SignOptions = {}) => {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({
        iss: GITHUB_ACTIONS_ISSUER,
        aud: AUDIENCE,
        iat: issuedAt,
        exp: issuedAt + 300,
        repository: REPOSITORY,
        repository_id: REPOSITORY_ID,
        actor: 'mallory',
        ref: 'refs/pull/42/merge',
        ...options.claims,
      })}.`;
    },
  };
}

/** A response whose JSON tests read freely (undici types it `unknown`). */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface TestApiOptions {
  config?: Partial<Record<keyof DevenvConfig, unknown>>;
  /** How long the simulated deployments take (0 by default: done at the first look after the create). */
  deploymentSeconds?: number;
  auth?: AuthConfig;
  jwks?: JWTVerifyGetKey;
  app?: Partial<Omit<AppOptions, 'engine' | 'authenticator'>>;
}

/**
 * The API on a seeded simulated cloud with a frozen clock: waiting moves the clock instead of sleeping, and the logs
 * are kept in `logs` (one parsed object per line) so tests can read them.
 */
export async function testApi(options: TestApiOptions = {}) {
  const world = simulated({
    ...(options.config ? { config: options.config } : {}),
    ...(options.deploymentSeconds !== undefined ? { deploymentSeconds: options.deploymentSeconds } : {}),
  });
  const signer = await createSigner(world.now);
  const logs: string[] = [];
  const logger = createLogger({ service: 'devenv-api' }, { write: (line) => logs.push(line), now: world.now });
  const authenticator = createAuthenticator({ config: options.auth ?? AUTH_CONFIG, jwks: options.jwks ?? signer.jwks, now: world.now });
  const app = createApp({
    engine: world.engine,
    authenticator,
    logger,
    pollIntervalMs: 1_000,
    sleep: async (ms) => world.advance(ms),
    now: () => world.now().getTime(),
    ...options.app,
  });

  const call = (
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };

  /**
   * Cloud calls that change something: a refused request must make none. The environment lock's own items (taken and
   * given back around every write, refused or not) are bookkeeping, not a change.
   */
  const writes = () =>
    world.cloud.faults.calls.filter((call) => call.service !== 'dynamodb' && /^(Create|Delete|Update|Register|Deregister|Change|Tag|Untag|Modify)/.test(call.command));

  return { world, app, signer, logs, call, writes };
}

export type TestApi = Awaited<ReturnType<typeof testApi>>;
