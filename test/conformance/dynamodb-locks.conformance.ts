import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDbLeaseLocks } from '../../src/aws/dynamodb-lease-locks.js';
import { BACKENDS, LOCK_TABLE, openLockTable, type BackendName } from './support/backends.js';
import { attempt } from './support/probe.js';

/**
 * The shared lock (issue 8, point 3) on DynamoDB's conditional writes: devenv's DynamoDbLeaseLocks adapter, over HTTP
 * against moto's DynamoDB and against the simulated cloud, through the same sequence of calls. Both must end the same,
 * and as DynamoDB documents: a conditional write is checked against the item as it is, and a failed condition is
 * ConditionalCheckFailedException. The table is made here, as the infra stack makes it (partition key `pk`, type S).
 */

const endpoint = inject('motoEndpoint') ?? null;
const KEY = 'env#devenv-dev#pr-42.dev.example.com';
const at = (seconds: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, seconds));
const lease = (owner: string, nowSeconds: number, untilSeconds: number) => ({ key: KEY, owner, operation: 'create', now: at(nowSeconds), until: at(untilSeconds) });

const openTable = (backend: BackendName) => openLockTable(backend, endpoint);

/** Who holds the lease and until when, as a plain GetItem sees it. */
async function holder(client: DynamoDBClient): Promise<{ owner?: string; expiresAt?: string; ttl?: string } | null> {
  const { Item } = await client.send(new GetItemCommand({ TableName: LOCK_TABLE, Key: { pk: { S: KEY } }, ConsistentRead: true }));
  return Item ? { owner: Item.owner?.S, expiresAt: Item.expiresAt?.N, ttl: Item.ttl?.N } : null;
}

async function run(backend: BackendName): Promise<Record<string, unknown>> {
  const client = await openTable(backend);
  const locks = new DynamoDbLeaseLocks(client, { tableName: LOCK_TABLE, retry: { sleep: async () => undefined } });
  const notes: Record<string, unknown> = {};
  notes.aTakesFree = await locks.acquire(lease('a', 0, 60));
  notes.bWhileLive = await locks.acquire(lease('b', 30, 90));
  notes.aRenews = await locks.acquire(lease('a', 40, 100));
  notes.afterRenewal = await holder(client);
  await locks.release(KEY, 'b');
  notes.afterForeignRelease = await holder(client);
  notes.bAtExpiry = await locks.acquire(lease('b', 100, 160));
  notes.bAfterExpiry = await locks.acquire(lease('b', 101, 161));
  notes.afterTakeover = await holder(client);
  notes.aStaleRelease = await attempt(() => locks.release(KEY, 'a'));
  notes.stillB = await holder(client);
  await locks.release(KEY, 'b');
  notes.afterRelease = await holder(client);
  notes.releaseAgain = await attempt(() => locks.release(KEY, 'b'));
  notes.rawConditionFailed = await attempt(() =>
    client.send(
      new PutItemCommand({
        TableName: LOCK_TABLE,
        Item: { pk: { S: 'x' } },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    ),
  );
  notes.missingTable = await attempt(() => new DynamoDbLeaseLocks(client, { tableName: 'no-such-table' }).acquire(lease('a', 0, 60)));
  return notes;
}

describe.skipIf(!endpoint)('Scenario: DynamoDB lease locks', () => {
  const notes = new Map<BackendName, Record<string, unknown>>();
  for (const backend of BACKENDS) {
    it(`holds on ${backend === 'moto' ? "moto's DynamoDB, through the real adapter over HTTP" : 'the simulated cloud'}`, async () => {
      const observed = await run(backend);
      notes.set(backend, observed);
      const expiry = (seconds: number) => String(at(seconds).getTime());
      expect(observed).toEqual({
        aTakesFree: true,
        bWhileLive: false,
        aRenews: true,
        afterRenewal: { owner: 'a', expiresAt: expiry(100), ttl: String(at(100).getTime() / 1000 + 3600) },
        afterForeignRelease: { owner: 'a', expiresAt: expiry(100), ttl: expect.any(String) },
        // `expiresAt < :now`: at the very millisecond of expiry the lease still holds.
        bAtExpiry: false,
        bAfterExpiry: true,
        afterTakeover: { owner: 'b', expiresAt: expiry(161), ttl: expect.any(String) },
        aStaleRelease: { ok: true },
        stillB: { owner: 'b', expiresAt: expiry(161), ttl: expect.any(String) },
        afterRelease: null,
        releaseAgain: { ok: true },
        rawConditionFailed: { error: 'ConditionalCheckFailedException' },
        missingTable: { error: 'CloudError' },
      });
    });
  }
  it('observes the same on moto and on the simulated cloud', () => {
    const moto = notes.get('moto');
    const simulated = notes.get('simulated');
    if (!moto || !simulated) throw new Error('a backend did not run this scenario (see the failures above)');
    expect(simulated).toEqual(moto);
  });
});
