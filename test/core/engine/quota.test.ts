import { describe, expect, it } from 'vitest';
import { simulated } from '../../support/simulated.js';

/** Creates at once, each settled: the names created and the error codes of the rest. */
async function createAtOnce(world: ReturnType<typeof simulated>, requests: Array<{ name: string; owner: string; app?: string }>) {
  const settled = await Promise.allSettled(requests.map(({ name, owner, app = 'web' }) => world.engine.create({ name, app, owner })));
  const created = requests.filter((_request, index) => settled[index]!.status === 'fulfilled').map(({ name }) => name);
  const refused = settled.flatMap((result) => (result.status === 'rejected' ? [(result.reason as { code?: string }).code] : []));
  return { created, refused };
}

describe('Class: Engine — quotas', () => {
  it("holds the per-owner limit against one owner's creates racing each other, and leaves nothing of the refused ones", async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 2, total: 50 } } });
    const before = await world.inspect();

    // Act
    const { created, refused } = await createAtOnce(world, ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name: `demo-${name}`, owner: 'alice' })));

    // Assess
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created.length).toBeLessThanOrEqual(2);
    expect(refused).toEqual(Array(5 - created.length).fill('quota_exceeded'));
    const after = await world.inspect();
    expect(after.services.length - before.services.length).toBe(created.length);
    expect(after.rules.length - before.rules.length).toBe(created.length);
    expect(after.targetGroups.length - before.targetGroups.length).toBe(created.length);
  });

  it('holds the total limit against creates of different owners in two processes at once', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 5, total: 3 } } });
    const other = world.anotherEngine();

    // Act
    const settled = await Promise.allSettled(
      ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((owner, index) =>
        (index % 2 === 0 ? world.engine : other).create({ name: `demo-${owner}`, app: 'web', owner }),
      ),
    );

    // Assess
    const environments = await world.engine.list();
    expect(environments.length).toBeGreaterThanOrEqual(1);
    expect(environments.length).toBeLessThanOrEqual(3);
    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(environments.length);
  });

  it('lets the next create through once a refused racer has given way', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 1, total: 50 } } });
    await createAtOnce(world, [
      { name: 'demo-a', owner: 'alice' },
      { name: 'demo-b', owner: 'alice' },
    ]);
    const [kept] = await world.engine.list({ owner: 'alice' });

    // Act
    await world.engine.destroy(kept!.name);
    const again = await world.engine.create({ name: 'demo-c', app: 'web', owner: 'alice' });

    // Assess
    expect(again.outcome).toBe('created');
  });
});

describe("Class: Engine — AWS's own limits", () => {
  it.each([
    ['CreateRule', 'TooManyRulesException', /listener rules/],
    ['CreateRule', 'TooManyUniqueTargetGroupsPerLoadBalancerException', /target groups/],
    ['CreateTargetGroup', 'TooManyTargetGroupsException', /target groups/],
  ])('answers %s failing with %s as quota_exceeded that says what to do, and leaves nothing behind', async (command, name, what) => {
    // Prepare
    const world = simulated();
    const before = await world.inspect();
    world.cloud.faults.inject({ command, error: { name, message: 'injected: limit reached' } });

    // Act
    const error = await world.engine.create({ name: 'demo-1', app: 'web', owner: 'alice' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: 'quota_exceeded', message: expect.stringMatching(what) });
    expect((error as Error).message).toMatch(/raise the quota/);
    world.advance(60 * 60_000);
    expect(await world.inspect()).toEqual(before);
  });

  it('fills the load balancer to its 100 rules, then refuses the next create as quota_exceeded', async () => {
    // Prepare: the seed has 3 rules of its own, so 97 environments fill the listener.
    const world = simulated({ config: { limits: { perOwner: 100, total: 100 } } });
    for (let index = 0; index < 97; index += 1) await world.engine.create({ name: `demo-${index}`, app: 'web', owner: 'alice' });

    // Act
    const error = await world.engine.create({ name: 'demo-full', app: 'web', owner: 'alice' }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: 'quota_exceeded', message: expect.stringMatching(/listener rules/) });
    expect(await world.engine.list()).toHaveLength(97);
  });
});
