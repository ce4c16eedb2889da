import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine.js';
import { addInstallation, resourcesOwnedBy, type Installation } from '../../support/installations.js';
import { HOUR, simulated } from '../../support/simulated.js';

const owner = 'github:acme/web@octocat';

/**
 * Two installations on one account, hosted zone and listener, both with the default `instance` label: the first is the
 * seed's (cluster `dev`, `dev.example.com`), the second is placed as each layout says. Names are shared wherever the
 * layout lets two installations use the same one (a shared cluster or base domain makes a shared name a conflict).
 */
const LAYOUTS = [
  {
    layout: 'another cluster and another base domain inside the zone',
    second: { cluster: 'qa', baseDomain: 'qa.dev.example.com' },
    names: { first: ['pr-1', 'pr-2', 'pr-9'], second: ['pr-1', 'pr-2', 'pr-9'] },
  },
  {
    layout: 'the same cluster, another base domain',
    second: { cluster: 'dev', baseDomain: 'qa.dev.example.com' },
    names: { first: ['pr-1', 'pr-2', 'pr-9'], second: ['qa-1', 'qa-2', 'qa-9'] },
  },
  {
    layout: 'another cluster, the same base domain',
    second: { cluster: 'qa', baseDomain: 'dev.example.com' },
    names: { first: ['pr-1', 'pr-2', 'pr-9'], second: ['qa-1', 'qa-2', 'qa-9'] },
  },
] as const;

type Side = 'first' | 'second';

/** Makes the next create fail at CreateService with every undo failing too: records, rule, target group and revision stay. */
function crashNextCreate(world: ReturnType<typeof simulated>): void {
  const injected = { name: 'InternalFailure', message: 'injected' };
  world.cloud.faults.inject({ command: 'CreateService', error: injected });
  for (const command of ['DeleteRule', 'DeleteTargetGroup', 'DeregisterTaskDefinition']) world.cloud.faults.inject({ command, error: injected, times: Infinity });
  world.cloud.faults.inject({
    command: 'ChangeResourceRecordSets',
    error: injected,
    times: Infinity,
    when: (input: { ChangeBatch: { Changes: Array<{ Action: string }> } }) => input.ChangeBatch.Changes.some((change) => change.Action === 'DELETE'),
  });
}

const view = async (engine: Engine) => (await engine.list()).map(({ name, status, host, expiresAt }) => ({ name, status, host, expiresAt }));

describe.each(LAYOUTS)('Scenario: two installations sharing the zone and the listener, $layout', ({ second, names }) => {
  it.each<[Side, Side]>([
    ['first', 'second'],
    ['second', 'first'],
  ])('loses nothing of the other when the %s has everything expired and the %s has orphans', async (expiringSide, keepingSide) => {
    // Prepare: both create environments; the expiring one's live 1 hour, the keeping one's 48 hours, and a create of the
    // keeping one crashes and leaves its records, rule, target group and revision behind
    const world = simulated();
    const sides: Record<Side, Installation> = { first: { engine: world.engine, config: world.config }, second: addInstallation(world, second) };
    const [expiring, keeping] = [sides[expiringSide], sides[keepingSide]];
    const [e1, e2] = names[expiringSide];
    const [k1, k2, crashed] = names[keepingSide];
    const owned = (installation: Installation) =>
      resourcesOwnedBy(world.cloud, installation.config.installation, {
        clusters: [...new Set(['dev', second.cluster])],
        listenerArn: world.seed.listenerArn,
        hostedZoneId: world.seed.hostedZoneId,
      });
    await expiring.engine.create({ name: e1, app: 'web', owner, ttl: '1h', images: { web: 'repo/web:expiring' } });
    await expiring.engine.create({ name: e2, app: 'web', owner, ttl: '1h' });
    await keeping.engine.create({ name: k1, app: 'web', owner, ttl: '48h', images: { web: 'repo/web:keeping' } });
    await keeping.engine.create({ name: k2, app: 'web', owner, ttl: '48h' });
    const keepingLive = await owned(keeping);
    crashNextCreate(world);
    await expect(keeping.engine.create({ name: crashed, app: 'web', owner, images: { web: 'repo/web:crash' } })).rejects.toThrow(/injected/);
    world.cloud.faults.clear();
    const keepingBefore = await owned(keeping);
    const keepingListed = await view(keeping.engine);
    expect(sides.first.config.installation).not.toBe(sides.second.config.installation);
    expect(keepingBefore).toEqual(expect.arrayContaining(keepingLive));
    const leftovers = keepingBefore.filter((line) => !keepingLive.includes(line));
    expect(leftovers.map((line) => line.split(' ')[0])).toEqual(['record', 'record', 'rule', 'target-group', 'task-definition']);
    expect(await owned(expiring)).not.toEqual([]);

    // Act: both sweep while nothing is due yet
    const early = await Promise.all([expiring.engine.sweep(), keeping.engine.sweep()]);

    // Assess: nothing removed (the keeping one's leftovers are inside the grace period)
    expect(early.map((report) => report.removed)).toEqual([[], []]);
    expect(await owned(keeping)).toEqual(keepingBefore);

    // Act: two hours on, the expiring installation sweeps
    world.advance(2 * HOUR);
    const swept = await expiring.engine.sweep();

    // Assess: everything of its own is gone, nothing of the other is touched, the other's orphans included
    expect(swept).toMatchObject({ expired: [e1, e2].sort(), orphans: [], failures: [] });
    expect(await owned(expiring)).toEqual([]);
    expect(await owned(keeping)).toEqual(keepingBefore);
    expect(await view(keeping.engine)).toEqual(keepingListed);

    // Act: the keeping installation sweeps
    const collected = await keeping.engine.sweep();

    // Assess: only its own orphans go; its live environments stay
    expect(collected).toMatchObject({ expired: [], failures: [] });
    expect(collected.orphans.map((orphan) => orphan.kind).sort()).toEqual(['dns-records', 'listener-rule', 'target-group', 'task-definition']);
    expect(await owned(keeping)).toEqual(keepingLive);
    expect(await view(keeping.engine)).toEqual(keepingListed);
    expect(await expiring.engine.list()).toEqual([]);
  });
});
