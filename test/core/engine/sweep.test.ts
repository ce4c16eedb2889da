import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, simulated } from '../../support/simulated.js';

const owner = 'alice';

describe('Class: Engine — sweep', () => {
  it('destroys expired environments and keeps the others', async () => {
    const world = simulated();
    await world.engine.create({ name: 'short', app: 'web', owner, ttl: '1h' });
    await world.engine.create({ name: 'long', app: 'api', owner, ttl: '48h' });
    await world.engine.create({ name: 'quiet', app: 'worker', owner, ttl: '1h' });

    world.advance(2 * HOUR);
    const report = await world.engine.sweep();

    expect(report.expired).toEqual(['quiet', 'short']);
    expect(report.failures).toEqual([]);
    expect((await world.engine.list()).map((environment) => environment.name)).toEqual(['long']);
    const inventory = await world.inspect();
    expect(inventory.records.filter((record) => record.startsWith('short.'))).toEqual([]);
    expect(inventory.rules.filter((rule) => rule.includes('short.'))).toEqual([]);
  });

  it('batches the DNS deletions of many environments into one Route 53 change', async () => {
    const world = simulated({ config: { limits: { perOwner: 20, total: 20 } } });
    for (let index = 0; index < 12; index++) await world.engine.create({ name: `pr-${index}`, app: 'web', owner, ttl: '1h' });
    world.advance(2 * HOUR);

    const report = await world.engine.sweep();

    expect(report.expired).toHaveLength(12);
    expect(report.calls.filter((call) => call.command === 'ChangeResourceRecordSets')).toHaveLength(1);
  });

  it('collects what a crashed create left behind, once it is older than the grace period', async () => {
    // Prepare: a create whose service fails and whose rollback fails too leaves DNS records, a rule and a target group.
    const world = simulated();
    const before = await world.inspect();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'InternalFailure', message: 'injected' } });
    for (const command of ['DeleteRule', 'DeleteTargetGroup', 'DeregisterTaskDefinition']) {
      world.cloud.faults.inject({ command, error: { name: 'InternalFailure', message: 'injected' }, times: Infinity });
    }
    world.cloud.faults.inject({
      command: 'ChangeResourceRecordSets',
      error: { name: 'InternalFailure', message: 'injected' },
      times: Infinity,
      when: (input: { ChangeBatch: { Changes: Array<{ Action: string }> } }) => input.ChangeBatch.Changes.some((change) => change.Action === 'DELETE'),
    });
    await expect(world.engine.create({ name: 'pr-9', app: 'web', owner, images: { web: 'repo/web:x' } })).rejects.toThrow(/injected/);
    world.cloud.faults.clear();
    const leftovers = await world.inspect();
    expect(leftovers).not.toEqual(before);

    // Act: a sweep inside the grace period leaves them (a create could still be running)
    world.advance(5 * MINUTE);
    const early = await world.engine.sweep();
    expect(early.orphans).toEqual([]);
    expect(await world.inspect()).toEqual(leftovers);

    // Act: after the grace period they go
    world.advance(20 * MINUTE);
    const late = await world.engine.sweep();

    // Assess
    expect(late.orphans.map((orphan) => orphan.kind).sort()).toEqual(['dns-records', 'listener-rule', 'target-group', 'task-definition']);
    expect(await world.inspect()).toEqual(before);
  });

  it('never touches resources without its tags', async () => {
    const world = simulated();
    const before = world.cloud.snapshot();

    world.advance(365 * 24 * HOUR);
    await world.engine.sweep();

    expect(world.cloud.snapshot()).toEqual(before);
  });

  it('leaves the resources of another devenv instance alone', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
    const afterCreate = await world.inspect();
    const { engineOnSimulatedCloud, seededConfig } = await import('../../../src/runtime/engine.js');
    const other = engineOnSimulatedCloud(world.cloud, seededConfig(world.seed, { instance: 'devenv-other' }), { now: world.now });

    world.advance(2 * HOUR);
    const report = await other.sweep();

    expect(report.removed).toEqual([]);
    expect(await world.inspect()).toEqual(afterCreate);
  });
});
