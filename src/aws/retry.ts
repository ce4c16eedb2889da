import { CloudError, isDevenvError } from '../core/errors.js';

/** How `withRetry` backs off from throttling. Every field has a default; tests inject `sleep` and `random`. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4): the most requests one call ever sends. */
  maxAttempts?: number;
  /** Upper bound of the first backoff (default 200 ms); it doubles with every attempt. */
  baseDelayMs?: number;
  /** No backoff is ever longer than this (default 10 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), as `Math.random` returns. */
  random?: () => number;
}

/**
 * The names under which ECS, ELBv2 and Route 53 (and the simulated cloud) report throttling, and DynamoDB a table or
 * partition past its throughput (the lock table: `ProvisionedThroughputExceededException`, and on-demand tables past
 * their limits, `RequestLimitExceeded` / `ThrottlingException`).
 */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
]);

/**
 * devenv's only retry layer. The SDK clients are built with `maxAttempts: 1` (see `createAwsClients`), so one call
 * sends at most `maxAttempts` requests; stacking the SDK's own retries under these would multiply the two.
 */
export const DEFAULT_RETRY = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 } as const;

/**
 * Route 53's `PriorRequestNotComplete` says a change to the same records is still being applied, which takes seconds,
 * not the fraction of one a throttled call waits: its backoff starts at 1 s (up to 7 s over the default 4 attempts).
 */
const PRIOR_REQUEST_BASE_DELAY_MS = 1_000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The service's error name (`ServiceNotFoundException`, `InvalidChangeBatch`, …) of an SDK or simulated error. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name } = error as { name?: unknown };
  return typeof name === 'string' ? name : undefined;
}

/** Whether an error is AWS saying "slow down": a known throttling name, or the SDK's own throttling mark. */
export function isThrottlingError(error: unknown): boolean {
  const name = awsErrorName(error);
  if (name !== undefined && THROTTLING_NAMES.has(name)) return true;
  const retryable = (error as { $retryable?: { throttling?: boolean } } | null | undefined)?.$retryable;
  return retryable?.throttling === true;
}

/**
 * Errors that say nothing about the request itself, as the SDK's standard retry mode classifies them, except the
 * services' own `RequestTimeout` answers (4xx): the simulated cloud uses those for an answer lost after AWS acted.
 */
const TRANSIENT_NAMES: ReadonlySet<string> = new Set(['TimeoutError']);
const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/**
 * Whether an error is worth the same request again: a timeout or network failure, a 5xx answer, or an error the SDK
 * marks retryable. The SDK clients no longer retry these themselves (one attempt per send), so `withRetry` does.
 *
 * @example
 * isTransientError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })); // true
 */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata, $retryable } = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode ?? 0;
  return (status >= 500 && status <= 599) || $retryable !== undefined;
}

/**
 * Runs one AWS call, retrying throttling and transient failures (`isTransientError`) with exponential backoff and
 * full jitter: before retry `n` (from 0) it waits
 * `random() * min(maxDelayMs, baseDelayMs * 2^n)`. Full jitter spreads the retries of many callers throttled at once
 * over the whole window instead of sending them back together. The domain errors an adapter throws from inside `call`
 * (`PriorityTakenError`, `NotFoundError`, …) pass through untouched; anything else, and a retryable error that outlasts
 * the last attempt, becomes a `CloudError` naming `operation`, with the original error as `cause`.
 *
 * @example
 * const out = await withRetry('ecs:ListServices', () => ecs.send(new ListServicesCommand({ cluster })));
 */
export async function withRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    maxAttempts = DEFAULT_RETRY.maxAttempts,
    baseDelayMs = DEFAULT_RETRY.baseDelayMs,
    maxDelayMs = DEFAULT_RETRY.maxDelayMs,
    sleep = defaultSleep,
    random = Math.random,
  } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (isDevenvError(error)) throw error;
      const throttled = isThrottlingError(error);
      if (!throttled && !isTransientError(error)) throw new CloudError(operation, describe(error), { cause: error });
      if (attempt >= maxAttempts) {
        const still = throttled ? 'still throttled' : 'still failing';
        throw new CloudError(operation, `${still} after ${attempt} attempts (${describe(error)})`, { cause: error });
      }
      const base = awsErrorName(error) === 'PriorRequestNotComplete' ? Math.max(baseDelayMs, PRIOR_REQUEST_BASE_DELAY_MS) : baseDelayMs;
      await sleep(random() * Math.min(maxDelayMs, base * 2 ** (attempt - 1)));
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const name = awsErrorName(error);
    return name && name !== 'Error' && !error.message.startsWith(name) ? `${name}: ${error.message}` : error.message;
  }
  return String(error);
}
