import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { DynamoDbEnvironmentCounts } from '../../src/aws/dynamodb-environment-counts.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { SimulatedCloud } from '../../src/local/simulated-cloud.js';
import { BACKENDS, createLockTable, DUMMY_CREDENTIALS, LOCK_TABLE, motoClientConfig, type BackendName } from './support/backends.js';
import { BASELINE } from './support/baseline.js';
import { resetMoto } from './support/moto-server.js';

/**
 * The installation's environment counts (the create quota) on DynamoDB's atomic counters: devenv's
 * DynamoDbEnvironmentCounts adapter, over HTTP against moto's DynamoDB and against the simulated cloud, through the
 * same sequence of calls. Both must end the same: ADD starts a missing number at zero, a failed condition changes
 * nothing, a replacement holds only at the version read.
 */

const endpoint = inject('motoEndpoint') ?? null;
const KEY = 'quota#devenv-1a2b3c4d5e';
const LIMITS = { total: 3, perOwner: 2 };

async function openTable(backend: BackendName): Promise<DynamoDBClient> {
  if (backend === 'moto') {
    await resetMoto(endpoint!);
    const client = new DynamoDBClient(motoClientConfig(endpoint!));
    await createLockTable(client);
    return client;
  }
  const cloud = new SimulatedCloud({ region: BASELINE.region });
  const client = new DynamoDBClient({ region: BASELINE.region, credentials: DUMMY_CREDENTIALS });
  attachSimulatedCloud(client, cloud, 'dynamodb');
  await createLockTable(client);
  return client;
}

async function stored(client: DynamoDBClient): Promise<Record<string, string> | null> {
  const { Item } = await client.send(new GetItemCommand({ TableName: LOCK_TABLE, Key: { pk: { S: KEY } }, ConsistentRead: true }));
  return Item ? Object.fromEntries(Object.entries(Item).map(([name, value]) => [name, value.N ?? value.S ?? '?'])) : null;
}

async function run(backend: BackendName): Promise<Record<string, unknown>> {
  const client = await openTable(backend);
  const counts = new DynamoDbEnvironmentCounts(client, { tableName: LOCK_TABLE, retry: { sleep: async () => undefined } });
  const notes: Record<string, unknown> = {};
  notes.reserveWithoutRecord = await counts.reserve(KEY, 'alice', LIMITS);
  notes.noRecord = await stored(client);
  notes.createdEmpty = await counts.replace(KEY, { total: 0, owners: new Map() }, undefined);
  notes.createdAgain = await counts.replace(KEY, { total: 0, owners: new Map() }, undefined);
  notes.alice1 = await counts.reserve(KEY, 'alice', LIMITS);
  notes.alice2 = await counts.reserve(KEY, 'alice', LIMITS);
  notes.alice3 = await counts.reserve(KEY, 'alice', LIMITS);
  notes.bob1 = await counts.reserve(KEY, 'bob', LIMITS);
  notes.carol1 = await counts.reserve(KEY, 'carol', LIMITS);
  notes.full = await stored(client);
  await counts.release(KEY, new Map([['alice', 1]]));
  notes.afterRelease = await stored(client);
  await counts.release(KEY, new Map([['carol', 1]]));
  notes.afterReleaseBelowZero = await stored(client);
  const read = await counts.read(KEY);
  notes.read = read && { ...read, owners: Object.fromEntries(read.owners) };
  notes.staleReplace = await counts.replace(KEY, { total: 9, owners: new Map([['x', 9]]) }, 1);
  notes.replace = await counts.replace(KEY, { total: 1, owners: new Map([['bob', 1]]) }, read?.version);
  notes.replaced = await stored(client);
  return notes;
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
        alice2: { reserved: true },
        alice3: { reserved: false, counts: { total: 2, version: 3, owners: new Map([['alice', 2]]) } },
        bob1: { reserved: true },
        carol1: { reserved: false, counts: { total: 3, version: 4, owners: new Map([['alice', 2], ['bob', 1]]) } },
        full: { pk: KEY, total: '3', version: '4', 'o#alice': '2', 'o#bob': '1' },
        afterRelease: { pk: KEY, total: '2', version: '5', 'o#alice': '1', 'o#bob': '1' },
        // carol has no environment: nothing is taken.
        afterReleaseBelowZero: { pk: KEY, total: '2', version: '5', 'o#alice': '1', 'o#bob': '1' },
        read: { total: 2, version: 5, owners: { alice: 1, bob: 1 } },
        staleReplace: false,
        replace: true,
        replaced: { pk: KEY, total: '1', version: '6', 'o#bob': '1' },
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
