import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { HOUR, simulated } from '../support/simulated.js';

describe('Function: runSweep', () => {
  it('destroys expired environments and logs a summary line', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'worker', owner: 'alice', ttl: '1h' });
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({}, { write: (line) => lines.push(JSON.parse(line)) });
    world.advance(2 * HOUR);

    const report = await runSweep(world.engine, logger);

    expect(report.expired).toEqual(['pr-1']);
    expect(lines.at(-1)).toMatchObject({ message: 'sweep finished', expired: ['pr-1'], failures: 0 });
  });

  it('logs each resource it could not remove as a warning and carries on', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-2', app: 'worker', owner: 'alice', ttl: '1h' });
    world.cloud.faults.inject({ command: 'DeleteService', error: { name: 'InternalFailure', message: 'injected' }, times: Infinity });
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({}, { write: (line) => lines.push(JSON.parse(line)) });
    world.advance(2 * HOUR);

    const report = await runSweep(world.engine, logger);

    expect(report.failures).toHaveLength(1);
    expect(lines.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({ message: 'sweep could not remove a resource; the next sweep tries again', kind: 'service', reason: expect.stringContaining('injected') }),
    ]);
  });

  it('leaves the work to a sweep still running in another Lambda: changes nothing, logs why, does not fail', async () => {
    // Prepare: a scheduled run outlasts the schedule's interval (it is deleting pr-3's service)
    const world = simulated();
    await world.engine.create({ name: 'pr-3', app: 'worker', owner: 'alice', ttl: '1h' });
    world.advance(2 * HOUR);
    const held = world.cloud.faults.hold({ command: 'DeleteService' });
    const first = runSweep(world.engine, createLogger({}, { write: () => undefined }));
    await held.reached;
    const lines: Array<Record<string, unknown>> = [];
    const calls = world.cloud.faults.calls.length;

    // Act: the next scheduled run, in another Lambda
    const second = await runSweep(world.anotherEngine(), createLogger({}, { write: (line) => lines.push(JSON.parse(line)) }));
    const secondCalls = world.cloud.faults.calls.slice(calls).map((call) => call.command);
    held.release();
    const finished = await first;

    // Assess: only its try for the run's lease; the first run finishes the work
    expect(second).toMatchObject({ expired: [], removed: [], failures: [] });
    expect(secondCalls).toEqual(['PutItem']);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: expect.stringContaining('another sweep of this installation is still running') })]);
    expect(finished.expired).toEqual(['pr-3']);
  });
});
