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
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });
});
