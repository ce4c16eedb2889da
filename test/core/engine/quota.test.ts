import { describe, expect, it } from 'vitest';
import { CREATE_UNDER_WAY_MS } from '../../../src/core/quota.js';
import { SIMULATED_LOCK_TABLE } from '../../../src/local/dynamodb.js';
import { simulated } from '../../support/simulated.js';

type World = ReturnType<typeof simulated>;

/** The installation's counts as the lock table holds them (undefined: no record). */
function storedCounts(world: World): Record<string, number> | undefined {
  const { Item } = world.cloud.invoke('dynamodb', 'GetItem', { TableName: SIMULATED_LOCK_TABLE, Key: { pk: { S: `quota#${world.config.installation}` } } }) as {
    Item?: Record<string, { N?: string; S?: string }>;
  };
  if (!Item) return undefined;
  // The totals only: per owner (`o#…`) and in all; the places' own marks (`r#…`) are pinned by the adapter's tests.
  return Object.fromEntries(Object.entries(Item).flatMap(([name, value]) => (name === 'total' || name.startsWith('o#') ? [[name, Number(value.N)]] : [])));
}

function forgetCounts(world: World): void {
  world.cloud.invoke('dynamodb', 'DeleteItem', { TableName: SIMULATED_LOCK_TABLE, Key: { pk: { S: `quota#${world.config.installation}` } } });
}

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

    // Assess: the reservation is atomic, so exactly the limit gets through
    expect(created).toHaveLength(2);
    expect(refused).toEqual(Array(3).fill('quota_exceeded'));
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
    expect(environments).toHaveLength(3);
    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
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

