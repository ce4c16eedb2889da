import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { SimulatedCloud } from '../../src/local/simulated-cloud.js';
import { credentials, rejectionOf } from './fixtures.js';

const TABLE = 'locks';

async function table() {
  const cloud = new SimulatedCloud();
  const dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials });
  attachSimulatedCloud(dynamodb, cloud, 'dynamodb');
  await dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return { cloud, dynamodb };
}

const take = (owner: string, expiresAt: number, now: number) =>
  new PutItemCommand({
    TableName: TABLE,
    Item: { pk: { S: 'k' }, owner: { S: owner }, expiresAt: { N: String(expiresAt) } },
    ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :me',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':now': { N: String(now) }, ':me': { S: owner } },
  });

const give = (owner: string) =>
  new DeleteItemCommand({
    TableName: TABLE,
    Key: { pk: { S: 'k' } },
    ConditionExpression: '#owner = :me',
    ExpressionAttributeNames: { '#owner': 'owner' },
    ExpressionAttributeValues: { ':me': { S: owner } },
  });

describe('Class: SimulatedDynamoDb', () => {
  describe('Method: PutItem with a condition', () => {
    it('writes when the item is absent, and refuses another owner while the lease is live', async () => {
      // Prepare
      const { dynamodb } = await table();

      // Act
      await dynamodb.send(take('a', 2_000, 1_000));
      const refused = await rejectionOf(dynamodb.send(take('b', 2_500, 1_500)));

      // Assess
      expect(refused).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed' });
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'k' } } }));
      expect(Item).toEqual({ pk: { S: 'k' }, owner: { S: 'a' }, expiresAt: { N: '2000' } });
    });

    it('lets its own owner write again, and anyone once the lease expired (numbers compared as numbers)', async () => {
      // Prepare
      const { dynamodb } = await table();
      await dynamodb.send(take('a', 9_000, 1_000));

      // Act
      await dynamodb.send(take('a', 10_000, 2_000));
      await dynamodb.send(take('b', 20_000, 10_001));

      // Assess
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'k' } } }));
      expect(Item?.owner).toEqual({ S: 'b' });
    });
  });

  describe('Method: DeleteItem with a condition', () => {
    it('deletes only for the owner', async () => {
      // Prepare
      const { dynamodb } = await table();
      await dynamodb.send(take('a', 2_000, 1_000));

      // Act
      const refused = await rejectionOf(dynamodb.send(give('b')));
      await dynamodb.send(give('a'));
      const again = await rejectionOf(dynamodb.send(give('a')));

      // Assess
      expect(refused.name).toBe('ConditionalCheckFailedException');
      expect(again.name).toBe('ConditionalCheckFailedException');
      expect((await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'k' } } }))).Item).toBeUndefined();
    });
  });

  describe('Method: UpdateItem with ADD', () => {
    const add = (limit: number) =>
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'q' } },
        UpdateExpression: 'ADD #total :one, #owner :one',
        ConditionExpression: 'attribute_not_exists(#total) OR #total < :limit',
        ExpressionAttributeNames: { '#total': 'total', '#owner': 'o#alice' },
        ExpressionAttributeValues: { ':one': { N: '1' }, ':limit': { N: String(limit) } },
      });

    it('starts a missing item and attributes at zero, adds atomically, and refuses once the condition fails', async () => {
      // Prepare
      const { dynamodb } = await table();

      // Act
      await dynamodb.send(add(2));
      await dynamodb.send(add(2));
      const refused = await rejectionOf(dynamodb.send(add(2)));

      // Assess
      expect(refused).toMatchObject({ name: 'ConditionalCheckFailedException' });
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'q' } }, ConsistentRead: true }));
      expect(Item).toEqual({ pk: { S: 'q' }, total: { N: '2' }, 'o#alice': { N: '2' } });
    });

    it('sets and removes attributes in the same update as it adds, in any order of clauses', async () => {
      // Prepare
      const { dynamodb } = await table();
      await dynamodb.send(add(5));

      // Act
      await dynamodb.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'q' } },
          UpdateExpression: 'SET #mark = :mark ADD #total :one REMOVE #owner',
          ExpressionAttributeNames: { '#mark': 'r#1', '#total': 'total', '#owner': 'o#alice' },
          ExpressionAttributeValues: { ':mark': { S: 'x' }, ':one': { N: '1' } },
        }),
      );

      // Assess
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'q' } } }));
      expect(Item).toEqual({ pk: { S: 'q' }, total: { N: '2' }, 'r#1': { S: 'x' } });
    });

    it('refuses an update expression it does not model, and an unused placeholder, as DynamoDB would', async () => {
      // Prepare
      const { dynamodb } = await table();

      // Act
      const set = await rejectionOf(
        dynamodb.send(new UpdateItemCommand({ TableName: TABLE, Key: { pk: { S: 'q' } }, UpdateExpression: 'SET a = if_not_exists(a, :v)', ExpressionAttributeValues: { ':v': { N: '1' } } })),
      );
      const unused = await rejectionOf(
        dynamodb.send(
          new UpdateItemCommand({
            TableName: TABLE,
            Key: { pk: { S: 'q' } },
            UpdateExpression: 'ADD a :v',
            ExpressionAttributeValues: { ':v': { N: '1' }, ':w': { N: '2' } },
          }),
        ),
      );

      // Assess
      expect(set).toMatchObject({ name: 'ValidationException' });
      expect(unused).toMatchObject({ name: 'ValidationException', message: expect.stringContaining(':w') });
    });
  });

  describe('Errors', () => {
    it('answers as DynamoDB does to a missing table, an undefined placeholder, an unused value and bad syntax', async () => {
      // Prepare
      const { dynamodb } = await table();
      const put = (input: Partial<ConstructorParameters<typeof PutItemCommand>[0]>) =>
        rejectionOf(dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'k' } }, ...input })));

      // Act
      const errors = [
        await rejectionOf(dynamodb.send(new PutItemCommand({ TableName: 'missing', Item: { pk: { S: 'k' } } }))),
        await put({ ConditionExpression: 'expiresAt < :now' }),
        await put({ ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':now': { N: '1' } } }),
        await put({ ConditionExpression: 'attribute_not_exists(pk) OR', ExpressionAttributeValues: {} }),
        await put({ Item: { other: { S: 'x' } } }),
      ];

      // Assess
      expect(errors.map((error) => error.name)).toEqual([
        'ResourceNotFoundException',
        'ValidationException',
        'ValidationException',
        'ValidationException',
        'ValidationException',
      ]);
    });
  });

  it('shows its tables and items in the cloud snapshot', async () => {
    // Prepare
    const { cloud, dynamodb } = await table();

    // Act
    await dynamodb.send(take('a', 2_000, 1_000));

    // Assess
    expect(cloud.snapshot().dynamodb.tables).toEqual([
      { name: TABLE, keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], items: [{ pk: { S: 'k' }, owner: { S: 'a' }, expiresAt: { N: '2000' } }] },
    ]);
  });
});
