import { describe, expect, it } from 'vitest';
import { sequentialRoundTrips } from '../../bench/round-trips.js';
import { documentedRateFloorSeconds } from '../../bench/rate-floor.js';
import { toRow } from '../../bench/report.js';
import { runBench } from '../../bench/run.js';
import { measureThrottledSweep } from '../../bench/throttled-sweep.js';

describe('Function: sequentialRoundTrips', () => {
  it('counts calls sent together once and calls sent after an answer each', () => {
    const calls = [
      { start: 0, end: 50 },
      { start: 1, end: 51 },
      { start: 51, end: 101 },
      { start: 101, end: 151 },
      { start: 60, end: 110 },
    ];

    expect(sequentialRoundTrips(calls)).toBe(3);
  });

  it('counts calls queued behind a concurrency limit one after another', () => {
    const limitedToOne = Array.from({ length: 5 }, (_, index) => ({ start: index * 50, end: index * 50 + 50 }));

    expect(sequentialRoundTrips(limitedToOne)).toBe(5);
    expect(sequentialRoundTrips([])).toBe(0);
  });
});

describe('Function: documentedRateFloorSeconds', () => {
  it('is zero within every burst, and the slowest bucket past it sets the floor', () => {
    const deregisters = (count: number) => Array.from({ length: count }, () => ({ service: 'ecs', command: 'DeregisterTaskDefinition' }));
    const describes = Array.from({ length: 140 }, () => ({ service: 'elbv2', command: 'DescribeTargetHealth' }));

    expect(documentedRateFloorSeconds(deregisters(20))).toBe(0);
    expect(documentedRateFloorSeconds(deregisters(25))).toBe(5); // burst 20, then 1 per second
    expect(documentedRateFloorSeconds([...deregisters(25), ...describes])).toBe(10); // ELBv2 reads: burst 40, 10 per second
  });
});

describe('Bench: the harness at tiny sizes (npm run bench)', () => {
  it('measures every operation cold and warm at each size, and a sweep that removes every expired environment', async () => {
    const { measurements } = await runBench({ sizes: [0, 3], sweepSizes: [4], latencyMs: 1, importRuns: 0, timeScale: 0, bundleDirectory: 'dist/functions' });
    const rows = measurements.map((measurement) => toRow(measurement, { seconds: documentedRateFloorSeconds, source: 'test' }));

    const operations = ['create', 'update', 'unchanged PUT', 'get', 'list', 'destroy'];
    expect(rows.filter((row) => row.operation !== 'sweep').map((row) => `${row.operation} ${row.others} ${row.engine}`)).toEqual(
      [0, 3].flatMap((others) => operations.flatMap((operation) => [`${operation} ${others} cold`, `${operation} ${others} warm`])),
    );
    for (const row of rows) {
      expect(row.calls, `${row.operation} ${row.others} ${row.engine}`).toBeGreaterThan(0);
      expect(Object.values(row.byService).reduce((sum, count) => sum + count, 0)).toBe(row.calls);
      expect(row.sequential).toBeGreaterThan(0);
      expect(row.sequential).toBeLessThanOrEqual(row.calls);
    }
    const create = rows.find((row) => row.operation === 'create' && row.others === 0 && row.engine === 'cold')!;
    expect(create.byService).toMatchObject({ ecs: expect.any(Number), elbv2: expect.any(Number), route53: expect.any(Number) });
    const sweep = rows.find((row) => row.operation === 'sweep')!;
    expect(sweep.others).toBe(4);
  });
});

describe('Bench: the throttled sweep at a tiny size', () => {
  it('removes every expired environment on a cloud that throttles like AWS, and times it on its own clock', async () => {
    // Act: 3 environments, a clock 50 times faster than real time
    const measurement = await measureThrottledSweep(3, 10, { timeScale: 50 });

    // Assess: every environment's service deleted, and the wall on the sweep's clock, not real time
    expect(measurement).toMatchObject({ operation: 'sweep', others: 3, engine: 'throttled' });
    expect(measurement.calls.filter((call) => call.command === 'DeleteService' && call.ok)).toHaveLength(3);
    expect(measurement.wallMs).toBeGreaterThanOrEqual(sequentialRoundTrips(measurement.calls) * 10 * 0.9);
  });
});
