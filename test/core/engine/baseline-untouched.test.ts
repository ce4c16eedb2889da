import { describe, expect, it } from 'vitest';
import { HOUR, simulated } from '../../support/simulated.js';

type Item = Record<string, unknown>;

/** The snapshot's items that existed in `before`, keyed by identity, for comparing what the baseline looks like. */
function baselineItems(snapshot: any, before: any) {
  const pick = (items: Item[], key: (item: Item) => string, reference: Item[]) => {
    const keep = new Set(reference.map(key));
    return Object.fromEntries(items.filter((item) => keep.has(key(item))).map((item) => [key(item), item]));
  };
  const records = (state: any) =>
    state.route53.hostedZones.flatMap((zone: any) => zone.records.map((record: Item) => ({ zone: zone.Id, ...record })));
  return {
    services: pick(snapshot.ecs.services, (item) => String(item.serviceArn), before.ecs.services),
    taskDefinitions: pick(snapshot.ecs.taskDefinitions, (item) => String(item.taskDefinitionArn), before.ecs.taskDefinitions),
    targetGroups: pick(snapshot.elbv2.targetGroups, (item) => String(item.TargetGroupArn), before.elbv2.targetGroups),
    rules: pick(snapshot.elbv2.rules, (item) => String(item.RuleArn), before.elbv2.rules),
    loadBalancers: snapshot.elbv2.loadBalancers,
    listeners: snapshot.elbv2.listeners,
    records: pick(records(snapshot), (item) => `${item.zone} ${item.Name} ${item.Type}`, records(before)),
  };
}

describe('Class: Engine — the baseline', () => {
  it('is identical before and after every kind of operation on every app', async () => {
    // Prepare
    const world = simulated({
      config: { apps: { web: { service: 'web' }, api: { service: 'api' }, worker: { service: 'worker' }, metrics: { service: 'metrics', hostPortsFree: true } } },
    });
    const before = world.cloud.snapshot();
    const inventoryBefore = await world.inspect();

    // Act: a busy day
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', images: { web: 'repo/web:1' }, environment: { web: { FLAG: 'on' } } });
    await world.engine.create({ name: 'pr-2', app: 'api', owner: 'bob', ttl: '1h' });
    await world.engine.create({ name: 'pr-3', app: 'worker', owner: 'alice', images: { worker: 'repo/worker:1' } });
    await world.engine.create({ name: 'pr-4', app: 'metrics', owner: 'carol' });
    world.advance(10 * 60_000);
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } });
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } });
    await world.engine.extend('pr-3', '24h');
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'InternalFailure', message: 'injected' } });
    await expect(world.engine.create({ name: 'pr-5', app: 'api', owner: 'bob' })).rejects.toThrow(/injected/);
    await world.engine.list();
    await world.engine.destroy('pr-4');
    await world.engine.destroy('pr-4');
    world.advance(2 * HOUR);
    await world.engine.sweep();
    world.advance(72 * HOUR);
    await world.engine.sweep();

    // Assess: everything gone, and the baseline's own resources exactly as they were
    expect(await world.engine.list()).toEqual([]);
    world.advance(5 * 60_000); // let the deleted services finish draining
    expect(await world.inspect()).toEqual(inventoryBefore);
    expect(baselineItems(world.cloud.snapshot(), before)).toEqual(baselineItems(before, before));
  });
});
