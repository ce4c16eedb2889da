import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsCloud } from '../../../../src/aws/clients.js';
import { Engine } from '../../../../src/core/engine.js';
import type { LockTiming } from '../../../../src/core/environment-lock.js';
import { CLUSTER, CONFIG, FIXED_ID, HOSTED_ZONE_ID, NOW, REGION } from './fixtures.js';

/** The lock table's name in these tests. */
export const LOCK_TABLE = 'devenv-locks';

/**
 * The engine under test: the real adapters over the mocked clients, a frozen clock, a fixed id, no real backoff. The lock
 * table's client is mocked here unless given: every conditional write then succeeds, as on a free lock.
 */
export function newEngine(dynamodb?: DynamoDBClient, lockTiming?: Partial<LockTiming>): Engine {
  const clients = {
    ecs: new ECSClient({ region: REGION }),
    elb: new ElasticLoadBalancingV2Client({ region: REGION }),
    route53: new Route53Client({ region: REGION }),
    dynamodb: dynamodb ?? freeLockClient(),
  };
  const cloud = createAwsCloud(clients, { cluster: CLUSTER, hostedZoneId: HOSTED_ZONE_ID, lockTable: LOCK_TABLE, retry: { sleep: async () => {} } });
  return new Engine({ config: CONFIG, cloud, clock: { now: () => NOW }, newId: () => FIXED_ID, ...(lockTiming ? { lockTiming } : {}) });
}

function freeLockClient(): DynamoDBClient {
  const client = new DynamoDBClient({ region: REGION });
  mockClient(client).resolves({});
  return client;
}
