/**
 * Why a `fetch` got no answer, in a few words for a one-line message: `no answer within 10 s` when `signal` (the
 * request's own timeout) fired, else the system error code (`ECONNREFUSED`, `ENOTFOUND`) or the message.
 *
 * @example
 * const signal = AbortSignal.timeout(10_000);
 * try { await fetch(url, { signal }); } catch (error) { throw new Error(`cannot reach ${url}: ${describeFetchFailure(error, signal, 10_000)}`); }
 */
export function describeFetchFailure(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
