import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { DynamoDbLeaseLocks } from '../../src/aws/dynamodb-lease-locks.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { SIMULATED_LOCK_TABLE } from '../../src/local/dynamodb.js';
import type { SimulatedCloud } from '../../src/local/simulated-cloud.js';
import { replayLeaseKey, SharedReplayGuard } from '../../src/slack/shared-replay-guard.js';
import { createSlackEndpoint } from '../../src/slack/slack-app.js';
import { INSTANT_RETRY } from '../aws/fixtures.js';
import { START } from '../support/simulated.js';
import { ACTIONS, buttonClick, NOW_SECONDS, SIGNED, SIGNING_SECRET, slackHarness, slashCommand } from './fixtures.js';

const SIGNATURE = 'v0=7d5b8f0c2a4e6b1d3f5a7c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d';

/** A receiver instance's own lease locks: its own SDK client on the shared simulated lock table, no memory in common. */
function guardOn(cloud: SimulatedCloud, now: () => number = () => START.getTime()): SharedReplayGuard {
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  attachSimulatedCloud(client, cloud, 'dynamodb');
  return new SharedReplayGuard({ locks: new DynamoDbLeaseLocks(client, { tableName: SIMULATED_LOCK_TABLE, retry: INSTANT_RETRY }), now });
}

/** Two receiver instances on one simulated cloud: the harness's, and a second one sharing only the lock table. */
function twoReceivers(secondNow: () => number = () => START.getTime()) {
  let first!: SharedReplayGuard;
  const harness = slackHarness({ replayGuard: { firstSeen: (signature, timestamp) => first.firstSeen(signature, timestamp) } });
  first = guardOn(harness.cloud);
  const second = createSlackEndpoint({
    config: harness.config,
    signingSecret: SIGNING_SECRET,
    dispatcher: harness.dispatcher,
    poster: harness.poster,
    logger: harness.logger,
    now: secondNow,
    replayGuard: guardOn(harness.cloud, secondNow),
  });
  const sendToSecond = async (request: Parameters<typeof second.handle>[0]) => {
    const response = await second.handle(request);
    await harness.dispatcher.idle();
    return response;
  };
  return { ...harness, sendToSecond };
}

const replayPuts = (cloud: SimulatedCloud) =>
  cloud.faults.calls.filter((call) => call.service === 'dynamodb' && call.command === 'PutItem' && (call.input as any).Item.pk.S.startsWith('slack-replay#'));

