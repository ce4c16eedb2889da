import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { CountedReservation, CountsSnapshot, EnvironmentCounts, Reservation } from '../core/ports.js';
import { awsErrorName, withRetry, type RetryOptions } from './retry.js';

export interface DynamoDbEnvironmentCountsOptions {
  /** The lock table (partition key `pk`, S): the counts are one item in it, with no `ttl`, so DynamoDB never expires it. */
  tableName: string;
  retry?: RetryOptions;
}

const CONDITION_FAILED = 'ConditionalCheckFailedException';
/** Per-owner counts are attributes of the one item, named by this prefix and the owner. */
const OWNER_PREFIX = 'o#';
/** Each place taken is an attribute named by this prefix and its reservation id: `<Unix ms> <owner>`. */
const RESERVATION_PREFIX = 'r#';

/**
 * The EnvironmentCounts port on one DynamoDB item per installation: `total`, `version`, one number per owner and one
 * attribute per place taken. A reservation is one conditional `UpdateItem` (atomic: racing creates never both take the
 * last place) that also writes the reservation's own attribute, so a retried reservation or release (its first answer
 * lost) finds its own mark and counts once. Only a refusal reads the item, to say which limit was reached.
 *
 * @example
 * const counts = new DynamoDbEnvironmentCounts(new DynamoDBClient({}), { tableName: 'devenv-locks' });
 * await counts.reserve('quota#devenv-1a2b3c4d5e', { id: createId, owner: 'github:acme/web@ana', at: new Date() }, { total: 50, perOwner: 3 });
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

  async reserve(key: string, { id, owner, at }: { id: string; owner: string; at: Date }, limits: { total: number; perOwner: number }): Promise<Reservation> {
    const command = new UpdateItemCommand({
      TableName: this.#table,
      Key: { pk: { S: key } },
      UpdateExpression: 'ADD #total :one, #version :one, #owner :one SET #reservation = :reservation',
      // `attribute_exists(#version)`: a missing record is seeded from a listing first (see quota.ts), never started at 0.
      ConditionExpression:
        'attribute_exists(#version) AND attribute_not_exists(#reservation) AND #total < :total AND (attribute_not_exists(#owner) OR #owner < :perOwner)',
      ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#owner': `${OWNER_PREFIX}${owner}`, '#reservation': `${RESERVATION_PREFIX}${id}` },
      ExpressionAttributeValues: {
        ':one': number(1),
        ':total': number(limits.total),
        ':perOwner': number(limits.perOwner),
        ':reservation': { S: reservationValue({ owner, at: at.getTime() }) },
      },
    });
    const reserved = await withRetry('dynamodb:UpdateItem', () => this.#client.send(command).then(() => true, falseIfConditionFailed), this.#retry);
    if (reserved) return { reserved: true };
    const counts = await this.read(key);
    if (!counts) return { reserved: false };
    // Taken already under this id: an earlier try was applied and its answer lost.
    return counts.reservations.has(id) ? { reserved: true } : { reserved: false, counts };
  }

  async release(key: string, { id, owner }: { id: string; owner: string }): Promise<void> {
    const command = new UpdateItemCommand({
      TableName: this.#table,
      Key: { pk: { S: key } },
      UpdateExpression: 'ADD #total :minus, #owner :minus, #version :one REMOVE #reservation',
      // Only a place this id holds is given back, once: a retry, or a release of a place never counted, changes nothing.
      ConditionExpression: 'attribute_exists(#reservation)',
      ExpressionAttributeNames: { '#total': 'total', '#version': 'version', '#owner': `${OWNER_PREFIX}${owner}`, '#reservation': `${RESERVATION_PREFIX}${id}` },
      ExpressionAttributeValues: { ':one': number(1), ':minus': number(-1) },
    });
    await withRetry('dynamodb:UpdateItem', () => this.#client.send(command).then(() => true, falseIfConditionFailed), this.#retry);
  }

  read(key: string): Promise<CountsSnapshot | undefined> {
    return this.#read(key);
  }

  async #read(key: string): Promise<(CountsSnapshot & { writer?: string }) | undefined> {
    const command = new GetItemCommand({ TableName: this.#table, Key: { pk: { S: key } }, ConsistentRead: true });
    const { Item: item } = await withRetry('dynamodb:GetItem', () => this.#client.send(command), this.#retry);
    return item ? toSnapshot(item) : undefined;
  }

  async replace(key: string, reservations: ReadonlyMap<string, CountedReservation>, version: number | undefined): Promise<boolean> {
    const writer = randomUUID();
    const owners = new Map<string, number>();
    for (const { owner } of reservations.values()) owners.set(owner, (owners.get(owner) ?? 0) + 1);
    const item: Record<string, AttributeValue> = { pk: { S: key }, total: number(reservations.size), version: number((version ?? 0) + 1), writer: { S: writer } };
    for (const [owner, count] of owners) item[`${OWNER_PREFIX}${owner}`] = number(count);
    for (const [id, reservation] of reservations) item[`${RESERVATION_PREFIX}${id}`] = { S: reservationValue(reservation) };
    const command = new PutItemCommand({
      TableName: this.#table,
      Item: item,
      ...(version === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': number(version) } }),
    });
    const replaced = await withRetry('dynamodb:PutItem', () => this.#client.send(command).then(() => true, falseIfConditionFailed), this.#retry);
    if (replaced) return true;
    // Refused: someone changed the record, or this very write was applied and its answer lost before a retry.
    const now = await this.#read(key);
    return now?.writer === writer;
  }
}

function toSnapshot(item: Record<string, AttributeValue>): CountsSnapshot & { writer?: string } {
  const owners = new Map<string, number>();
  const reservations = new Map<string, CountedReservation>();
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(OWNER_PREFIX) && value.N !== undefined) owners.set(name.slice(OWNER_PREFIX.length), Number(value.N));
    if (name.startsWith(RESERVATION_PREFIX) && value.S !== undefined) {
      const parsed = parseReservation(value.S);
      if (parsed) reservations.set(name.slice(RESERVATION_PREFIX.length), parsed);
    }
  }
  return {
    total: Number(item.total?.N ?? 0),
    owners,
    reservations,
    version: Number(item.version?.N ?? 0),
    ...(item.writer?.S ? { writer: item.writer.S } : {}),
  };
}

function reservationValue({ owner, at }: CountedReservation): string {
  return `${at} ${owner}`;
}

function parseReservation(value: string): CountedReservation | undefined {
  const space = value.indexOf(' ');
  const at = Number(value.slice(0, space));
  return space > 0 && Number.isFinite(at) ? { at, owner: value.slice(space + 1) } : undefined;
}

function number(value: number): AttributeValue {
  return { N: String(value) };
}

/** A failed condition is an answer (the limit is reached, the record changed), not an error. */
function falseIfConditionFailed(error: unknown): false {
  if (awsErrorName(error) === CONDITION_FAILED) return false;
  throw error;
}
