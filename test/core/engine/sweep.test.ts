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

  it('survives throttling from ECS, ELBv2 and Route 53 and removes everything', async () => {
    // Prepare: every command a sweep sends is throttled twice, and Route 53 answers PriorRequestNotComplete
    // once more: 3 failures of the retry budget's 4 attempts
    const rehearsal = simulated();
    await rehearsal.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h', images: { web: 'repo/web:1' } });
    rehearsal.advance(2 * HOUR);
    const commands = new Set((await rehearsal.engine.sweep()).calls.map((call) => call.command));
    const world = simulated();
    const before = await world.inspect();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h', images: { web: 'repo/web:1' } });
    await world.engine.create({ name: 'pr-2', app: 'api', owner, ttl: '1h' });
    world.advance(2 * HOUR);
    for (const command of commands) world.cloud.faults.throttle(command, 2);
    world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'PriorRequestNotComplete' } });

    // Act
    const report = await world.engine.sweep();

    // Assess
    expect(report).toMatchObject({ expired: ['pr-1', 'pr-2'], failures: [] });
    for (const command of commands) expect(world.cloud.faults.callsOf(command).length, command).toBeGreaterThanOrEqual(3);
    world.advance(5 * MINUTE);
    expect(await world.inspect()).toEqual(before);
  });

  it('keeps an environment extended after the sweep listed it as expired', async () => {
    // Prepare: the extend starts right after the sweep read the old expiry; throttled, it still holds the lock when the
    // sweep reads the expiry again (without the lock, that second read would come too early)
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
    world.advance(2 * HOUR);
    world.cloud.faults.throttle('TagResource', 3);
    let extending: Promise<unknown> | undefined;
    world.cloud.faults.inject({
      command: 'DescribeServices',
      error: { name: 'Unused' },
      // Only the sweep describes by ARN (from its listing); the fault never fires, the hook only starts the extend.
      when: (input: { services: string[] }) => {
        if (!extending && input.services.some((ref) => ref.endsWith('/devenv-pr-1'))) extending = world.engine.extend('pr-1', '24h');
        return false;
      },
    });

    // Act
    const report = await world.engine.sweep();
    await extending;

    // Assess
    expect(extending).toBeDefined();
    expect(report.expired).toEqual([]);
    expect(report.removed).toEqual([]);
    expect(await world.engine.get('pr-1')).toMatchObject({ name: 'pr-1', expiresAt: new Date(world.now().getTime() + 24 * HOUR).toISOString() });
  });

  it('never touches resources without its tags', async () => {
    const world = simulated();
    const before = world.cloud.snapshot();

    world.advance(365 * 24 * HOUR);
    await world.engine.sweep();

    // Only devenv's own table changes: the sweep records the installation's environment counts (none)
    const { dynamodb, ...after } = world.cloud.snapshot();
    const { dynamodb: _lockTable, ...untouched } = before;
    expect(after).toEqual(untouched);
    expect(dynamodb.tables.flatMap((table) => table.items.map((item) => item.pk?.S))).toEqual([`quota#${world.config.installation}`]);
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
