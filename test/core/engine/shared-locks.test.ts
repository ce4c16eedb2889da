import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbLeaseLocks } from '../../../src/aws/dynamodb-lease-locks.js';
import { environmentLockKey } from '../../../src/core/environment-lock.js';
import type { Engine } from '../../../src/core/engine.js';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { SIMULATED_LOCK_TABLE } from '../../../src/local/dynamodb.js';
import type { SimulatedCloud } from '../../../src/local/simulated-cloud.js';
import { HOUR, MINUTE, simulated, yieldingSleep } from '../../support/simulated.js';

/**
 * Issue 8, point 3: writes are serialised across processes. Each engine here is another Lambda instance: its own SDK
 * clients and adapters, no memory shared with the other, one simulated cloud (and lock table) between them.
 */

const owner = 'ci';
const WRITES = ['ChangeResourceRecordSets', 'CreateTargetGroup', 'CreateRule', 'RegisterTaskDefinition', 'CreateService', 'UpdateService', 'TagResource', 'DeleteService', 'DeleteRule', 'DeleteTargetGroup', 'DeregisterTaskDefinition'];

function lockClient(cloud: SimulatedCloud): DynamoDBClient {
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  attachSimulatedCloud(client, cloud, 'dynamodb');
  return client;
}

async function leases(cloud: SimulatedCloud): Promise<string[]> {
  const { Items = [] } = await lockClient(cloud).send(new ScanCommand({ TableName: SIMULATED_LOCK_TABLE }));
  // The installation's environment counts (quota.ts) live in the same table and stay: they are no lease.
  return Items.map((item) => item.pk!.S!).filter((key) => !key.startsWith('quota#'));
}

/** A few turns of the event loop: long enough for a waiting engine to try the lock again, never long enough to give up. */
async function letOthersRun(turns = 3): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await yieldingSleep();
}

function lockAttempts(cloud: SimulatedCloud, operation: string): number {
  return cloud.faults.calls.filter((call) => call.service === 'dynamodb' && call.command === 'PutItem' && (call.input as any).Item.owner?.S.startsWith(`${operation}:`)).length;
}

/** The environment's resources as one view: all five kinds present, or none (a half-made environment is neither). */
async function environmentState(world: ReturnType<typeof simulated>, name: string): Promise<'whole' | 'absent' | string> {
  const inventory = await world.inspect();
  const host = `${name}.dev.example.com`;
  const found = {
    service: inventory.services.includes(`devenv-${name}`),
    rule: inventory.rules.some((rule) => rule.endsWith(` ${host}`)),
    records: inventory.records.filter((record) => record.startsWith(`${host} `)).length === 2,
    targetGroup: inventory.targetGroups.some((group) => group.includes(name)),
  };
  const values = Object.values(found);
  if (values.every(Boolean)) return 'whole';
  if (!values.some(Boolean)) return 'absent';
  return `half-made: ${JSON.stringify(found)}`;
}

