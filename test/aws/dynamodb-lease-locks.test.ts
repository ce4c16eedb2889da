import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbLeaseLocks } from '../../src/aws/dynamodb-lease-locks.js';
import { CloudError } from '../../src/core/errors.js';
import { INSTANT_RETRY } from './fixtures.js';

const dynamodb = mockClient(DynamoDBClient);
const TABLE = 'devenv-locks';
const KEY = 'env#devenv-dev#pr-42.dev.example.com';
const OWNER = 'create:1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
const NOW = new Date('2026-11-25T10:00:00.000Z');
const UNTIL = new Date('2026-11-25T10:01:00.000Z');

const locks = () => new DynamoDbLeaseLocks(new DynamoDBClient({}), { tableName: TABLE, retry: INSTANT_RETRY });
const lease = { key: KEY, owner: OWNER, operation: 'create', now: NOW, until: UNTIL };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  dynamodb.reset();
});

describe('Class: DynamoDbLeaseLocks', () => {
  describe('Method: acquire', () => {
    it('takes the lease with one conditional PutItem: absent, expired, or already its own', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});

      // Act
      const taken = await locks().acquire(lease);

      // Assess
      expect(taken).toBe(true);
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
      expect(dynamodb.commandCalls(PutItemCommand)[0]!.args[0].input).toEqual({
        TableName: TABLE,
        Item: {
          pk: { S: KEY },
          owner: { S: OWNER },
          operation: { S: 'create' },
          expiresAt: { N: String(UNTIL.getTime()) },
          ttl: { N: String(UNTIL.getTime() / 1000 + 3600) },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': { N: String(NOW.getTime()) }, ':me': { S: OWNER } },
      });
    });

    it('answers false when the condition fails: someone else holds a live lease', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed());

      // Act
      const taken = await locks().acquire(lease);

      // Assess
      expect(taken).toBe(false);
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 1);
    });

    it('retries throttling, then takes the lease', async () => {
      // Prepare
      dynamodb
        .on(PutItemCommand)
        .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
        .resolves({});

      // Act
      const taken = await locks().acquire(lease);

      // Assess
      expect(taken).toBe(true);
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 2);
    });

    it('throws a CloudError naming the call when the table is missing', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: { httpStatusCode: 400 } }));

      // Act
      const error = await locks().acquire(lease).catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(CloudError);
      expect(error).toMatchObject({ operation: 'dynamodb:PutItem', message: expect.stringMatching(/ResourceNotFoundException/) });
    });
  });

  describe('Method: release', () => {
    it('deletes the lease only while it is its own', async () => {
      // Prepare
      dynamodb.on(DeleteItemCommand).resolves({});

      // Act
      await locks().release(KEY, OWNER);

      // Assess
      expect(dynamodb).toHaveReceivedCommandTimes(DeleteItemCommand, 1);
      expect(dynamodb.commandCalls(DeleteItemCommand)[0]!.args[0].input).toEqual({
        TableName: TABLE,
        Key: { pk: { S: KEY } },
        ConditionExpression: '#owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':me': { S: OWNER } },
      });
    });

    it('leaves a lease that is gone or someone else holds, without an error', async () => {
      // Prepare
      dynamodb.on(DeleteItemCommand).rejects(conditionFailed());

      // Act and Assess
      await expect(locks().release(KEY, OWNER)).resolves.toBeUndefined();
    });
  });
});
