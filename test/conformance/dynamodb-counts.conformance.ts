import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDbEnvironmentCounts } from '../../src/aws/dynamodb-environment-counts.js';
import { BACKENDS, LOCK_TABLE, openLockTable, type BackendName } from './support/backends.js';

/**
 * The installation's environment counts (the create quota) on DynamoDB's atomic counters: devenv's
 * DynamoDbEnvironmentCounts adapter, over HTTP against moto's DynamoDB and against the simulated cloud, through the
 * same sequence of calls. Both must end the same: ADD starts a missing number at zero, a failed condition changes
 * nothing, a replacement holds only at the version read.
 */

const endpoint = inject('motoEndpoint') ?? null;
const KEY = 'quota#devenv-1a2b3c4d5e';
const LIMITS = { total: 3, perOwner: 2 };
const AT = new Date('2026-11-30T10:00:00.000Z');
const MARK = (owner: string) => `${AT.getTime()} ${owner}`;

const openTable = (backend: BackendName) => openLockTable(backend, endpoint);

async function stored(client: DynamoDBClient): Promise<Record<string, string> | null> {
  const { Item } = await client.send(new GetItemCommand({ TableName: LOCK_TABLE, Key: { pk: { S: KEY } }, ConsistentRead: true }));
  // The writer is a fresh id per replacement: only whether there is one is compared.
  return Item ? Object.fromEntries(Object.entries(Item).map(([name, value]) => [name, name === 'writer' ? 'a writer id' : (value.N ?? value.S ?? '?')])) : null;
}

async function run(backend: BackendName): Promise<Record<string, unknown>> {
  const client = await openTable(backend);
  const counts = new DynamoDbEnvironmentCounts(client, { tableName: LOCK_TABLE, retry: { sleep: async () => undefined } });
  const place = (id: string, owner: string) => ({ id, owner, at: AT });
  const notes: Record<string, unknown> = {};
  notes.reserveWithoutRecord = await counts.reserve(KEY, place('c0', 'alice'), LIMITS);
  notes.noRecord = await stored(client);
  notes.createdEmpty = await counts.replace(KEY, new Map(), undefined);
  notes.createdAgain = await counts.replace(KEY, new Map(), undefined);
  notes.alice1 = await counts.reserve(KEY, place('c1', 'alice'), LIMITS);
  notes.alice1Again = await counts.reserve(KEY, place('c1', 'alice'), LIMITS);
  notes.alice2 = await counts.reserve(KEY, place('c2', 'alice'), LIMITS);
  notes.alice3 = summary(await counts.reserve(KEY, place('c3', 'alice'), LIMITS));
  notes.bob1 = await counts.reserve(KEY, place('c4', 'bob'), LIMITS);
  notes.carol1 = summary(await counts.reserve(KEY, place('c5', 'carol'), LIMITS));
  notes.full = await stored(client);
  await counts.release(KEY, { id: 'c1', owner: 'alice' });
  await counts.release(KEY, { id: 'c1', owner: 'alice' });
  notes.afterReleaseTwice = await stored(client);
  await counts.release(KEY, { id: 'c5', owner: 'carol' });
  notes.afterReleaseNeverHeld = await stored(client);
  const read = await counts.read(KEY);
  notes.staleReplace = await counts.replace(KEY, new Map([['x', { owner: 'x', at: 1 }]]), 1);
  notes.replace = await counts.replace(KEY, new Map([['c4', { owner: 'bob', at: AT.getTime() }]]), read?.version);
  notes.replaced = await stored(client);
  return notes;
}

function summary(outcome: Awaited<ReturnType<DynamoDbEnvironmentCounts['reserve']>>) {
  return outcome.reserved ? outcome : { reserved: false, total: outcome.counts?.total, version: outcome.counts?.version, owners: Object.fromEntries(outcome.counts?.owners ?? []) };
}

describe.skipIf(!endpoint)('Scenario: DynamoDB environment counts', () => {
  const notes = new Map<BackendName, Record<string, unknown>>();
  for (const backend of BACKENDS) {
    it(`holds on ${backend === 'moto' ? "moto's DynamoDB, through the real adapter over HTTP" : 'the simulated cloud'}`, async () => {
      const observed = await run(backend);
      notes.set(backend, observed);
      expect(observed).toEqual({
        reserveWithoutRecord: { reserved: false },
        noRecord: null,
        createdEmpty: true,
        createdAgain: false,
        alice1: { reserved: true },
        // The same id again (a retry whose first answer was lost): counted once.
        alice1Again: { reserved: true },
        alice2: { reserved: true },
        alice3: { reserved: false, total: 2, version: 3, owners: { alice: 2 } },
        bob1: { reserved: true },
        carol1: { reserved: false, total: 3, version: 4, owners: { alice: 2, bob: 1 } },
        full: { pk: KEY, total: '3', version: '4', writer: 'a writer id', 'o#alice': '2', 'o#bob': '1', 'r#c1': MARK('alice'), 'r#c2': MARK('alice'), 'r#c4': MARK('bob') },
        afterReleaseTwice: { pk: KEY, total: '2', version: '5', writer: 'a writer id', 'o#alice': '1', 'o#bob': '1', 'r#c2': MARK('alice'), 'r#c4': MARK('bob') },
        // carol holds no place: nothing is taken.
        afterReleaseNeverHeld: { pk: KEY, total: '2', version: '5', writer: 'a writer id', 'o#alice': '1', 'o#bob': '1', 'r#c2': MARK('alice'), 'r#c4': MARK('bob') },
        staleReplace: false,
        replace: true,
        replaced: { pk: KEY, total: '1', version: '6', writer: 'a writer id', 'o#bob': '1', 'r#c4': MARK('bob') },
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
