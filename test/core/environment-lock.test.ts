import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbLeaseLocks } from '../../src/aws/dynamodb-lease-locks.js';
import { EnvironmentLocks, environmentLockKey } from '../../src/core/environment-lock.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { ensureLockTable, SIMULATED_LOCK_TABLE } from '../../src/local/dynamodb.js';
import { SimulatedCloud } from '../../src/local/simulated-cloud.js';

const config = { installation: 'devenv-dev-0a1b2c3d4e', baseDomain: 'dev.example.com' };
const START = new Date('2026-11-25T10:00:00.000Z');

/** The real adapter on a simulated lock table, and a clock the test moves. */
function setup() {
  let now = START;
  const cloud = new SimulatedCloud({ now: () => now });
  ensureLockTable(cloud.dynamodb, SIMULATED_LOCK_TABLE);
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  attachSimulatedCloud(client, cloud, 'dynamodb');
  const locks = new DynamoDbLeaseLocks(client, { tableName: SIMULATED_LOCK_TABLE });
  let ids = 0;
  const make = (timing = {}) =>
    new EnvironmentLocks({ locks, config, clock: { now: () => now }, newId: () => `id-${++ids}`, timing: { sleep: async () => undefined, ...timing } });
  const item = async (envName: string) =>
    (await client.send(new GetItemCommand({ TableName: SIMULATED_LOCK_TABLE, Key: { pk: { S: environmentLockKey(config, envName) } } }))).Item;
  return { cloud, client, make, item, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}



afterEach(() => {
  vi.useRealTimers();
});

describe('Function: environmentLockKey', () => {
  it('scopes the key to the installation and the environment host', () => {
    expect(environmentLockKey(config, 'pr-42')).toBe('env#devenv-dev-0a1b2c3d4e#pr-42.dev.example.com');
    expect(environmentLockKey({ ...config, installation: 'devenv-dev-5f6e7d8c9b' }, 'pr-42')).not.toBe(environmentLockKey(config, 'pr-42'));
  });
});

describe('Class: EnvironmentLocks', () => {
  describe('Method: run', () => {
    it('renews the lease while long work runs, so no one else takes it after the first lease ran out', async () => {
      // Prepare
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const { make, item, advance } = setup();
      const holder = make({ leaseMs: 60_000 });
      const other = make({ waitMs: 0 });
      let finish!: () => void;
      const working = holder.run('pr-1', 'create', () => new Promise<void>((resolve) => (finish = resolve)));
      await vi.waitFor(async () => expect(await item('pr-1')).toBeDefined());

      // Act: five minutes of work, renewals every 20 s
      for (let step = 0; step < 15; step += 1) {
        advance(20_000);
        await vi.advanceTimersByTimeAsync(20_000);
      }
      const intruder = await other.run('pr-1', 'destroy', async () => 'ran').catch((error: unknown) => error);

      // Assess
      expect(intruder).toMatchObject({ code: 'busy' });
      expect(Number((await item('pr-1'))!.expiresAt!.N)).toBe(START.getTime() + 300_000 + 60_000);
      finish();
      await working;
      expect(await item('pr-1')).toBeUndefined();
    });

    it('leaves no lease behind when a renewal still in flight lands after the release (review1: lease resurrected)', async () => {
      // Prepare: a renewal PutItem is slow (DynamoDB latency, or withRetry backing off after a 500) while the work ends
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const { cloud, make, item } = setup();
      const holder = make({ leaseMs: 60_000 });
      let puts = 0;
      // The first PutItem takes the lease; the next one (the renewal) is held in flight.
      const renewal = cloud.faults.hold({ command: 'PutItem', when: () => ++puts > 1 });
      let finish!: () => void;
      const working = holder.run('pr-9', 'create', () => new Promise<void>((resolve) => (finish = resolve)));
      await vi.waitFor(async () => expect(await item('pr-9')).toBeDefined());
      await vi.advanceTimersByTimeAsync(20_000);
      await renewal.reached;

      // Act: the work ends and releases its lease; then the renewal sent before arrives at DynamoDB
      finish();
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      renewal.release();
      await working;
      const next = await make({ waitMs: 0 }).run('pr-9', 'destroy', async () => 'ran').catch((error: unknown) => error);

      // Assess: the environment is free, not locked for a minute by a lease no one holds
      expect(next).toBe('ran');
      expect(await item('pr-9')).toBeUndefined();
    });

    it('releases the lease when the work throws, and passes the error on', async () => {
      // Prepare
      const { make, item } = setup();

      // Act
      const error = await make()
        .run('pr-2', 'create', async () => {
          throw new Error('work failed');
        })
        .catch((caught: unknown) => caught);

      // Assess
      expect(error).toMatchObject({ message: 'work failed' });
      expect(await item('pr-2')).toBeUndefined();
    });

    it('still answers the work when the release itself fails: the lease then runs out by itself', async () => {
      // Prepare
      const { cloud, make } = setup();
      cloud.faults.inject({ command: 'DeleteItem', error: { name: 'InternalServerError' }, times: Infinity });

      // Act
      const result = await make().run('pr-3', 'extend', async () => 'done');

      // Assess
      expect(result).toBe('done');
    });
  });

  describe('Method: runWithFree', () => {
    it('takes the free locks only, without waiting, and releases them all afterwards', async () => {
      // Prepare
      const { make, item } = setup();
      let release!: () => void;
      const busy = make().run('pr-2', 'create', () => new Promise<void>((resolve) => (release = resolve)));
      await vi.waitFor(async () => expect(await item('pr-2')).toBeDefined());

      // Act
      const held = await make().runWithFree(['pr-3', 'pr-1', 'pr-2', 'pr-1'], 'sweep', async (names) => {
        expect(await item('pr-1')).toBeDefined();
        return [...names].sort();
      });

      // Assess
      expect(held).toEqual(['pr-1', 'pr-3']);
      expect(await item('pr-1')).toBeUndefined();
      expect(await item('pr-3')).toBeUndefined();
      release();
      await busy;
    });

    it('gives back the leases work releases early, and the rest when it ends', async () => {
      // Prepare
      const { make, item } = setup();
      const seen: Array<[boolean, boolean]> = [];

      // Act
      await make().runWithFree(['pr-1', 'pr-2'], 'sweep', async (_held, release) => {
        await release(['pr-1']);
        seen.push([(await item('pr-1')) === undefined, (await item('pr-2')) === undefined]);
      });

      // Assess
      expect(seen).toEqual([[true, false]]);
      expect(await item('pr-2')).toBeUndefined();
    });

    it('takes the sweep\'s leases for fifteen times as long as a write\'s (a Lambda\'s longest run), so none needs renewing within a run', async () => {
      // Prepare
      const { make, client } = setup();

      // Act
      await make({ leaseMs: 60_000 }).runWithFree(['pr-1'], 'sweep', async () => {
        const { Item } = await client.send(new GetItemCommand({ TableName: SIMULATED_LOCK_TABLE, Key: { pk: { S: environmentLockKey(config, 'pr-1') } } }));
        // Assess
        expect(Number(Item?.expiresAt?.N)).toBe(START.getTime() + 900_000);
      });
    });
  });
});
