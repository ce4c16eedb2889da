/**
 * Exit codes a CI step can rely on. They only ever gain new numbers; a number never changes meaning.
 *
 * | code | meaning |
 * | ---- | ------- |
 * | 0 | done (with `--wait`: the environment is running) |
 * | 1 | the environment failed or is unhealthy (with `--wait`) |
 * | 2 | usage error, or the API refused the request as invalid (400, 413, 415, 422) |
 * | 3 | not authenticated or not allowed (401, 403, or no token to send) |
 * | 4 | no such environment (404) |
 * | 5 | conflict, or another call is busy with the environment (409): retrying later may help |
 * | 6 | quota exceeded (429) |
 * | 7 | `--wait` ran out while the environment was still creating |
 * | 8 | the API could not be reached or failed (5xx): retrying may help |
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

/** The exit code for an API error answer. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  if (status === 429) return EXIT.quota;
  if (status >= 400 && status < 500) return EXIT.usage;
  return EXIT.unavailable;
}
