import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { startSweepTimer } from '../../src/sweep/sweep-timer.js';
import { HOUR, simulated } from '../support/simulated.js';

/** Timers the test fires by hand: no wall clock, no global fakes. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let nextId = 1;
  return {
    pending,
    setTimeout: (run: () => void, ms: number) => {
      pending.set(nextId, { run, ms });
      return nextId++;
    },
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    /** Fires the one pending timer. */
    fire(): void {
      const [entry, ...others] = [...pending];
      if (!entry || others.length > 0) throw new Error(`expected one pending timer, found ${pending.size}`);
      pending.delete(entry[0]);
      entry[1].run();
    },
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function logs() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: createLogger({}, { write: (line) => lines.push(JSON.parse(line)) }) };
}

describe('Function: startSweepTimer', () => {
  it('schedules the next run only when one has finished, so runs never overlap', async () => {
    // Prepare
    const timers = manualTimers();
    const runs: Array<ReturnType<typeof deferred>> = [];
    const timer = startSweepTimer({ run: () => (runs.push(deferred()), runs.at(-1)!.promise), intervalMs: 60_000, logger: logs().logger, timers });
    expect([...timers.pending.values()].map((entry) => entry.ms)).toEqual([60_000]);

    // Act: the first run starts and takes long
    timers.fire();

    // Assess: nothing else is scheduled while it runs
    expect(runs).toHaveLength(1);
    expect(timers.pending.size).toBe(0);
    runs[0]!.resolve();
    await flush();
    expect(timers.pending.size).toBe(1);
    timers.fire();
    expect(runs).toHaveLength(2);
    runs[1]!.resolve();
    await timer.stop();
  });

  it('logs a failed run and runs again at the next interval', async () => {
    const timers = manualTimers();
    const { lines, logger } = logs();
    let calls = 0;
    const timer = startSweepTimer({
      run: async () => {
        if (++calls === 1) throw new Error('Rate exceeded');
      },
      intervalMs: 1_000,
      logger,
      timers,
    });

    timers.fire();
    await flush();
    timers.fire();
    await flush();

    expect(calls).toBe(2);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', message: 'scheduled sweep failed; the next run tries again', error: expect.objectContaining({ message: 'Rate exceeded' }) })]);
    await timer.stop();
  });

  it('stop() waits for the run under way and starts no other', async () => {
    const timers = manualTimers();
    const run = deferred();
    let finished = false;
    const timer = startSweepTimer({ run: () => run.promise.then(() => void (finished = true)), intervalMs: 1_000, logger: logs().logger, timers });
    timers.fire();

    const stopping = timer.stop();
    await flush();
    expect(finished).toBe(false);
    run.resolve();
    await stopping;

    expect(finished).toBe(true);
    expect(timers.pending.size).toBe(0);
  });

  it('stop() before any run clears the timer', async () => {
    const timers = manualTimers();
    let calls = 0;
    const timer = startSweepTimer({ run: async () => void calls++, intervalMs: 1_000, logger: logs().logger, timers });

    await timer.stop();

    expect(timers.pending.size).toBe(0);
    expect(calls).toBe(0);
  });

  it('tears down an environment once its ttl has run out, on the simulated cloud', async () => {
    // Prepare
    const world = simulated();
    await world.engine.create({ name: 'demo-1', app: 'web', owner: 'alice', ttl: '1h' });
    const timers = manualTimers();
    const { lines, logger } = logs();
    const timer = startSweepTimer({ run: () => runSweep(world.engine, logger), intervalMs: 60_000, logger, timers });

    // Act: a run before the expiry keeps it, a run after removes it
    timers.fire();
    await timer.stop();
    const kept = (await world.engine.list()).map((environment) => environment.name);
    const again = startSweepTimer({ run: () => runSweep(world.engine, logger), intervalMs: 60_000, logger, timers });
    world.advance(2 * HOUR);
    timers.fire();
    await again.stop();

    // Assess
    expect(kept).toEqual(['demo-1']);
    expect(await world.engine.list()).toEqual([]);
    expect(lines.filter((line) => line.message === 'sweep finished').map((line) => line.expired)).toEqual([[], ['demo-1']]);
  });
});
