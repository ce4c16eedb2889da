import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { CountsSnapshot, EnvironmentCounts, Reservation } from '../core/ports.js';
import { awsErrorName, withRetry, type RetryOptions } from './retry.js';

export interface DynamoDbEnvironmentCountsOptions {
  /** The lock table (partition key `pk`, S): the counts are one item in it, with no `ttl`, so DynamoDB never expires it. */
  tableName: string;
  retry?: RetryOptions;
}

const CONDITION_FAILED = 'ConditionalCheckFailedException';
/** Per-owner counts are attributes of the one item, named by this prefix and the owner. */
const OWNER_PREFIX = 'o#';

/**
 * The EnvironmentCounts port on one DynamoDB item per installation: `total`, `version` and one number per owner. A
 * reservation is one conditional `UpdateItem` (`ADD`, atomic: racing creates in any process never both take the last
 * place); only a refusal reads the item, to say which limit was reached.
 *
 * @example
 * const counts = new DynamoDbEnvironmentCounts(new DynamoDBClient({}), { tableName: 'devenv-locks' });
 * await counts.reserve('quota#devenv-1a2b3c4d5e', 'github:acme/web@ana', { total: 50, perOwner: 3 }); // { reserved: true }
 */
export class DynamoDbEnvironmentCounts implements EnvironmentCounts {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #retry: RetryOptions | undefined;

  constructor(client: DynamoDBClient, { tableName, retry }: DynamoDbEnvironmentCountsOptions) {
    this.#client = client;
    this.#table = tableName;
    this.#retry = retry;
  }

  async reserve(key: string, owner: string, limits: { total: number; perOwner: number }): Promise<Reservation> {
    const command = new UpdateItemCommand({
      TableName: this.#table,
      Key: { pk: { S: key } },
      UpdateExpression: 'ADD #total :one, #version :one, #owner :one',
      // `attribute_exists(#version)`: a missing record is seeded from a listing first (see quota.ts), never started at 0.
      ConditionExpression: 'attribute_exists(#version) AND #total < :total AND (attribute_not_exists(#owner) OR #owner < :perOwner)',
      ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#owner': `${OWNER_PREFIX}${owner}` },
      ExpressionAttributeValues: { ':one': number(1), ':total': number(limits.total), ':perOwner': number(limits.perOwner) },
    });
    const reserved = await withRetry('dynamodb:UpdateItem', () => this.#client.send(command).then(() => true, falseIfConditionFailed), this.#retry);
    if (reserved) return { reserved: true };
    const counts = await this.read(key);
    return counts ? { reserved: false, counts } : { reserved: false };
  }

  async release(key: string, removed: ReadonlyMap<string, number>): Promise<void> {
    const owners = [...removed].filter(([, count]) => count > 0);
    const total = owners.reduce((sum, [, count]) => sum + count, 0);
    if (total === 0) return;
    const names: Record<string, string> = { '#total': 'total', '#version': 'version' };
    const values: Record<string, AttributeValue> = { ':one': number(1), ':total': number(total), ':minusTotal': number(-total) };
    const adds = ['#total :minusTotal', '#version :one'];
    const conditions = ['#total >= :total'];
    owners.forEach(([owner, count], index) => {
      names[`#o${index}`] = `${OWNER_PREFIX}${owner}`;
      values[`:o${index}`] = number(count);
      values[`:minusO${index}`] = number(-count);
      adds.push(`#o${index} :minusO${index}`);
      conditions.push(`#o${index} >= :o${index}`);
    });
    const command = new UpdateItemCommand({
      TableName: this.#table,
      Key: { pk: { S: key } },
      UpdateExpression: `ADD ${adds.join(', ')}`,
      // A count that would fall below zero was wrong already (an environment made before the counts existed, or removed
      // out of band): nothing is taken, and the sweep's recount corrects it.
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    await withRetry('dynamodb:UpdateItem', () => this.#client.send(command).then(() => true, falseIfConditionFailed), this.#retry);
  }

  async read(key: string): Promise<CountsSnapshot | undefined> {
    const command = new GetItemCommand({ TableName: this.#table, Key: { pk: { S: key } }, ConsistentRead: true });
    const { Item: item } = await withRetry('dynamodb:GetItem', () => this.#client.send(command), this.#retry);
    if (!item) return undefined;
    const owners = new Map<string, number>();
    for (const [name, value] of Object.entries(item)) {
      if (name.startsWith(OWNER_PREFIX) && value.N !== undefined && Number(value.N) > 0) owners.set(name.slice(OWNER_PREFIX.length), Number(value.N));
    }
    return { total: Number(item.total?.N ?? 0), owners, version: Number(item.version?.N ?? 0) };
  }

  async replace(key: string, counts: { total: number; owners: ReadonlyMap<string, number> }, version: number | undefined): Promise<boolean> {
    const item: Record<string, AttributeValue> = { pk: { S: key }, total: number(counts.total), version: number((version ?? 0) + 1) };
    for (const [owner, count] of counts.owners) if (count > 0) item[`${OWNER_PREFIX}${owner}`] = number(count);
    const command = new PutItemCommand({
      TableName: this.#table,
      Item: item,
      ...(version === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': number(version) } }),
    });
    return withRetry('dynamodb:PutItem', () => this.#client.send(command).then(() => true, falseIfConditionFailed), this.#retry);
  }
}

function number(value: number): AttributeValue {
  return { N: String(value) };
}

/** A failed condition is an answer (the limit is reached, the record changed), not an error. */
function falseIfConditionFailed(error: unknown): false {
  if (awsErrorName(error) === CONDITION_FAILED) return false;
  throw error;
}
