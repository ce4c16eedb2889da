import { CloudError, isDevenvError } from '../core/errors.js';

/** How `withRetry` backs off from throttling. Every field has a default; tests inject `sleep` and `random`. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 8). */
  maxAttempts?: number;
  /** Upper bound of the first backoff (default 100 ms); it doubles with every attempt. */
  baseDelayMs?: number;
  /** No backoff is ever longer than this (default 5 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), as `Math.random` returns. */
  random?: () => number;
}

/** The names under which ECS, ELBv2 and Route 53 (and the simulated cloud) report throttling. */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'PriorRequestNotComplete',
  'RequestLimitExceeded',
]);

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
 * Runs one AWS call, retrying throttling with exponential backoff and full jitter: before retry `n` (from 0) it waits
 * `random() * min(maxDelayMs, baseDelayMs * 2^n)`. The domain errors an adapter throws from inside `call`
 * (`PriorityTakenError`, `NotFoundError`, …) pass through untouched; anything else, and throttling that outlasts the
 * last attempt, becomes a `CloudError` naming `operation`, with the original error as `cause`.
 *
 * @example
 * const out = await withRetry('ecs:ListServices', () => ecs.send(new ListServicesCommand({ cluster })));
 */
export async function withRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { maxAttempts = 8, baseDelayMs = 100, maxDelayMs = 5_000, sleep = defaultSleep, random = Math.random } = options;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (isDevenvError(error)) throw error;
      if (!isThrottlingError(error)) throw new CloudError(operation, describe(error), { cause: error });
      if (attempt >= maxAttempts) {
        throw new CloudError(operation, `still throttled after ${attempt} attempts (${describe(error)})`, { cause: error });
      }
      await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
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
