import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { LeaseLocks } from '../core/ports.js';
import { awsRequestHandler } from './request-handler.js';
import { awsErrorName, withRetry, type RetryOptions } from './retry.js';

export interface DynamoDbLeaseLocksOptions {
  /** The lock table: partition key `pk` (S), TTL on `ttl` (see docs/engine.md). */
  tableName: string;
  retry?: RetryOptions;
}

/** How long after a lease's expiry DynamoDB's TTL may delete its item: clean-up only, well clear of any clock skew. */
const TTL_MARGIN_SECONDS = 3_600;

const CONDITION_FAILED = 'ConditionalCheckFailedException';

/**
 * The LeaseLocks port on a DynamoDB table. Conditional writes on one item are strongly consistent, so one `PutItem`
 * takes a lease (the item is absent, expired, or already ours) and one `DeleteItem` gives it back (only while ours).
 * `ttl` lets DynamoDB delete old items some day; whether a lease is live is decided by `expiresAt` in the condition.
 *
 * @example
 * const locks = new DynamoDbLeaseLocks(new DynamoDBClient({}), { tableName: 'devenv-locks' });
 * const now = new Date();
 * await locks.acquire({ key: 'env#devenv#pr-42.dev.example.com', owner: 'create:1b4e…', operation: 'create', now, until: new Date(now.getTime() + 60_000) });
 */
export class DynamoDbLeaseLocks implements LeaseLocks {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #retry: RetryOptions | undefined;

  constructor(client: DynamoDBClient, { tableName, retry }: DynamoDbLeaseLocksOptions) {
    this.#client = client;
    this.#table = tableName;
    this.#retry = retry;
  }

  acquire({ key, owner, until, now, operation }: { key: string; owner: string; until: Date; now: Date; operation: string }): Promise<boolean> {
    const command = new PutItemCommand({
      TableName: this.#table,
      Item: {
        pk: { S: key },
        owner: { S: owner },
        operation: { S: operation },
        expiresAt: { N: String(until.getTime()) },
        ttl: { N: String(Math.ceil(until.getTime() / 1000) + TTL_MARGIN_SECONDS) },
      },
      // `#owner = :me` makes taking a lease idempotent: an SDK retry of a PutItem that was applied (its answer lost)
      // finds its own lease instead of waiting for it to expire; a renewal is the same call.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR #owner = :me',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':now': { N: String(now.getTime()) }, ':me': { S: owner } },
    });
    return withRetry('dynamodb:PutItem', () => this.#client.send(command).then(() => true, heldIfConditionFailed), this.#retry);
  }

  async release(key: string, owner: string): Promise<void> {
    const command = new DeleteItemCommand({
      TableName: this.#table,
      Key: { pk: { S: key } },
      ConditionExpression: '#owner = :me',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':me': { S: owner } },
    });
    await withRetry('dynamodb:DeleteItem', () => this.#client.send(command).then(() => true, heldIfConditionFailed), this.#retry);
  }
}

/** A failed condition is an answer (someone else holds the lease, or it is gone), not an error. */
function heldIfConditionFailed(error: unknown): false {
  if (awsErrorName(error) === CONDITION_FAILED) return false;
  throw error;
}

/**
 * Lease locks on `tableName` with a client of their own (one attempt per `send`: `withRetry` is the only retry layer),
 * for a process that needs the lock table and no other AWS client, such as the Slack receiver.
 *
 * @example
 * const locks = leaseLocksOnTable('devenv-locks', { region: 'eu-west-1' });
 */
export function leaseLocksOnTable(
  tableName: string,
  { region, retry, requestTimeoutMs }: { region?: string; retry?: RetryOptions; requestTimeoutMs?: number } = {},
): DynamoDbLeaseLocks {
  // Like every devenv client, a request that is never answered fails (the SDK's handler would wait forever).
  const client = new DynamoDBClient({ maxAttempts: 1, requestHandler: awsRequestHandler(requestTimeoutMs), ...(region ? { region } : {}) });
  return new DynamoDbLeaseLocks(client, { tableName, ...(retry ? { retry } : {}) });
}