describe('Class: Engine — the installation’s environment counts', () => {
  it('counts every create and gives the place back on destroy, per owner and in total', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 3, total: 50 } } });

    // Act
    await createAtOnce(world, [
      { name: 'demo-a', owner: 'alice' },
      { name: 'demo-b', owner: 'alice' },
      { name: 'demo-c', owner: 'bob' },
    ]);
    await world.engine.destroy('demo-a');

    // Assess
    expect(storedCounts(world)).toEqual({ total: 2, 'o#alice': 1, 'o#bob': 1 });
  });

  it('gives the place back when a create fails half-way', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 1, total: 50 } } });
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'ServerException', message: 'injected' } });

    // Act
    const failed = await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice' }).catch((caught: unknown) => caught);
    const again = await world.engine.create({ name: 'demo-b', app: 'web', owner: 'alice' });

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(again.outcome).toBe('created');
    expect(storedCounts(world)).toEqual({ total: 1, 'o#alice': 1 });
  });

  it('counts what runs, once, when the installation has environments but no counts yet', async () => {
    // Prepare: two of alice's environments made before the counts existed
    const world = simulated({ config: { limits: { perOwner: 2, total: 50 } } });
    await createAtOnce(world, [
      { name: 'demo-a', owner: 'alice' },
      { name: 'demo-b', owner: 'alice' },
    ]);
    forgetCounts(world);

    // Act
    const refused = await world.engine.create({ name: 'demo-c', app: 'web', owner: 'alice' }).catch((caught: unknown) => caught);
    const bobs = await world.engine.create({ name: 'demo-d', app: 'web', owner: 'bob' });

    // Assess
    expect(refused).toMatchObject({ code: 'quota_exceeded', message: expect.stringContaining('alice already owns 2 environments') });
    expect(bobs.outcome).toBe('created');
    expect(storedCounts(world)).toEqual({ total: 3, 'o#alice': 2, 'o#bob': 1 });
  });

  it('refuses a create over the limit before any AWS write when the refusal comes first (a cold engine)', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 1, total: 50 } } });
    await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice' });
    const callsBefore = world.cloud.faults.calls.length;

    // Act
    const refused = await world.anotherEngine().create({ name: 'demo-b', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } }).catch((caught: unknown) => caught);

    // Assess
    expect(refused).toMatchObject({ code: 'quota_exceeded' });
    const writes = world.cloud.faults.calls.slice(callsBefore).filter((call) => call.service !== 'dynamodb' && !/^(Describe|List|Get)/.test(call.command));
    expect(writes).toEqual([]);
  });

  it('refuses a create over the limit whose refusal comes beside its first writes (a warm engine), and leaves nothing', async () => {
    // Prepare: a warm engine has the baseline, so its first writes start with the reservation
    const world = simulated({ config: { limits: { perOwner: 1, total: 50 } } });
    await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice' });
    const before = await world.inspect();

    // Act
    const refused = await world.engine.create({ name: 'demo-b', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } }).catch((caught: unknown) => caught);

    // Assess: no service was made, what was made is undone, and the counts are as they were
    expect(refused).toMatchObject({ code: 'quota_exceeded' });
    expect(await world.inspect()).toEqual(before);
    expect(storedCounts(world)).toEqual({ total: 1, 'o#alice': 1 });
  });

  it('lets an owner at the limit update an environment, and leaves the counts as they were', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 1, total: 50 } } });
    await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice' });

    // Act
    const updated = await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } });

    // Assess
    expect(updated.outcome).toBe('updated');
    expect(storedCounts(world)).toEqual({ total: 1, 'o#alice': 1 });
  });

  it('gives back the place an update took when the update fails, before it answers', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 2, total: 50 } } });
    await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice' });
    world.cloud.faults.inject({ command: 'UpdateService', error: { name: 'ServerException', message: 'injected' } });

    // Act
    const failed = await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } }).catch((caught: unknown) => caught);

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(storedCounts(world)).toEqual({ total: 1, 'o#alice': 1 });
  });

  it('keeps, through the sweep\'s recount, the place of a create still under way, and drops it once it is stale', async () => {
    // Prepare: a place taken by a create whose service does not exist yet
    const world = simulated({ config: { limits: { perOwner: 5, total: 50 } } });
    await world.engine.sweep();
    world.cloud.invoke('dynamodb', 'UpdateItem', {
      TableName: SIMULATED_LOCK_TABLE,
      Key: { pk: { S: `quota#${world.config.installation}` } },
      UpdateExpression: 'ADD #total :one, #owner :one, #version :one SET #place = :place',
      ExpressionAttributeNames: { '#total': 'total', '#owner': 'o#alice', '#version': 'version', '#place': 'r#under-way' },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':place': { S: `${world.now().getTime()} alice` } },
    });

    // Act
    await world.engine.sweep();
    const whileUnderWay = storedCounts(world);
    world.advance(CREATE_UNDER_WAY_MS + 60_000);
    await world.engine.sweep();

    // Assess
    expect(whileUnderWay).toEqual({ total: 1, 'o#alice': 1 });
    expect(storedCounts(world)).toEqual({ total: 0 });
  });

  it('is corrected by the sweep when a count went wrong (a service deleted by hand)', async () => {
    // Prepare: alice at her limit, then one of her services deleted out of band
    const world = simulated({ config: { limits: { perOwner: 2, total: 50 } } });
    await createAtOnce(world, [
      { name: 'demo-a', owner: 'alice' },
      { name: 'demo-b', owner: 'alice' },
    ]);
    world.cloud.invoke('ecs', 'DeleteService', { cluster: 'dev', service: 'devenv-demo-a', force: true });
    const refusedBefore = await world.engine.create({ name: 'demo-c', app: 'web', owner: 'alice' }).catch((caught: unknown) => caught);
    // Later than a create could still be under way: a place with no service behind it is stale by then
    world.advance(CREATE_UNDER_WAY_MS + 60_000);

    // Act
    await world.engine.sweep();
    const afterSweep = await world.engine.create({ name: 'demo-c', app: 'web', owner: 'alice' });

    // Assess
    expect(refusedBefore).toMatchObject({ code: 'quota_exceeded' });
    expect(afterSweep.outcome).toBe('created');
    expect(storedCounts(world)).toEqual({ total: 2, 'o#alice': 2 });
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
