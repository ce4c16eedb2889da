import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbEnvironmentCounts } from '../../src/aws/dynamodb-environment-counts.js';
import { INSTANT_RETRY } from './fixtures.js';

const dynamodb = mockClient(DynamoDBClient);
const TABLE = 'devenv-locks';
const KEY = 'quota#devenv-1a2b3c4d5e';
const ANA = 'github:acme/web@ana';
const LIMITS = { total: 50, perOwner: 3 };
const AT = new Date('2026-11-30T10:00:00.000Z');
const PLACE = { id: 'create-1', owner: ANA, at: AT };

const counts = () => new DynamoDbEnvironmentCounts(new DynamoDBClient({}), { tableName: TABLE, retry: INSTANT_RETRY });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
const storedItem = (extra: Record<string, { S?: string; N?: string }> = {}) => ({
  pk: { S: KEY },
  total: { N: '50' },
  version: { N: '7' },
  [`o#${ANA}`]: { N: '2' },
  'o#github:acme/web@bo': { N: '0' },
  'r#create-0': { S: `${AT.getTime()} ${ANA}` },
  ...extra,
});

beforeEach(() => {
  dynamodb.reset();
});

describe('Class: DynamoDbEnvironmentCounts', () => {
  describe('Method: reserve', () => {
    it('adds one to the total, the owner and the version and marks the place with its id, in one conditional UpdateItem', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      const outcome = await counts().reserve(KEY, PLACE, LIMITS);

      // Assess
      expect(outcome).toEqual({ reserved: true });
      expect(dynamodb).toHaveReceivedCommandTimes(UpdateItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandWith(UpdateItemCommand, {
        TableName: TABLE,
        Key: { pk: { S: KEY } },
        UpdateExpression: 'ADD #total :one, #version :one, #owner :one SET #reservation = :reservation',
        ConditionExpression:
          'attribute_exists(#version) AND attribute_not_exists(#reservation) AND #total < :total AND (attribute_not_exists(#owner) OR #owner < :perOwner)',
        ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#owner': `o#${ANA}`, '#reservation': 'r#create-1' },
        ExpressionAttributeValues: { ':one': { N: '1' }, ':total': { N: '50' }, ':perOwner': { N: '3' }, ':reservation': { S: `${AT.getTime()} ${ANA}` } },
      });
      expect(dynamodb).not.toHaveReceivedCommand(GetItemCommand);
    });

    it('refuses with the counts read consistently when the condition fails', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());
      dynamodb.on(GetItemCommand).resolves({ Item: storedItem() });

      // Act
      const outcome = await counts().reserve(KEY, PLACE, LIMITS);

      // Assess
      expect(outcome).toEqual({
        reserved: false,
        counts: { total: 50, version: 7, owners: new Map([[ANA, 2], ['github:acme/web@bo', 0]]), reservations: new Map([['create-0', { at: AT.getTime(), owner: ANA }]]) },
      });
      expect(dynamodb).toHaveReceivedCommandWith(GetItemCommand, { TableName: TABLE, Key: { pk: { S: KEY } }, ConsistentRead: true });
    });

    it('answers reserved when the place is marked with its id already (an earlier try applied, its answer lost)', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());
      dynamodb.on(GetItemCommand).resolves({ Item: storedItem({ 'r#create-1': { S: `${AT.getTime()} ${ANA}` } }) });

      // Act
      const outcome = await counts().reserve(KEY, PLACE, LIMITS);

      // Assess
      expect(outcome).toEqual({ reserved: true });
    });

    it('refuses without counts when there is no record yet', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());
      dynamodb.on(GetItemCommand).resolves({});

      // Act
      const outcome = await counts().reserve(KEY, PLACE, LIMITS);

      // Assess
      expect(outcome).toEqual({ reserved: false });
    });
  });

  describe('Method: release', () => {
    it('gives back one place, only if its id still holds one, in one UpdateItem', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      await counts().release(KEY, { id: 'create-1', owner: ANA });

      // Assess
      expect(dynamodb).toHaveReceivedCommandTimes(UpdateItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandWith(UpdateItemCommand, {
        UpdateExpression: 'ADD #total :minus, #owner :minus, #version :one REMOVE #reservation',
        ConditionExpression: 'attribute_exists(#reservation)',
        ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#owner': `o#${ANA}`, '#reservation': 'r#create-1' },
        ExpressionAttributeValues: { ':one': { N: '1' }, ':minus': { N: '-1' } },
      });
    });

    it('changes nothing, without an error, when the place was given back already', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());

      // Act
      const released = counts().release(KEY, { id: 'create-1', owner: ANA });

      // Assess
      await expect(released).resolves.toBeUndefined();
    });
  });

  describe('Method: replace', () => {
    it('writes the whole record from the reservations with the next version, only if it is still at the version read', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});

      // Act
      const replaced = await counts().replace(KEY, new Map([['create-0', { at: AT.getTime(), owner: ANA }]]), 7);

      // Assess
      expect(replaced).toBe(true);
      expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, {
        TableName: TABLE,
        Item: { pk: { S: KEY }, total: { N: '1' }, version: { N: '8' }, writer: { S: expect.any(String) }, [`o#${ANA}`]: { N: '1' }, 'r#create-0': { S: `${AT.getTime()} ${ANA}` } },
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': { N: '7' } },
      });
    });

    it('answers false when someone changed the record first', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed());
      dynamodb.on(GetItemCommand).resolves({ Item: storedItem({ writer: { S: 'someone-else' } }) });

      // Act
      const replaced = await counts().replace(KEY, new Map(), undefined);

      // Assess
      expect(replaced).toBe(false);
      expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, { ConditionExpression: 'attribute_not_exists(pk)' });
    });

    it('answers true when the refusal is its own write applied once already (a retry after a lost answer)', async () => {
      // Prepare: the first PutItem times out after DynamoDB applied it; the retry's condition then fails
      let written: string | undefined;
      dynamodb
        .on(PutItemCommand)
        .callsFakeOnce((input: { Item: { writer: { S: string } } }) => {
          written = input.Item.writer.S;
          throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $metadata: {} });
        })
        .rejects(conditionFailed());
      dynamodb.on(GetItemCommand).callsFake(() => ({ Item: storedItem({ version: { N: '8' }, writer: { S: written! } }) }));

      // Act
      const replaced = await counts().replace(KEY, new Map(), 7);

      // Assess
      expect(replaced).toBe(true);
      expect(dynamodb).toHaveReceivedCommandTimes(PutItemCommand, 2);
    });
  });
});
