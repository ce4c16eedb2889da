/**
 * How anything that waits on an environment paces its reads (the API's `?wait=` and the CLI's `--wait`): each wait
 * 1.5 times the one before, up to 30 s. A deployment that settles in a minute is still seen within seconds of it,
 * while a long wait reads about twice a minute: every read of an environment costs several AWS calls on the account's
 * shared rate, and many CI jobs may be waiting at once.
 *
 * @example
 * nextPollInterval(5_000); // 7_500
 */
export function nextPollInterval(ms: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, Math.round(ms * POLL_BACKOFF));
}

export const POLL_BACKOFF = 1.5;
export const MAX_POLL_INTERVAL_MS = 30_000;
