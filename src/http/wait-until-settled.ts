import type { Engine } from '../core/engine.js';
import type { Environment } from '../core/environment.js';

export interface WaitOptions {
  engine: Pick<Engine, 'get'>;
  /** The environment as the write left it. */
  initial: Environment;
  /** How long to wait at most, in milliseconds. */
  timeoutMs: number;
  pollIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Stops early when the client has gone away. */
  signal?: AbortSignal;
}

/**
 * Polls the environment until it leaves `creating` (running, unhealthy or failed) or the time is up, and returns the
 * last state seen. Never throws for a slow environment: the caller reads `status`.
 *
 * @example
 * const environment = await waitUntilSettled({ engine, initial, timeoutMs: 120_000, pollIntervalMs: 5_000, sleep, now: Date.now });
 */
export async function waitUntilSettled({ engine, initial, timeoutMs, pollIntervalMs, sleep, now, signal }: WaitOptions): Promise<Environment> {
  const deadline = now() + timeoutMs;
  let environment = initial;
  while (environment.status === 'creating' && !signal?.aborted) {
    const remaining = deadline - now();
    if (remaining <= 0) break;
    await sleep(Math.min(pollIntervalMs, remaining));
    environment = await engine.get(initial.name);
  }
  return environment;
}
