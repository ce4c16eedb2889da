import { describe, expect, it } from 'vitest';
import { HOUR, simulated } from '../../support/simulated.js';

const owner = 'alice';
type World = ReturnType<typeof simulated>;

/** The record sets at `host`, read with a plain call (no fault, no recording). */
function recordSets(world: World, host: string): Array<Record<string, any>> {
  const page = world.cloud.invoke('route53', 'ListResourceRecordSets', { HostedZoneId: world.config.hostedZoneId, StartRecordName: host }) as {
    ResourceRecordSets: Array<Record<string, any>>;
  };
  return page.ResourceRecordSets.filter((set) => set.Name === `${host}.`);
}

/** Matches the sweep's lease writes only (its lease owners are `sweep:<id>`). */
/** A sweep's lease on an environment (not the lease of the sweep's run itself, taken before its listing). */
const sweepLease = (input: { Item?: { pk?: { S?: string }; owner?: { S?: string } } }) =>
  input.Item?.owner?.S?.startsWith('sweep:') === true && !input.Item.pk?.S?.includes('#~sweep.');

describe('Class: Engine — sweep against other writers', () => {
  it('reports as removed the DNS records it did remove when another host of the same change was changed by someone else', async () => {
    // Prepare: two expired environments; once the sweep has listed them, someone changes pr-1's alias (it now evaluates target health)
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
    await world.engine.create({ name: 'pr-2', app: 'web', owner, ttl: '1h' });
    world.advance(2 * HOUR);
    let repointed = false;
    world.cloud.faults.inject({
      command: 'PutItem',
      error: { name: 'Unused' },
      when: (input) => {
        if (!repointed && sweepLease(input)) {
          repointed = true;
          const alias = recordSets(world, 'pr-1.dev.example.com').find((set) => set.Type === 'A')!;
          world.cloud.invoke('route53', 'ChangeResourceRecordSets', {
            HostedZoneId: world.config.hostedZoneId,
            ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { ...alias, AliasTarget: { ...alias.AliasTarget, EvaluateTargetHealth: !alias.AliasTarget.EvaluateTargetHealth } } }] },
          });
        }
        return false;
      },
    });

    // Act
    const report = await world.engine.sweep();

    // Assess: pr-1's changed records stay (right); pr-2's are gone, so they are removed, not a failure
    expect(repointed).toBe(true);
    expect(recordSets(world, 'pr-1.dev.example.com')).toHaveLength(2);
    expect(recordSets(world, 'pr-2.dev.example.com')).toEqual([]);
    expect(report.failures.filter((failure) => failure.kind === 'dns-records').map((failure) => failure.id)).toEqual(['pr-1.dev.example.com']);
    expect(report.removed).toContainEqual({ kind: 'dns-records', id: 'pr-2.dev.example.com' });
  });

  it('reports no drift for an environment destroyed and made anew between its listing and its lease', async () => {
    // Prepare: pr-1 expired; while the sweep waits for its lease, another Lambda destroys it and CI creates it again
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
    world.advance(2 * HOUR);
    const other = world.anotherEngine();
    const held = world.cloud.faults.hold({ command: 'PutItem', when: sweepLease });
    const sweeping = world.engine.sweep();
    await held.reached;
    await other.destroy('pr-1');
    await other.create({ name: 'pr-1', app: 'web', owner, ttl: '24h' });
    held.release();

    // Act
    const report = await sweeping;

    // Assess: the new environment is whole and live; the sweep leaves it, and must not call it drifted
    expect(report.expired).toEqual([]);
    expect((await world.engine.get('pr-1')).missing).toBeUndefined();
    expect(report.drift).toEqual([]);
  });
});

describe('Class: Engine — sweep and live environments', () => {
  it('never keeps a live environment locked while it removes other environments (a PUT or extend waits at most 20 s)', async () => {
    // Prepare: `live` keeps a revision an update could not deregister (a leftover the sweep collects); pr-1 expired
    const world = simulated();
    await world.engine.create({ name: 'live', app: 'web', owner, ttl: '24h', images: { web: 'repo/web:1' } });
    world.cloud.faults.inject({ command: 'DeregisterTaskDefinition', error: { name: 'AccessDeniedException', message: 'injected' } });
    await world.engine.create({ name: 'live', app: 'web', owner, images: { web: 'repo/web:2' } });
    await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
    world.advance(2 * HOUR);
    const plan = await world.engine.planSweep();
    expect(plan.expired).toEqual(['pr-1']);
    expect(plan.orphans.map((orphan) => orphan.kind)).toEqual(['task-definition']);

    // Act: while the sweep deletes pr-1's service (minutes at devenv's share of the ECS rate), CI extends `live`
    const held = world.cloud.faults.hold({ command: 'DeleteService' });
    const sweeping = world.engine.sweep();
    await held.reached;
    const extending = world.anotherEngine().extend('live', '24h').then(
      () => 'extended',
      (error: unknown) => (error as Error).name,
    );
    const outcome = await extending;
    held.release();
    const report = await sweeping;

    // Assess: the extend went through, and the sweep still removed the leftover revision and pr-1
    expect(outcome).toBe('extended');
    expect(report.orphans.map((orphan) => orphan.kind)).toEqual(['task-definition']);
    expect(report.expired).toEqual(['pr-1']);
    expect(report.failures).toEqual([]);
  });

  it('leaves a live environment\'s leftover revision for the next run once the deadline has passed, and lets it go', async () => {
    // Prepare: `live` keeps a revision an update could not deregister; the run's deadline is already behind it
    const world = simulated();
    await world.engine.create({ name: 'live', app: 'web', owner, ttl: '24h', images: { web: 'repo/web:1' } });
    world.cloud.faults.inject({ command: 'DeregisterTaskDefinition', error: { name: 'AccessDeniedException', message: 'injected' } });
    await world.engine.create({ name: 'live', app: 'web', owner, images: { web: 'repo/web:2' } });
    world.advance(2 * HOUR);

    // Act
    const late = await world.engine.sweep(undefined, { deadline: new Date(world.now().getTime() - 1) });
    const next = await world.engine.sweep();

    // Assess: nothing removed late, the lock given back (an extend goes through at once), the next run removes it
    expect(late.removed).toEqual([]);
    await expect(world.anotherEngine().extend('live', '24h')).resolves.toBeDefined();
    expect(next.orphans.map((orphan) => orphan.kind)).toEqual(['task-definition']);
  });
});
