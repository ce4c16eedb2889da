import { problemKindOf, type ProblemKind } from '../contract/problem-types.js';

/**
 * Exit codes a CI step can rely on. They only ever gain new numbers; a number never changes meaning.
 * An API error maps by its problem `type` (`urn:devenv:problem:<kind>`, kinds in `BY_KIND` below), never by HTTP status:
 * a proxy's 404 or API Gateway's own 429 is not devenv saying "not found" or "quota exceeded".
 *
 * | code | meaning |
 * | ---- | ------- |
 * | 0 | done (with `--wait`: the environment is running) |
 * | 1 | the environment failed or is unhealthy (with `--wait`) |
 * | 2 | usage error, or the API refused the request as invalid |
 * | 3 | not authenticated or not allowed, GitHub refused an OIDC token, or no token to send |
 * | 4 | no such environment |
 * | 5 | conflict, or another call is busy with the environment: retrying later may help for busy |
 * | 6 | quota exceeded |
 * | 7 | `--wait` ran out while the environment was still creating |
 * | 8 | the API (or GitHub's token service) could not be reached in time or failed, an error that is not devenv's, or the CLI failed unexpectedly: retrying may help |
 */
export const EXIT = {
  ok: 0,
  environmentFailed: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  conflict: 5,
  quota: 6,
  waitTimedOut: 7,
  unavailable: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every problem kind has a code: a new kind fails to compile here until it is given one. */
const BY_KIND: Readonly<Record<ProblemKind, ExitCode>> = {
  'invalid-name': EXIT.usage,
  'invalid-request': EXIT.usage,
  'policy-violation': EXIT.usage,
  'malformed-json': EXIT.usage,
  'payload-too-large': EXIT.usage,
  'unsupported-media-type': EXIT.usage,
  'unsupported-network-mode': EXIT.usage,
  unauthorized: EXIT.auth,
  forbidden: EXIT.auth,
  'not-found': EXIT.notFound,
  // No such route: the URL points at something that is not this devenv API (or a version without the route).
  'route-not-found': EXIT.unavailable,
  'method-not-allowed': EXIT.usage,
  conflict: EXIT.conflict,
  busy: EXIT.conflict,
  'quota-exceeded': EXIT.quota,
  internal: EXIT.unavailable,
  'cloud-failure': EXIT.unavailable,
  'auth-unavailable': EXIT.unavailable,
};

/**
 * The exit code for an API error answer, by its problem `type`. Anything that is not a known devenv problem type
 * (`about:blank` from a proxy, another service's type, a kind newer than this CLI) is `unavailable` (8), whatever the
 * HTTP status.
 *
 * @example
 * exitCodeForProblem({ type: 'urn:devenv:problem:not-found' }); // 4
 * exitCodeForProblem({ type: 'about:blank' }); // 8
 */
export function exitCodeForProblem({ type }: { type: string }): ExitCode {
  const kind = problemKindOf(type);
  return kind === undefined ? EXIT.unavailable : BY_KIND[kind];
}
