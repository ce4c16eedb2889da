import { awsError } from './aws-error.js';
import { conditionHolds, type AttributeValue, type ConditionInput, type Item } from './dynamodb-conditions.js';
import { applyUpdate, type UpdateInput } from './dynamodb-updates.js';
import { copy } from './json.js';

/**
 * A simulated DynamoDB: tables with a partition key (and an optional sort key), and the item calls devenv's lock and
 * counts make.
 * Conditional writes are checked against the item as it is, atomically (the simulated cloud runs one call at a time,
 * as DynamoDB serialises writes to one item). TTL is not modelled: items stay until deleted, which is all AWS promises.
 */

interface KeySchemaElement {
  AttributeName?: string;
  KeyType?: string;
}

interface Table {
  name: string;
  arn: string;
  keySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  billingMode: string;
  createdAt: Date;
  items: Map<string, Item>;
}

export interface DynamoDbSnapshot {
  tables: Array<{ name: string; keySchema: Table['keySchema']; items: Item[] }>;
}

const notFound = () => awsError('ResourceNotFoundException', 'Requested resource not found');
const validation = (message: string) => awsError('ValidationException', message);

export class SimulatedDynamoDb {
  private readonly tables = new Map<string, Table>();
  private readonly account: { region: string; accountId: string };
  private readonly now: () => Date;

  constructor(options: { account: { region: string; accountId: string }; now: () => Date }) {
    this.account = options.account;
    this.now = options.now;
  }

  handle(command: string, input: unknown): unknown {
    const request = (input ?? {}) as Record<string, unknown>;
    switch (command) {
      case 'CreateTable':
        return this.createTable(request);
      case 'DescribeTable':
        return { Table: this.describe(this.table(request.TableName)) };
      case 'PutItem':
        return this.putItem(request);
      case 'GetItem':
        return this.getItem(request);
      case 'DeleteItem':
        return this.deleteItem(request);
      case 'UpdateItem':
        return this.updateItem(request);
      case 'Scan':
        return this.scan(request);
      default:
        throw awsError('UnknownOperationException', `The simulated DynamoDB does not implement ${command}`);
    }
  }

  hasTable(name: string): boolean {
    return this.tables.has(name);
  }

  snapshot(): DynamoDbSnapshot {
    return {
      tables: [...this.tables.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((table) => ({ name: table.name, keySchema: copy(table.keySchema), items: [...table.items.values()].map((item) => copy(item)) })),
    };
  }

  private createTable(request: Record<string, unknown>): unknown {
    const name = request.TableName;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{3,255}$/.test(name)) throw validation('TableName must be 3–255 characters of letters, digits, _ . and -');
    if (this.tables.has(name)) throw awsError('ResourceInUseException', `Table already exists: ${name}`);
    const keySchema = ((request.KeySchema as KeySchemaElement[] | undefined) ?? []).map((element) => ({
      AttributeName: element.AttributeName ?? '',
      KeyType: element.KeyType as 'HASH' | 'RANGE',
    }));
    const definitions = ((request.AttributeDefinitions as Array<{ AttributeName?: string; AttributeType?: string }> | undefined) ?? []).map((definition) => ({
      AttributeName: definition.AttributeName ?? '',
      AttributeType: definition.AttributeType ?? '',
    }));
    const hash = keySchema.filter((element) => element.KeyType === 'HASH');
    const range = keySchema.filter((element) => element.KeyType === 'RANGE');
    if (hash.length !== 1 || range.length > 1 || keySchema.length !== hash.length + range.length) {
      throw validation('1 validation error detected: KeySchema must have exactly one HASH key and at most one RANGE key');
    }
    for (const element of keySchema) {
      if (!definitions.some((definition) => definition.AttributeName === element.AttributeName && ['S', 'N', 'B'].includes(definition.AttributeType))) {
        throw validation('One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions.');
      }
    }
    const table: Table = {
      name,
      arn: `arn:aws:dynamodb:${this.account.region}:${this.account.accountId}:table/${name}`,
      keySchema,
      attributeDefinitions: definitions,
      billingMode: typeof request.BillingMode === 'string' ? request.BillingMode : 'PROVISIONED',
      createdAt: this.now(),
      items: new Map(),
    };
    this.tables.set(name, table);
    return { TableDescription: this.describe(table) };
  }