describe('Class: SharedReplayGuard', () => {
  describe('on two receiver instances sharing the lock table', () => {
    it('refuses with 401 on the second instance a request the first accepted, so its work runs once', async () => {
      // Prepare
      const slack = twoReceivers();

      // Act
      const first = await slack.send(SIGNED.replayed);
      const replay = await slack.sendToSecond(SIGNED.replayed);

      // Assess
      expect([first.status, replay.status]).toEqual([200, 401]);
      expect(slack.poster.responses).toHaveLength(1);
    });

    it('accepts on the second instance a request it has not seen', async () => {
      // Prepare
      const slack = twoReceivers();
      await slack.send(slashCommand('list all'));

      // Act
      const other = await slack.sendToSecond(slashCommand('list mine'));

      // Assess
      expect(other.status).toBe(200);
      expect(slack.poster.responses).toHaveLength(2);
    });

    it('stores the signature\'s SHA-256, never the signature itself', async () => {
      // Prepare
      const slack = twoReceivers();
      const signature = SIGNED.replayed.headers['x-slack-signature']!;

      // Act
      await slack.send(SIGNED.replayed);

      // Assess
      const stored = JSON.stringify(slack.cloud.dynamodb.snapshot());
      expect(stored).toContain(`slack-replay#${createHash('sha256').update(signature).digest('hex')}`);
      expect(stored).not.toContain(signature.slice(3));
    });

    it('leaves a request past the 5-minute window to the timestamp check, without a lease call', async () => {
      // Prepare: the second instance's clock is past the request's window (and past the lease's expiry)
      const slack = twoReceivers(() => (NOW_SECONDS + 6 * 60 + 1) * 1000);
      await slack.send(SIGNED.replayed);
      const putsBefore = replayPuts(slack.cloud).length;

      // Act
      const late = await slack.sendToSecond(SIGNED.replayed);

      // Assess
      expect(late.status).toBe(401);
      expect(replayPuts(slack.cloud)).toHaveLength(putsBefore);
      expect(slack.poster.responses).toHaveLength(1);
    });

    it('accepts a request whose lease write was applied but whose answer was lost (the retry finds its own lease)', async () => {
      // Prepare
      const slack = twoReceivers();
      slack.cloud.faults.inject({ service: 'dynamodb', command: 'PutItem', error: { name: 'TimeoutError' }, afterRunning: true });

      // Act
      const first = await slack.send(SIGNED.replayed);
      const replay = await slack.sendToSecond(SIGNED.replayed);

      // Assess
      expect([first.status, replay.status]).toEqual([200, 401]);
      expect(replayPuts(slack.cloud)).toHaveLength(3);
    });
  });

  describe('when the lock table fails', () => {
    it('fails closed: a command gets an ephemeral "nothing was done" and no work, a click gets 503', async () => {
      // Prepare: the receiver may not write the table (say, its 'lock' grant is missing)
      const slack = twoReceivers();
      slack.cloud.faults.inject({ service: 'dynamodb', command: 'PutItem', error: { name: 'AccessDeniedException' }, times: Infinity });

      // Act
      const command = await slack.send(slashCommand('create demo web'));
      const click = await slack.send(buttonClick(ACTIONS.extend, 'demo'));

      // Assess
      expect(command.status).toBe(200);
      expect(command.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('did nothing') });
      expect(click).toMatchObject({ status: 503, body: '' });
      expect(slack.poster.responses).toEqual([]);
      expect(await slack.engine.list({ owner: 'slack:T0TEAM/U0ALICE' })).toEqual([]);
    });
  });

  describe('Method: firstSeen', () => {
    it('takes a lease on the signature\'s hash with a fresh owner until the timestamp plus 6 minutes, in one PutItem', async () => {
      // Prepare
      const client = new DynamoDBClient({ region: 'us-east-1' });
      const dynamodb = mockClient(client);
      dynamodb.on(PutItemCommand).resolves({});
      let owners = 0;
      const guard = new SharedReplayGuard({
        locks: new DynamoDbLeaseLocks(client, { tableName: 'devenv-locks', retry: INSTANT_RETRY }),
        now: () => START.getTime(),
        newOwner: () => `owner-${(owners += 1)}`,
      });
      const key = `slack-replay#${createHash('sha256').update(SIGNATURE).digest('hex')}`;
      const until = (NOW_SECONDS + 6 * 60) * 1000;

      // Act
      const seen = await guard.firstSeen(SIGNATURE, NOW_SECONDS);

      // Assess
      expect(seen).toBe(true);
      expect(replayLeaseKey(SIGNATURE)).toBe(key);
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
      expect(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input).toEqual({
        TableName: 'devenv-locks',
        Item: {
          pk: { S: key },
          owner: { S: 'slack-replay:owner-1' },
          operation: { S: 'slack-replay' },
          expiresAt: { N: String(until) },
          ttl: { N: String(until / 1000 + 3600) },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': { N: String(START.getTime()) }, ':me': { S: 'slack-replay:owner-1' } },
      });
    });

    it('answers false for a replay: the condition fails, and the second call came as another owner', async () => {
      // Prepare
      const client = new DynamoDBClient({ region: 'us-east-1' });
      const dynamodb = mockClient(client);
      dynamodb
        .on(PutItemCommand)
        .resolvesOnce({})
        .rejectsOnce(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } }));
      const guard = new SharedReplayGuard({ locks: new DynamoDbLeaseLocks(client, { tableName: 'devenv-locks', retry: INSTANT_RETRY }) });

      // Act
      const answers = [await guard.firstSeen(SIGNATURE, NOW_SECONDS), await guard.firstSeen(SIGNATURE, NOW_SECONDS)];

      // Assess
      expect(answers).toEqual([true, false]);
      const owners = dynamodb.commandCalls(PutItemCommand).map((call) => call.args[0].input.Item!.owner!.S);
      expect(new Set(owners).size).toBe(2);
    });
  });
});
