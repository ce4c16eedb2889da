import { nextPollInterval } from '../contract/polling.js';
import type { Engine } from '../core/engine.js';
import type { Environment } from '../core/environment.js';
import type { Logger } from '../observability/logger.js';

export interface WaitOptions {
  engine: Pick<Engine, 'get'>;
  /** The environment as the write left it. */
  initial: Environment;
  /** How long to wait at most, in milliseconds. */
  timeoutMs: number;
  /** The wait before the first poll; each later wait grows as `nextPollInterval` says (contract/polling.ts). */
  pollIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Where a failed poll is reported. */
  logger: Pick<Logger, 'warn'>;
  /**
   * Stops early: the client has gone away, or (on Lambda) only the time to answer is left. A poll still running then is
   * not waited for: an AWS read slowed by throttling or its client timeout would otherwise hold the answer past the
   * function's timeout.
   */
  signal?: AbortSignal;
}

/**
 * Polls the environment until it leaves `creating` (running, unhealthy or failed) or the time is up, and returns the
 * last state seen. The waits between polls grow (5 s, 7.5 s, 11 s, … up to 30 s by default), so a deployment that
 * settles quickly is seen quickly while a 900-second wait costs about 33 reads, not 180. Never throws: the write is
 * done, so a slow environment or a failed poll (AWS throttling, say) is not the caller's error; it reads `status`
 * (still `creating`) and polls `GET` itself. A failed poll is logged.
 *
 * @example
 * const environment = await waitUntilSettled({ engine, initial, timeoutMs: 120_000, pollIntervalMs: 5_000, sleep, now: Date.now, logger });
 */
export async function waitUntilSettled({
  engine,
  initial,
  timeoutMs,
  pollIntervalMs,
  sleep,
  now,
  logger,
  signal,
}: WaitOptions): Promise<Environment> {
  const deadline = now() + timeoutMs;
  let environment = initial;
  let interval = pollIntervalMs;
  while (environment.status === 'creating' && !signal?.aborted) {
    const remaining = deadline - now();
    if (remaining <= 0) break;
    await sleep(Math.min(interval, remaining));
    interval = nextPollInterval(interval);
    try {
      const polled = await unlessAborted(engine.get(initial.name), signal);
      if (polled === ABORTED) break;
      environment = polled;
    } catch (error) {
      logger.warn('stopped waiting: reading the environment failed; answering with the last state seen', { envName: initial.name, error });
      break;
    }
  }
  return environment;
}

const ABORTED = Symbol('aborted');

/** `work`'s result, or `ABORTED` as soon as `signal` fires (the abandoned work's failure is then ignored). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(ABORTED);
  }
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = () => {
      work.catch(() => undefined);
      resolve(ABORTED);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
