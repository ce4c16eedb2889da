/**
 * The API's problem types (RFC 9457): the one table of kinds, with status and title, that the API answers with and
 * clients (the CLI) read answers by. Free of any library, so the CLI bundles it without pulling in the server's.
 */

/**
 * Every problem `type` is this prefix plus the kind: stable identifiers clients may switch on. A URN, not a URL: it
 * names the kind and promises no page behind it (RFC 9457 §3.1.1 allows any URI).
 */
export const PROBLEM_TYPE_PREFIX = 'urn:devenv:problem:';

export interface ProblemSpec {
  status: number;
  title: string;
}

/** The one table of problem types: status and title per kind. `docs/api.md` lists the same (a test holds it to this). */
export const PROBLEMS = {
  'invalid-name': { status: 400, title: 'Invalid environment name' },
  'invalid-request': { status: 400, title: 'Invalid request' },
  'malformed-json': { status: 400, title: 'Malformed JSON' },
  'policy-violation': { status: 400, title: 'Refused by the clone policy' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Environment not found' },
  'route-not-found': { status: 404, title: 'No such route' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  busy: { status: 409, title: 'Environment busy' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unsupported-network-mode': { status: 422, title: 'Unsupported network mode' },
  'quota-exceeded': { status: 429, title: 'Quota exceeded' },
  internal: { status: 500, title: 'Internal error' },
  'cloud-failure': { status: 502, title: 'Cloud call failed' },
  'auth-unavailable': { status: 503, title: 'Authentication unavailable' },
} as const satisfies Readonly<Record<string, ProblemSpec>>;

/** The kinds of problem the API answers with; the `type` of each is `problemType(kind)`. */
export type ProblemKind = keyof typeof PROBLEMS;

/**
 * The problem `type` URI of a kind.
 *
 * @example
 * problemType('not-found'); // 'urn:devenv:problem:not-found'
 */
export function problemType(kind: ProblemKind): string {
  return `${PROBLEM_TYPE_PREFIX}${kind}`;
}

/**
 * The kind a problem `type` names, when it is one of devenv's (clients read answers with this).
 *
 * @example
 * problemKindOf('urn:devenv:problem:busy'); // 'busy'
 * problemKindOf('about:blank'); // undefined
 */
export function problemKindOf(type: string): ProblemKind | undefined {
  if (!type.startsWith(PROBLEM_TYPE_PREFIX)) return undefined;
  const kind = type.slice(PROBLEM_TYPE_PREFIX.length);
  return Object.hasOwn(PROBLEMS, kind) ? (kind as ProblemKind) : undefined;
}
