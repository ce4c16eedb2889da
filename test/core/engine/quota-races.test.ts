import { describe, expect, it } from 'vitest';
import { SIMULATED_LOCK_TABLE } from '../../../src/local/dynamodb.js';
import { simulated } from '../../support/simulated.js';

type World = ReturnType<typeof simulated>;

/** The installation's total count as the lock table holds it. */
function storedTotal(world: World): number | undefined {
  const { Item } = world.cloud.invoke('dynamodb', 'GetItem', { TableName: SIMULATED_LOCK_TABLE, Key: { pk: { S: `quota#${world.config.installation}` } } }) as {
    Item?: Record<string, { N?: string }>;
  };
  return Item ? Number(Item.total?.N) : undefined;
}

describe('Class: Engine — quota places under concurrency (review1)', () => {
  it("lets an owner below the limit create while another Lambda updates one of her environments (the update's speculative place)", async () => {
    // Prepare: alice owns 1 of her 2 places; a PUT of demo-a (an update) is reading the environment in one Lambda
    const world = simulated({ config: { limits: { perOwner: 2, total: 50 } } });
    await world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice' });
    const other = world.anotherEngine();
    const held = world.cloud.faults.hold({ command: 'DescribeServices', when: (input: { services?: string[] }) => Boolean(input.services?.includes('devenv-demo-a')) });
    const updating = world.engine.create({ name: 'demo-a', app: 'web', owner: 'alice', images: { web: 'repo/web:2' } });
    await held.reached;
    // Long enough for a place the update took beside its reads (before it knows demo-a exists) to be in the counts.
    for (let turn = 0; turn < 10; turn += 1) await new Promise((resolve) => setImmediate(resolve));

    // Act: a create of another environment of alice's, in another Lambda, meanwhile
    const created = await other.create({ name: 'demo-b', app: 'web', owner: 'alice' }).catch((error: unknown) => error);
    held.release();
    await updating;

    // Assess: alice owns one environment, so the create goes through (it was a 429 "alice already owns 2 environments")
    expect(created).toMatchObject({ outcome: 'created' });
    expect(storedTotal(world)).toBe(2);
  });
});

describe('Class: Engine — the sweep\'s recount and a slow create (review1)', () => {
  it('keeps the place of a create still running past ten minutes (within a Lambda run), so the owner cannot exceed the limit', async () => {
    // Prepare: alice may own one environment; her create is slow (a throttled account) and still before CreateService
    const world = simulated({ config: { limits: { perOwner: 1, total: 50 } } });
    await world.engine.sweep();
    const held = world.cloud.faults.hold({ command: 'CreateService' });
    const slow = world.anotherEngine().create({ name: 'demo-a', app: 'web', owner: 'alice' });
    await held.reached;

    // Act: fourteen minutes on (within a Lambda's 15-minute run), a sweep recounts; then the slow create finishes and alice creates again
    world.advance(14 * 60_000);
    await world.engine.sweep();
    held.release();
    await slow;
    const second = await world.engine.create({ name: 'demo-b', app: 'web', owner: 'alice' }).catch((error: unknown) => error);

    // Assess: the limit holds (with a 10-minute bound the recount dropped the running create's place and demo-b was created too)
    expect(second).toMatchObject({ code: 'quota_exceeded' });
  });
});