describe('Class: Engine — writes serialised across processes', () => {
  describe('Scenario: create racing create (two pushes of one pull request)', () => {
    it('answers both: the first creates, the second waits for the lock and updates to its image', async () => {
      // Prepare
      const world = simulated();
      const other = world.anotherEngine();

      // Act
      const [first, second] = await Promise.all([
        world.engine.create({ name: 'pr-42', app: 'web', owner, images: { web: 'repo/web:1' } }),
        other.create({ name: 'pr-42', app: 'web', owner, images: { web: 'repo/web:2' } }),
      ]);

      // Assess: one serial order (first, then second), one environment, running the second push
      expect([first.outcome, second.outcome]).toEqual(['created', 'updated']);
      expect(second.environment.images.web).toBe('repo/web:2');
      expect((await world.engine.get('pr-42')).images.web).toBe('repo/web:2');
      expect(await environmentState(world, 'pr-42')).toBe('whole');
      expect(lockAttempts(world.cloud, 'create')).toBeGreaterThan(2);
      expect(await leases(world.cloud)).toEqual([]);
    });
  });

  describe('Scenario: destroy racing create', () => {
    it('destroys after the create finished when the destroy arrives while the create holds the lock', async () => {
      // Prepare: the create is held in flight at CreateService, its target group and rule already made
      const world = simulated();
      const before = await world.inspect();
      const other = world.anotherEngine();
      const held = world.cloud.faults.hold({ command: 'CreateService' });
      const creating = world.engine.create({ name: 'pr-7', app: 'web', owner });
      await held.reached;

      // Act: another process destroys meanwhile
      const destroying = other.destroy('pr-7');
      await letOthersRun();
      const destroyCallsWhileHeld = world.cloud.faults.calls.filter((call) => call.service !== 'dynamodb' && WRITES.includes(call.command) && call.command.startsWith('Delete'));
      held.release();
      const [created, destroyed] = await Promise.all([creating, destroying]);

      // Assess: create, then destroy; nothing deleted under the create's feet; nothing left
      expect(destroyCallsWhileHeld).toEqual([]);
      expect(created.outcome).toBe('created');
      expect(destroyed).toMatchObject({ found: true });
      world.advance(HOUR);
      expect(await world.inspect()).toEqual(before);
      expect(await leases(world.cloud)).toEqual([]);
    });

    it('ends in one serial order whichever call starts first, and never half-made', async () => {
      for (const destroyFirst of [false, true]) {
        // Prepare
        const world = simulated();
        const other = world.anotherEngine();

        // Act
        const create = () => world.engine.create({ name: 'pr-8', app: 'web', owner });
        const destroy = () => other.destroy('pr-8');
        const [destroyed] = destroyFirst ? [await destroy(), await create()] : await Promise.all([destroy(), create()]).then(([d, c]) => [d, c] as const);

        // Assess: either destroy-then-create (nothing found, environment whole) or create-then-destroy (found, absent)
        const state = await environmentState(world, 'pr-8');
        expect(destroyed.found ? 'absent' : 'whole', `destroyFirst=${destroyFirst}`).toBe(state);
      }
    });
  });

  describe('Scenario: sweep racing extend', () => {
    it('keeps an environment extended after the sweep listed it, before the sweep took its lock', async () => {
      // Prepare: expired; the sweep is held as it asks for the lock, after its listing
      const world = simulated();
      await world.engine.create({ name: 'pr-1', app: 'web', owner, ttl: '1h' });
      world.advance(2 * HOUR);
      const other = world.anotherEngine();
      const held = world.cloud.faults.hold({ command: 'PutItem', service: 'dynamodb', when: (input) => input.Item.owner.S.startsWith('sweep:') });
      const sweeping = world.engine.sweep();
      await held.reached;

      // Act: another process extends meanwhile
      const extended = await other.extend('pr-1', '24h');
      held.release();
      const report = await sweeping;

      // Assess: extend, then sweep (which found it no longer expired)
      expect(report.expired).toEqual([]);
      expect(report.removed).toEqual([]);
      expect((await world.engine.get('pr-1')).expiresAt).toBe(extended.environment.expiresAt);
      expect(await environmentState(world, 'pr-1')).toBe('whole');
    });

    it('answers the extend not found when the sweep held the lock and destroyed the environment first', async () => {
      // Prepare: expired; the sweep is held in the middle of its deletions, lock in hand
      const world = simulated();
      const before = await world.inspect();
      await world.engine.create({ name: 'pr-2', app: 'web', owner, ttl: '1h' });
      world.advance(2 * HOUR);
      const other = world.anotherEngine();
      const held = world.cloud.faults.hold({ command: 'DeleteService' });
      const sweeping = world.engine.sweep();
      await held.reached;

      // Act: another process extends meanwhile; it waits for the sweep's lock
      const extending = other.extend('pr-2', '24h').catch((error: unknown) => error);
      await letOthersRun();
      const tagsWhileHeld = world.cloud.faults.callsOf('TagResource');
      held.release();
      const [report, extendError] = await Promise.all([sweeping, extending]);

      // Assess: sweep, then extend (which found nothing); no tag written on a half-deleted environment
      expect(tagsWhileHeld).toEqual([]);
      expect(report.expired).toEqual(['pr-2']);
      expect(extendError).toMatchObject({ code: 'not_found' });
      world.advance(HOUR);
      expect(await world.inspect()).toEqual(before);
    });

    it('leaves an environment whose lock another call holds for the next sweep, without waiting, and says so', async () => {
      // Prepare: expired, and an update of it (a new TTL) is in flight in another process, lock in hand
      const world = simulated();
      await world.engine.create({ name: 'pr-3', app: 'web', owner, ttl: '1h' });
      world.advance(2 * HOUR);
      const other = world.anotherEngine();
      const held = world.cloud.faults.hold({ command: 'TagResource' });
      const updating = other.create({ name: 'pr-3', app: 'web', owner, ttl: '24h' });
      await held.reached;

      // Act
      const report = await world.engine.sweep();
      held.release();
      const updated = await updating;

      // Assess
      expect(report).toMatchObject({ expired: [], removed: [], skipped: ['pr-3'] });
      expect(updated.environment.expiresAt).toBe(new Date(world.now().getTime() + 24 * HOUR).toISOString());
      expect(await environmentState(world, 'pr-3')).toBe('whole');
    });
  });

  describe('Scenario: a holder that crashed', () => {
    async function crashedHolder(world: ReturnType<typeof simulated>, name: string, leaseMs: number): Promise<void> {
      const locks = new DynamoDbLeaseLocks(lockClient(world.cloud), { tableName: SIMULATED_LOCK_TABLE });
      const now = world.now();
      const taken = await locks.acquire({ key: environmentLockKey(world.config, name), owner: 'create:crashed', operation: 'create', now, until: new Date(now.getTime() + leaseMs) });
      expect(taken).toBe(true);
    }

    it('lets the next writer in once the lease has expired', async () => {
      // Prepare: a lease never released, 10 s left; waiting moves the clock as real waiting would
      const world = simulated();
      await crashedHolder(world, 'pr-5', 10_000);
      const engine = world.anotherEngine({
        lock: {
          sleep: async (ms) => {
            world.advance(ms);
            await yieldingSleep();
          },
        },
      });

      // Act
      const created = await engine.create({ name: 'pr-5', app: 'web', owner });

      // Assess
      expect(created.outcome).toBe('created');
      expect(await environmentState(world, 'pr-5')).toBe('whole');
      expect(await leases(world.cloud)).toEqual([]);
    });

    it('answers busy, with what to do, after a bounded number of tries while the lease is live', async () => {
      // Prepare: a lease with a minute left; the clock does not move
      const world = simulated();
      await crashedHolder(world, 'pr-6', MINUTE);
      world.cloud.faults.clearCalls();

      // Act
      const error = await world.anotherEngine().destroy('pr-6').catch((caught: unknown) => caught);

      // Assess: busy, no write to ECS, ELBv2 or Route 53, and a few jittered tries, not a hot loop
      expect(error).toMatchObject({ code: 'busy', context: { envName: 'pr-6' }, message: expect.stringMatching(/try again in a minute/) });
      expect(world.cloud.faults.calls.filter((call) => call.service !== 'dynamodb')).toEqual([]);
      const tries = lockAttempts(world.cloud, 'destroy');
      expect(tries).toBeGreaterThan(5);
      expect(tries).toBeLessThanOrEqual(25);
    });
  });

  it('releases the lock when the write fails, so the next write goes at once', async () => {
    // Prepare
    const world = simulated();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'ServerException', message: 'injected' } });
    await expect(world.engine.create({ name: 'pr-9', app: 'web', owner })).rejects.toThrow(/injected/);

    // Act
    const other: Engine = world.anotherEngine({ lock: { waitMs: 0 } });
    const created = await other.create({ name: 'pr-9', app: 'web', owner });

    // Assess
    expect(created.outcome).toBe('created');
    expect(await leases(world.cloud)).toEqual([]);
  });

  it('takes its own lease when DynamoDB applied the PutItem, lost the answer and the SDK sent it again', async () => {
    // Prepare: the retry meets the lease its first attempt wrote; only one try is allowed
    const world = simulated();
    world.cloud.faults.inject({ command: 'PutItem', service: 'dynamodb', error: { name: 'RequestTimeout' }, retried: true });
    world.cloud.faults.inject({ command: 'DeleteItem', service: 'dynamodb', error: { name: 'RequestTimeout' }, retried: true });
    const engine = world.anotherEngine({ lock: { waitMs: 0 } });

    // Act
    const created = await engine.create({ name: 'pr-10', app: 'web', owner });

    // Assess: created, not busy; the release's retry found the lease gone, which is what it wanted
    expect(created.outcome).toBe('created');
    expect(world.cloud.faults.callsOf('PutItem').filter((call) => (call.input as any).Item.owner !== undefined)).toHaveLength(2);
    expect(await leases(world.cloud)).toEqual([]);
  });
});