  private putItem(request: Record<string, unknown>): unknown {
    const table = this.table(request.TableName);
    const item = request.Item as Item | undefined;
    if (!item || typeof item !== 'object') throw validation('1 validation error detected: Item must not be null');
    const key = this.keyOf(table, item);
    const current = table.items.get(key);
    this.check(request, current);
    table.items.set(key, copy(item));
    return request.ReturnValues === 'ALL_OLD' && current ? { Attributes: copy(current) } : {};
  }

  private getItem(request: Record<string, unknown>): unknown {
    const table = this.table(request.TableName);
    const item = table.items.get(this.keyOf(table, (request.Key as Item | undefined) ?? {}, true));
    return item ? { Item: copy(item) } : {};
  }

  private deleteItem(request: Record<string, unknown>): unknown {
    const table = this.table(request.TableName);
    const key = this.keyOf(table, (request.Key as Item | undefined) ?? {}, true);
    const current = table.items.get(key);
    this.check(request, current);
    table.items.delete(key);
    return request.ReturnValues === 'ALL_OLD' && current ? { Attributes: copy(current) } : {};
  }

  private updateItem(request: Record<string, unknown>): unknown {
    const table = this.table(request.TableName);
    const keyItem = (request.Key as Item | undefined) ?? {};
    const key = this.keyOf(table, keyItem, true);
    table.items.set(key, copy(applyUpdate(request as UpdateInput, keyItem, table.items.get(key))));
    return {};
  }

  private scan(request: Record<string, unknown>): unknown {
    const table = this.table(request.TableName);
    const items = [...table.items.values()].map((item) => copy(item));
    return { Items: items, Count: items.length, ScannedCount: items.length };
  }

  private check(request: Record<string, unknown>, current: Item | undefined): void {
    if (!conditionHolds(request as ConditionInput, current)) {
      throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
    }
  }

  private table(name: unknown): Table {
    const table = typeof name === 'string' ? this.tables.get(name) : undefined;
    if (!table) throw notFound();
    return table;
  }

  /** The item's key as a map key; a key attribute missing or of the wrong type is a ValidationException, as in DynamoDB. */
  private keyOf(table: Table, item: Item, exact = false): string {
    const parts = table.keySchema.map((element) => {
      const value: AttributeValue | undefined = item[element.AttributeName];
      const type = table.attributeDefinitions.find((definition) => definition.AttributeName === element.AttributeName)?.AttributeType;
      if (!value || type === undefined || !(type in value)) {
        throw validation('One or more parameter values were invalid: Missing the key ' + element.AttributeName + ' in the item');
      }
      return `${type}:${String(value[type])}`;
    });
    if (exact && Object.keys(item).length !== table.keySchema.length) throw validation('The provided key element does not match the schema');
    return JSON.stringify(parts);
  }

  private describe(table: Table): unknown {
    return {
      TableName: table.name,
      TableArn: table.arn,
      TableStatus: 'ACTIVE',
      KeySchema: copy(table.keySchema),
      AttributeDefinitions: copy(table.attributeDefinitions),
      BillingModeSummary: { BillingMode: table.billingMode },
      CreationDateTime: table.createdAt,
      ItemCount: table.items.size,
    };
  }
}

/** The lock table every engine on a simulated cloud shares (the name is local; on AWS it comes from DEVENV_LOCK_TABLE). */
export const SIMULATED_LOCK_TABLE = 'devenv-locks';

/** Creates the lock table, with the key schema the infra stack gives it on AWS, unless it exists. */
export function ensureLockTable(dynamodb: SimulatedDynamoDb, tableName: string): void {
  if (dynamodb.hasTable(tableName)) return;
  dynamodb.handle('CreateTable', {
    TableName: tableName,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
}
