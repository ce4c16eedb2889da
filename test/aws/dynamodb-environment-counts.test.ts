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

const counts = () => new DynamoDbEnvironmentCounts(new DynamoDBClient({}), { tableName: TABLE, retry: INSTANT_RETRY });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
const storedItem = { pk: { S: KEY }, total: { N: '50' }, version: { N: '7' }, [`o#${ANA}`]: { N: '2' }, 'o#github:acme/web@bo': { N: '0' } };

beforeEach(() => {
  dynamodb.reset();
});

describe('Class: DynamoDbEnvironmentCounts', () => {
  describe('Method: reserve', () => {
    it('adds one to the total, the owner and the version in one conditional UpdateItem, and reads nothing', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      const outcome = await counts().reserve(KEY, ANA, LIMITS);

      // Assess
      expect(outcome).toEqual({ reserved: true });
      expect(dynamodb).toHaveReceivedCommandTimes(UpdateItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandWith(UpdateItemCommand, {
        TableName: TABLE,
        Key: { pk: { S: KEY } },
        UpdateExpression: 'ADD #total :one, #version :one, #owner :one',
        ConditionExpression: 'attribute_exists(#version) AND #total < :total AND (attribute_not_exists(#owner) OR #owner < :perOwner)',
        ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#owner': `o#${ANA}` },
        ExpressionAttributeValues: { ':one': { N: '1' }, ':total': { N: '50' }, ':perOwner': { N: '3' } },
      });
      expect(dynamodb).not.toHaveReceivedCommand(GetItemCommand);
    });

    it('refuses with the counts read consistently when the condition fails', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());
      dynamodb.on(GetItemCommand).resolves({ Item: storedItem });

      // Act
      const outcome = await counts().reserve(KEY, ANA, LIMITS);

      // Assess: owners at zero are no owners
      expect(outcome).toEqual({ reserved: false, counts: { total: 50, version: 7, owners: new Map([[ANA, 2]]) } });
      expect(dynamodb).toHaveReceivedCommandWith(GetItemCommand, { TableName: TABLE, Key: { pk: { S: KEY } }, ConsistentRead: true });
    });

    it('refuses without counts when there is no record yet', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());
      dynamodb.on(GetItemCommand).resolves({});

      // Act
      const outcome = await counts().reserve(KEY, ANA, LIMITS);

      // Assess
      expect(outcome).toEqual({ reserved: false });
    });
  });

  describe('Method: release', () => {
    it('takes every removed environment away in one UpdateItem, guarded against going below zero', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).resolves({});

      // Act
      await counts().release(KEY, new Map([[ANA, 2], ['github:acme/web@bo', 1]]));

      // Assess
      expect(dynamodb).toHaveReceivedCommandTimes(UpdateItemCommand, 1);
      expect(dynamodb).toHaveReceivedCommandWith(UpdateItemCommand, {
        UpdateExpression: 'ADD #total :minusTotal, #version :one, #o0 :minusO0, #o1 :minusO1',
        ConditionExpression: '#total >= :total AND #o0 >= :o0 AND #o1 >= :o1',
        ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#o0': `o#${ANA}`, '#o1': 'o#github:acme/web@bo' },
        ExpressionAttributeValues: { ':one': { N: '1' }, ':total': { N: '3' }, ':minusTotal': { N: '-3' }, ':o0': { N: '2' }, ':minusO0': { N: '-2' }, ':o1': { N: '1' }, ':minusO1': { N: '-1' } },
      });
    });

    it('leaves counts that would fall below zero as they are, without an error', async () => {
      // Prepare
      dynamodb.on(UpdateItemCommand).rejects(conditionFailed());

      // Act
      const released = counts().release(KEY, new Map([[ANA, 1]]));

      // Assess
      await expect(released).resolves.toBeUndefined();
    });

    it('sends nothing when nothing was removed', async () => {
      // Act
      await counts().release(KEY, new Map());

      // Assess
      expect(dynamodb.calls()).toHaveLength(0);
    });
  });

  describe('Method: replace', () => {
    it('writes the whole record with the next version, only if it is still at the version read', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).resolves({});

      // Act
      const replaced = await counts().replace(KEY, { total: 2, owners: new Map([[ANA, 2]]) }, 7);

      // Assess
      expect(replaced).toBe(true);
      expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, {
        TableName: TABLE,
        Item: { pk: { S: KEY }, total: { N: '2' }, version: { N: '8' }, [`o#${ANA}`]: { N: '2' } },
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': { N: '7' } },
      });
    });

    it('creates the record only if there is none, and answers false when someone changed it first', async () => {
      // Prepare
      dynamodb.on(PutItemCommand).rejects(conditionFailed());

      // Act
      const replaced = await counts().replace(KEY, { total: 0, owners: new Map() }, undefined);

      // Assess
      expect(replaced).toBe(false);
      expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, { ConditionExpression: 'attribute_not_exists(pk)' });
    });
  });
});
