import type { BucketRate } from './token-bucket.js';

/**
 * AWS's documented per-account, per-Region API token buckets for the services devenv calls, by API family. Pure data:
 * the client-side limiter derives each call's cost from it, and the simulated cloud's rate model throttles by it.
 *
 * Sources (checked 2026-11):
 * - ECS: "Request throttling for the Amazon ECS API" (APIReference/request-throttling.html): one bucket per action
 *   category, no account-wide bucket.
 * - ELBv2: "Request throttling for the ELB API" (userguide/elb-api-throttling.html): an account-level bucket shared by
 *   every action (40, 10/s) plus one per category.
 * - Route 53: "Throttling for Amazon Route 53 API requests" (DeveloperGuide/throttling-api-requests.html): an
 *   account-level bucket (50, 10/s) plus one per action (50, 10/s unless listed), and a change-throughput bucket
 *   (1,500 changes, 100/s; CREATE and DELETE count 1, UPSERT 2).
 */
export interface ApiFamily extends BucketRate {
  name: string;
  /** The operations in the family; a family without a list takes what no other family lists (see `match`). */
  operations?: readonly string[];
  /** For a family without a list: which unlisted operations it takes (default: all). */
  match?: (operation: string) => boolean;
  /** Each operation gets its own bucket of this size (Route 53's per-action buckets), rather than one shared bucket. */
  perOperation?: boolean;
}

export interface ServiceRates {
  /** A bucket every call of the service also draws from, when AWS documents one. */
  account?: BucketRate;
  families: readonly ApiFamily[];
  /** The family rate a plain read gets: the unit in which the client-side limiter counts (a read costs 1). */
  readPerSecond: number;
}

export type RatedService = 'ecs' | 'elbv2' | 'route53';

const isRead = (operation: string): boolean => /^(Describe|List|Get)/.test(operation);

export const AWS_API_RATES: Readonly<Record<RatedService, ServiceRates>> = {
  ecs: {
    readPerSecond: 20,
    families: [
      { name: 'service-read', operations: ['DescribeServices', 'ListServices'], burst: 100, perSecond: 20 },
      { name: 'service-modify', operations: ['CreateService', 'DeleteService', 'UpdateService'], burst: 50, perSecond: 5 },
      { name: 'task-definition-read', operations: ['DescribeTaskDefinition', 'ListTaskDefinitions', 'ListTaskDefinitionFamilies'], burst: 50, perSecond: 20 },
      { name: 'task-definition-modify', operations: ['RegisterTaskDefinition', 'DeregisterTaskDefinition'], burst: 20, perSecond: 1 },
      { name: 'task-definition-delete', operations: ['DeleteTaskDefinitions'], burst: 5, perSecond: 1 },
      { name: 'tag-read', operations: ['ListTagsForResource'], burst: 50, perSecond: 20 },
      { name: 'tag-modify', operations: ['TagResource', 'UntagResource'], burst: 20, perSecond: 10 },
      { name: 'cluster-read', operations: ['DescribeClusters', 'ListClusters'], burst: 50, perSecond: 20 },
      { name: 'cluster-resource-read', operations: ['DescribeTasks', 'ListTasks', 'DescribeContainerInstances', 'ListContainerInstances'], burst: 100, perSecond: 20 },
      { name: 'setting-read', operations: ['ListAccountSettings'], burst: 50, perSecond: 20 },
    ],
  },
  elbv2: {
    readPerSecond: 10,
    account: { burst: 40, perSecond: 10 },
    families: [
      { name: 'resource-intensive', operations: ['CreateLoadBalancer', 'SetSubnets'], burst: 10, perSecond: 0.2 },
      { name: 'registration', operations: ['RegisterTargets', 'DeregisterTargets'], burst: 20, perSecond: 4 },
      { name: 'non-mutating', match: isRead, burst: 40, perSecond: 10 },
      { name: 'mutating', burst: 20, perSecond: 3 },
    ],
  },
  route53: {
    readPerSecond: 10,
    account: { burst: 50, perSecond: 10 },
    families: [{ name: 'per-action', perOperation: true, burst: 50, perSecond: 10 }],
  },
};

/** Route 53's change-throughput bucket, counted in record changes rather than requests. */
export const ROUTE53_CHANGE_THROUGHPUT: Readonly<BucketRate> = { burst: 1_500, perSecond: 100 };

/**
 * The family an operation belongs to, or undefined when AWS documents none for it.
 *
 * @example
 * apiFamily('elbv2', 'CreateRule')?.name; // 'mutating'
 */
export function apiFamily(service: RatedService, operation: string): ApiFamily | undefined {
  const { families } = AWS_API_RATES[service];
  return (
    families.find((family) => family.operations?.includes(operation)) ??
    families.find((family) => !family.operations && (family.match ? family.match(operation) : true))
  );
}

/**
 * Record changes a `ChangeResourceRecordSets` input spends from the change-throughput bucket (UPSERT counts twice).
 *
 * @example
 * route53ChangeTokens({ ChangeBatch: { Changes: [{ Action: 'UPSERT' }, { Action: 'DELETE' }] } }); // 3
 */
export function route53ChangeTokens(input: unknown): number {
  const changes = (input as { ChangeBatch?: { Changes?: Array<{ Action?: string }> } } | undefined)?.ChangeBatch?.Changes ?? [];
  return changes.reduce((sum, change) => sum + (change.Action === 'UPSERT' ? 2 : 1), 0);
}
