import type { Logger } from '../observability/logger.js';

export interface SweepTimerOptions {
  /** One sweep; its result is the caller's (it logs what it did). */
  run: () => Promise<unknown>;
  /** Time from the end of one run to the start of the next. */
  intervalMs: number;
  logger: Pick<Logger, 'error'>;
  /** Injected in tests; the platform's timers otherwise. */
  timers?: { setTimeout: (run: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void };
}

export interface SweepTimer {
  /** No run starts after this; resolves once a run under way has finished. */
  stop(): Promise<void>;
}

const platformTimers = {
  setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs the sweep every `intervalMs` for the local server, so TTL teardown can be watched on the simulated cloud. Runs
 * never overlap: the next is scheduled when one ends. A failed run is logged and the next one tries again; the run under
 * way is always held, so `stop()` can wait for it and nothing is left floating.
 *
 * @example
 * const timer = startSweepTimer({ run: () => runSweep(engine, logger), intervalMs: 60_000, logger });
 * process.once('SIGTERM', () => void timer.stop().then(() => server.close()));
 */
export function startSweepTimer({ run, intervalMs, logger, timers = platformTimers }: SweepTimerOptions): SweepTimer {
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> | undefined;

  const tick = () => {
    handle = undefined;
    running = run()
      .then(
        () => undefined,
        (error: unknown) => logger.error('scheduled sweep failed; the next run tries again', { error }),
      )
      .finally(() => {
        running = undefined;
        schedule();
      });
  };
  const schedule = () => {
    if (!stopped) handle = timers.setTimeout(tick, intervalMs);
  };

  schedule();
  return {
    async stop() {
      stopped = true;
      if (handle !== undefined) timers.clearTimeout(handle);
      handle = undefined;
      await running;
    },
  };
}
