import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/core/engine.js';
import { commandLog } from './command-log.js';
import { LOCK_TABLE, newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Mocks } from './fake-account.js';
import { seedEnvironment } from './environments.js';
import { FIXED_ID, INSTANCE, NOW, OWNER } from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };
const dynamodb = mockClient(DynamoDBClient);

const KEY = `env#${INSTANCE}#pr-42.dev.example.com`;
const LEASE_MS = 60_000;

/** Every command of the four clients, in the order sent. */
function fullLog(): string[] {
  const log = [...commandLog(mocks).map((entry) => entry.command)];
  const all = [...ecs.calls(), ...elb.calls(), ...route53.calls(), ...dynamodb.calls()];
  all.sort((a, b) => (a.calledBefore(b) ? -1 : b.calledBefore(a) ? 1 : 0));
  expect(all.length).toBe(log.length + dynamodb.calls().length);
  return all.map((call) => call.args[0].constructor.name.replace(/Command$/, ''));
}

const engine = (): Engine => newEngine(new DynamoDBClient({ region: 'us-east-1' }));

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  dynamodb.reset();
  serveAccount(mocks, baselineAccount());
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(DeleteItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
});

describe('Class: Engine (SDK calls) — the shared lock', () => {
  it('takes the lease first, before any read, and gives it back last, on a create', async () => {
    // Act
    await engine().create({ name: 'pr-42', app: 'web', owner: OWNER });

    // Assess
    const log = fullLog();
    expect(log.length).toBeGreaterThan(10);
    expect(log[0]).toBe('PutItem');
    expect(log.at(-1)).toBe('DeleteItem');
    expect(log.filter((command) => command === 'PutItem' || command === 'DeleteItem')).toEqual(['PutItem', 'DeleteItem']);
    expect(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input).toMatchObject({
      TableName: LOCK_TABLE,
      Item: expect.objectContaining({
        pk: { S: KEY },
        owner: { S: `create:${FIXED_ID}` },
        expiresAt: { N: String(NOW.getTime() + LEASE_MS) },
      }),
      ExpressionAttributeValues: { ':now': { N: String(NOW.getTime()) }, ':me': { S: `create:${FIXED_ID}` } },
    });
    expect(dynamodb.commandCalls(DeleteItemCommand)[0]!.args[0].input).toMatchObject({
      TableName: LOCK_TABLE,
      Key: { pk: { S: KEY } },
      ExpressionAttributeValues: { ':me': { S: `create:${FIXED_ID}` } },
    });
  });

  it.each([
    ['extend', (subject: Engine) => subject.extend('pr-42', '24h')],
    ['destroy', (subject: Engine) => subject.destroy('pr-42')],
  ] as const)('holds the lease around a whole %s', async (operation, act) => {
    // Prepare
    const account = baselineAccount();
    ecs.reset();
    elb.reset();
    route53.reset();
    seedEnvironment(account, { name: 'pr-42', targetGroup: 'dv-pr-42-25ce9822', priority: 46355 });
    serveAccount(mocks, account);

    // Act
    await act(engine());

    // Assess
    const log = fullLog();
    expect([log[0], log.at(-1)]).toEqual(['PutItem', 'DeleteItem']);
    expect(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input.Item).toMatchObject({ owner: { S: `${operation}:${FIXED_ID}` }, operation: { S: operation } });
  });

  it('sends nothing to ECS, ELBv2 or Route 53 and answers busy when the lease stays held', async () => {
    // Prepare
    dynamodb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } }));
    // Act
    const error = await newEngine(new DynamoDBClient({ region: 'us-east-1' }), { sleep: async () => undefined, random: () => 0 })
      .destroy('pr-42')
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: 'busy', context: { envName: 'pr-42' } });
    expect(commandLog(mocks)).toEqual([]);
    expect(dynamodb).not.toHaveReceivedCommand(DeleteItemCommand);
    // Backoff from 250 ms doubling to 2 s, never under half of it (here exactly half): 20 s of waiting is 24 tries.
    expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 24);
  });
});
