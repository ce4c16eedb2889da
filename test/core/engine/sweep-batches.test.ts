import { describe, expect, it } from 'vitest';
import { HOUR, simulated } from '../../support/simulated.js';

const owner = 'alice';

describe('Class: Engine — sweep in batches', () => {
  it('removes more environments than one batch holds, each lease taken once and given back, none renewed', async () => {
    // Prepare: 55 expired environments, each with a revision of its own (more than the 25 a batch locks at once)
    const world = simulated({ config: { limits: { perOwner: 100, total: 100 } } });
    for (let index = 0; index < 55; index += 1) {
      await world.engine.create({ name: `pr-${index}`, app: 'web', owner, ttl: '1h', images: { web: `repo/web:sha-${index}` } });
    }
    const before = await world.inspect();
    world.advance(2 * HOUR);
    const callsBefore = world.cloud.faults.calls.length;

    // Act
    const report = await world.engine.sweep();

    // Assess
    expect(report.expired).toHaveLength(55);
    expect(report.failures).toEqual([]);
    const after = await world.inspect();
    expect(after.services).toEqual(before.services.filter((service) => !service.includes('pr-')));
    expect(after.revisions).toHaveLength(before.revisions.length - 55);
    const calls = world.cloud.faults.calls.slice(callsBefore);
    const leasePuts = calls.filter((call) => call.command === 'PutItem' && (call.input as { Item: { owner?: unknown } }).Item.owner !== undefined);
    // One per environment, and the lease of the sweep's run itself
    expect(leasePuts).toHaveLength(55 + 1);
    // Each environment's revision is named by its service: none of the 55 removed is described
    const removed = new Set(before.revisions.filter((revision) => !after.revisions.includes(revision)));
    const described = calls.filter((call) => call.command === 'DescribeTaskDefinition').map((call) => String((call.input as { taskDefinition: string }).taskDefinition).split('/').pop()!);
    expect(removed.size).toBe(55);
    expect(described.filter((revision) => removed.has(revision))).toEqual([]);
  });

  it('still removes the revision of an expired environment whose service does not name it (made before the tag existed)', async () => {
    // Prepare
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h', images: { web: 'repo/web:sha-1' } });
    const { services } = world.cloud.invoke('ecs', 'DescribeServices', { cluster: 'dev', services: ['devenv-pr-1'] }) as { services: Array<{ serviceArn: string }> };
    world.cloud.invoke('ecs', 'UntagResource', { resourceArn: services[0]!.serviceArn, tagKeys: ['devenv:revision'] });
    const before = await world.inspect();
    world.advance(2 * HOUR);

    // Act
    const report = await world.engine.sweep();

    // Assess
    expect(report.expired).toEqual(['pr-1']);
    expect((await world.inspect()).revisions).toHaveLength(before.revisions.length - 1);
  });

  it('starts no batch after its deadline and leaves those environments, reported skipped, to the next run', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 100, total: 100 } } });
    for (let index = 0; index < 55; index += 1) await world.engine.create({ name: `pr-${index}`, app: 'web', owner, ttl: '1h' });
    world.advance(2 * HOUR);

    // Act: the deadline has passed already, so only the first batch (25) runs
    const first = await world.engine.sweep(world.now(), { deadline: world.now() });
    const next = await world.engine.sweep(world.now());

    // Assess
    expect(first.expired).toHaveLength(25);
    expect(first.skipped).toHaveLength(30);
    expect(next.expired.sort()).toEqual(first.skipped.sort());
    expect(await world.engine.list()).toEqual([]);
  });
});
