import {
  createLocalJWKSet,
  createRemoteJWKSet,
  customFetch,
  errors,
  jwksCache,
  jwtVerify,
  type ExportedJWKSCache,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { ForbiddenError, InvalidConfigError } from '../../core/errors.js';
import { MAX_OWNER_LENGTH, toTagValueCharacters } from '../../core/tags.js';
import { AuthUnavailableError, UnauthorizedError } from '../errors.js';
import type { GitHubPrincipal } from '../../access/principal.js';
import { REPOSITORY_PATTERN } from './repository.js';

export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/** A repository allowed to call devenv from GitHub Actions, pinned by id: a re-created namesake is refused. */
export interface AllowedRepository {
  repository: string;
  repositoryId: string;
  /** Its pull requests' environments are `<namePrefix>-pr-<n>`; without one, `pr-<n>`. */
  namePrefix?: string;
}

/**
 * Why two allowed repositories could reach each other's environments, if they could: the same name or id twice, or
 * the same environment names (the same prefix, or more than one without a prefix, which would share `pr-<n>`).
 */
export function pullRequestNameClash(repositories: readonly AllowedRepository[]): string | undefined {
  const seen = { names: new Set<string>(), ids: new Set<string>(), prefixes: new Map<string, string>() };
  for (const { repository, repositoryId, namePrefix } of repositories) {
    const name = repository.toLowerCase();
    if (seen.names.has(name)) return `${repository} is listed twice`;
    if (seen.ids.has(repositoryId)) return `repository id ${repositoryId} is listed twice`;
    const names = namePrefix === undefined ? 'pr-<n>' : `${namePrefix}-pr-<n>`;
    const holder = seen.prefixes.get(names);
    if (holder !== undefined) {
      return `${holder} and ${repository} would both manage ${names}: give each repository its own prefix (owner/name#<id>=<prefix>)`;
    }
    seen.names.add(name);
    seen.ids.add(repositoryId);
    seen.prefixes.set(names, repository);
  }
  return undefined;
}

export interface GitHubOidcOptions {
  /** The audience the workflow requests its token for (`core.getIDToken(audience)`). */
  audience: string;
  repositories: readonly AllowedRepository[];
  /** GitHub's issuer unless GitHub Enterprise uses its own. */
  issuer?: string;
  /** The key set; GitHub's published one (fetched and cached by `jose`) unless a test passes a local one. */
  jwks?: JWTVerifyGetKey;
  /** Frozen clocks in tests. */
  now?: () => Date;
  /** How GitHub's key set is fetched (`fetch` unless a test stands in for GitHub). */
  fetchKeys?: typeof fetch;
}

/** Pull request workflows run on this ref; it binds a token to one pull request (see docs/api.md). */
const PULL_REQUEST_REF = /^refs\/pull\/([1-9]\d{0,9})\/merge$/;
const CLOCK_TOLERANCE_SECONDS = 30;

interface GitHubClaims extends JWTPayload {
  repository?: unknown;
  repository_id?: unknown;
  actor?: unknown;
  ref?: unknown;
  event_name?: unknown;
  base_ref?: unknown;
  head_ref?: unknown;
}

/**
 * jose's errors that say the key set could not be had (not that the token is bad): a generic `JOSEError` is what it
 * throws for a non-200 answer or unparsable JSON from the key set URL.
 */
const KEY_SET_UNAVAILABLE: ReadonlySet<string> = new Set([
  errors.JOSEError.code,
  errors.JWKSTimeout.code,
  errors.JWKSInvalid.code,
  errors.JWKInvalid.code,
]);

function keySetUnavailable(error: unknown): boolean {
  return !(error instanceof errors.JOSEError) || KEY_SET_UNAVAILABLE.has(error.code);
}

/**
 * GitHub's key set, fetched and cached by `jose` (refreshed after 10 minutes, or for an unknown `kid` at most every
 * 30 s). When a refresh fails, the keys fetched before still verify what they signed: a warm instance does not answer
 * 503 to every job because GitHub's endpoint (or the way to it) failed for a moment.
 */
function githubKeySet(url: URL, fetchKeys: typeof fetch | undefined): JWTVerifyGetKey {
  const cache: Partial<ExportedJWKSCache> = {};
  const remote = createRemoteJWKSet(url, {
    [jwksCache]: cache as ExportedJWKSCache | Record<string, never>,
    ...(fetchKeys ? { [customFetch]: fetchKeys } : {}),
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (cache.jwks === undefined || !keySetUnavailable(error)) throw error;
      return createLocalJWKSet(cache.jwks)(header, token);
    }
  };
}

/**
 * Verifies GitHub Actions OIDC tokens: RS256 signature against GitHub's key set, issuer, audience, expiry, and the
 * repository (by the `repository` and `repository_id` claims, never by parsing `sub`) against the allow-list.
 *
 * @example
 * const verifier = new GitHubOidcVerifier({ audience: 'https://devenv.example.com', repositories: [{ repository: 'acme/web' }] });
 * const principal = await verifier.verify(token); // { kind: 'github', owner: 'github:acme/web@octocat', pullRequest: 42, … }
 */
export class GitHubOidcVerifier {
  readonly #audience: string;
  readonly #issuer: string;
  readonly #repositories: Map<string, AllowedRepository>;
  readonly #jwks: JWTVerifyGetKey;
  readonly #now: (() => Date) | undefined;

  constructor({ audience, repositories, issuer = GITHUB_ACTIONS_ISSUER, jwks, now, fetchKeys }: GitHubOidcOptions) {
    this.#audience = audience;
    this.#issuer = issuer;
    const clash = pullRequestNameClash(repositories);
    if (clash) throw new InvalidConfigError(`GitHub OIDC repositories: ${clash}`);
    this.#repositories = new Map(repositories.map((allowed) => [allowed.repository.toLowerCase(), allowed]));
    this.#jwks = jwks ?? githubKeySet(new URL(`${issuer.replace(/\/$/, '')}/.well-known/jwks`), fetchKeys);
    this.#now = now;
  }

  async verify(token: string): Promise<GitHubPrincipal> {
    const claims = await this.#verifySignatureAndClaims(token);
    const repository = stringClaim(claims, 'repository');
    const repositoryId = stringClaim(claims, 'repository_id');
    const actor = stringClaim(claims, 'actor');
    const ref = stringClaim(claims, 'ref');
    // GitHub repository names are case-insensitive; the claim carries the canonical spelling.
    const allowed = this.#repositories.get(repository.toLowerCase());
    if (!allowed) {
      throw new ForbiddenError(`repository ${repository} is not allowed to use devenv; ask its operators to add it`);
    }
    if (allowed.repositoryId !== repositoryId) {
      throw new ForbiddenError(
        `repository ${repository} has id ${repositoryId}, not the allowed ${allowed.repositoryId}: it was re-created or renamed`,
      );
    }
    const pullRequest = PULL_REQUEST_REF.exec(ref)?.[1];
    const headRef = typeof claims.head_ref === 'string' && claims.head_ref !== '' ? claims.head_ref : undefined;
    const eventName = typeof claims.event_name === 'string' ? claims.event_name : '';
    // On `closed` after a merge, GitHub reports the base branch as the ref (refs/heads/<base_ref>), not the merge ref.
    const closesMergedPullRequest =
      !pullRequest &&
      headRef !== undefined &&
      claims.event_name === 'pull_request' &&
      typeof claims.base_ref === 'string' &&
      claims.base_ref !== '' &&
      ref === `refs/heads/${claims.base_ref}`;
    return {
      kind: 'github',
      owner: githubOwner(repository, actor),
      repository,
      repositoryId,
      actor,
      ref,
      eventName,
      ...(allowed.namePrefix !== undefined ? { namePrefix: allowed.namePrefix } : {}),
      ...(pullRequest ? { pullRequest: Number(pullRequest) } : {}),
      ...(headRef ? { headRef } : {}),
      closesMergedPullRequest,
    };
  }

  async #verifySignatureAndClaims(token: string): Promise<GitHubClaims> {
    try {
      const { payload } = await jwtVerify<GitHubClaims>(token, this.#jwks, {
        issuer: this.#issuer,
        audience: this.#audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(this.#now ? { currentDate: this.#now() } : {}),
      });
      return payload;
    } catch (error) {
      throw this.#explain(error);
    }
  }

  #explain(error: unknown): Error {
    if (keySetUnavailable(error)) {
      return new AuthUnavailableError('could not fetch the GitHub Actions signing keys', error);
    }
    const invalid = (message: string) => new UnauthorizedError(message, { bearerError: 'invalid_token', cause: error });
    if (error instanceof errors.JWTExpired) return invalid('the GitHub OIDC token has expired; request a new one in the job');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'iss') return invalid(`the token was not issued by GitHub Actions (${this.#issuer})`);
      if (error.claim === 'aud') return invalid(`the token's audience is wrong; request it with audience "${this.#audience}"`);
      return invalid(`the token's "${error.claim}" claim is ${error.reason === 'missing' ? 'missing' : 'not valid'}`);
    }
    if (error instanceof errors.JOSEAlgNotAllowed) return invalid('the token must be signed with RS256');
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
      return invalid("the token's signature does not verify with GitHub's keys");
    }
    // GitHub's tokens name their key; one without `kid` matches every RS256 key GitHub publishes.
    if (error instanceof errors.JWKSMultipleMatchingKeys) return invalid('the token does not name its signing key (no "kid" header)');
    return invalid('the token is not a valid signed JWT');
  }
}

function stringClaim(claims: GitHubClaims, name: 'repository' | 'repository_id' | 'actor' | 'ref'): string {
  const value = claims[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new UnauthorizedError(`the token has no "${name}" claim: is it a GitHub Actions token?`, { bearerError: 'invalid_token' });
  }
  return value;
}

/** `github:<repository>@<actor>`, within the owner tag's characters and length (the actor is shortened if need be). */
export function githubOwner(repository: string, actor: string): string {
  const prefix = `github:${repository}@`;
  const room = MAX_OWNER_LENGTH - prefix.length;
  if (room < 1 || !REPOSITORY_PATTERN.test(repository)) {
    throw new ForbiddenError(`repository name ${repository.slice(0, 150)} cannot be recorded as an owner`);
  }
  return `${prefix}${toTagValueCharacters(actor).slice(0, room)}`;
}
