import { describe, expect, it } from 'vitest';
import { REVISIONS_DESCRIBED_PER_SWEEP } from '../../../src/core/sweep-listing.js';
import { simulated } from '../../support/simulated.js';

type World = ReturnType<typeof simulated>;

/** `count` more revisions of the baseline's family, as the team's own deploys register them (no devenv tags). */
function deployHistory(world: World, count: number): void {
  const { taskDefinition } = world.cloud.invoke('ecs', 'DescribeTaskDefinition', { taskDefinition: 'web' }) as { taskDefinition: Record<string, unknown> };
  const { taskDefinitionArn, revision, status, requiresAttributes, compatibilities, registeredAt, registeredBy, ...input } = taskDefinition;
  for (let index = 0; index < count; index += 1) world.cloud.invoke('ecs', 'RegisterTaskDefinition', input);
}

const describedIn = (world: World, from: number) => world.cloud.faults.calls.slice(from).filter((call) => call.command === 'DescribeTaskDefinition').length;

describe('Class: Engine — sweep and the team\'s task definition history', () => {
  it('describes each of the team\'s revisions once per process, a share at each run, then none however long the history', async () => {
    // Prepare: the baseline's family holds 2,100 revisions of the team's deploys (ECS keeps them ACTIVE until deregistered)
    const world = simulated();
    deployHistory(world, 2_100);
    const baselines = Object.keys(world.config.apps).length;

    // Act: scheduled runs on one (warm) instance, nothing new registered
    const described: number[] = [];
    for (let run = 0; run < 25; run += 1) {
      const before = world.cloud.faults.calls.length;
      await world.engine.sweep();
      described.push(describedIn(world, before));
    }

    // Assess: never more than a share per run, each revision once, and once all are known none at all
    expect(Math.max(...described)).toBeLessThanOrEqual(REVISIONS_DESCRIBED_PER_SWEEP + baselines);
    expect(described.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(2_100 + 2 * baselines);
    expect(described.at(-1)).toBe(0);
  });

  it('describes at most its share of the team\'s revisions on a cold instance, however long the family\'s history', async () => {
    // Prepare
    const world = simulated();
    deployHistory(world, 2_100);

    // Act: a fresh instance's first run
    const before = world.cloud.faults.calls.length;
    await world.anotherEngine().sweep();

    // Assess: 2,100 described were 525 s at devenv's 4/s share, past the run's deadline (and each app's baseline revision)
    expect(describedIn(world, before)).toBeLessThanOrEqual(REVISIONS_DESCRIBED_PER_SWEEP + Object.keys(world.config.apps).length);
  });

  it('finds an orphan revision behind a long history on a warm instance, a share further back at each run', async () => {
    // Prepare: a create that failed and could not deregister its revision, then 250 deploys of the team
    const world = simulated();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'InvalidParameterException', message: 'injected' } });
    world.cloud.faults.inject({ command: 'DeregisterTaskDefinition', error: { name: 'AccessDeniedException', message: 'injected' } });
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', images: { web: 'repo/web:pr-1' } }).catch(() => undefined);
    deployHistory(world, 250);
    world.advance(60 * 60_000);

    // Act: scheduled runs on one instance
    const orphans: string[] = [];
    for (let run = 0; run < 4; run += 1) orphans.push(...(await world.engine.sweep()).orphans.filter((orphan) => orphan.kind === 'task-definition').map((orphan) => orphan.id));

    // Assess
    expect(orphans).toHaveLength(1);
  });
});
