import { describe, expect, it } from 'vitest';
import { simulated } from '../../support/simulated.js';

describe('Class: Engine — concurrency', () => {
  it('gives 50 concurrent creates 50 distinct rule priorities', async () => {
    const world = simulated({ config: { limits: { perOwner: 100, total: 100 }, rulePriorities: { min: 1, max: 60 } } });
    const names = Array.from({ length: 50 }, (_, index) => `pr-${index + 1}`);

    const results = await Promise.allSettled(names.map((name) => world.engine.create({ name, app: 'web', owner: 'ci' })));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const rules = (await world.inspect()).rules.filter((rule) => rule.includes('pr-'));
    const priorities = rules.map((rule) => rule.split(' ')[0]);
    expect(rules).toHaveLength(50);
    expect(new Set(priorities).size).toBe(50);
    expect(world.cloud.faults.calls.filter((call) => call.command === 'CreateRule').length).toBeGreaterThan(50);
  });

  it('ends two concurrent creates of the same name in different processes with exactly one environment, both answered', async () => {
    const world = simulated();
    const other = world.anotherEngine();
    const before = await world.inspect();

    const results = await Promise.all([
      world.engine.create({ name: 'pr-42', app: 'web', owner: 'ci', images: { web: 'repo/web:1' } }),
      other.create({ name: 'pr-42', app: 'web', owner: 'ci', images: { web: 'repo/web:1' } }),
    ]);

    expect(results.map((result) => result.outcome).sort()).toEqual(['created', 'updated']);
    const after = await world.inspect();
    expect(after.services.length - before.services.length).toBe(1);
    expect(after.targetGroups.length - before.targetGroups.length).toBe(1);
    expect(after.rules.length - before.rules.length).toBe(1);
    expect(after.records.length - before.records.length).toBe(2);
    expect(after.revisions.length - before.revisions.length).toBe(1);
  });

  it('ends two concurrent creates of an unrouted (none-mode) environment in different processes with one, created then unchanged', async () => {
    const world = simulated();
    const other = world.anotherEngine();
    const before = await world.inspect();

    const results = await Promise.all([
      world.engine.create({ name: 'pr-44', app: 'worker', owner: 'ci' }),
      other.create({ name: 'pr-44', app: 'worker', owner: 'ci' }),
    ]);

    expect(results.map((result) => result.outcome).sort()).toEqual(['created', 'unchanged']);
    const after = await world.inspect();
    expect(after.services.length - before.services.length).toBe(1);
  });

  it('serialises concurrent creates of the same name in one process into create then no-op', async () => {
    const world = simulated();

    const [first, second] = await Promise.all([
      world.engine.create({ name: 'pr-43', app: 'web', owner: 'ci' }),
      world.engine.create({ name: 'pr-43', app: 'web', owner: 'ci' }),
    ]);

    expect([first.outcome, second.outcome]).toEqual(['created', 'unchanged']);
  });
});
