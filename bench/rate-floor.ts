/** A call as the floor counts it. */
export interface RatedCall {
  service: string;
  command: string;
  input?: unknown;
}

interface Bucket {
  burst: number;
  perSecond: number;
}

interface Family extends Bucket {
  service: string;
  name: string;
  /** Operations of the family; absent: every operation of the service no other family lists (and `reads` filters). */
  operations?: readonly string[];
  reads?: boolean;
  /** One bucket per operation (Route 53), not one for the family. */
  perOperation?: boolean;
}

/**
 * AWS's documented per-account, per-Region API token buckets (burst, refill per second) for what devenv calls, by API
 * family: the bench's own table, used only when the simulated cloud has no rate model of its own (see `loadRateFloor`).
 * Sources: "Request throttling for the Amazon ECS API" (ECS API Reference), "Request throttling for the ELB API"
 * (Elastic Load Balancing user guide: an account bucket of 40 at 10/s shared by all actions, plus one per category),
 * "Throttling for Amazon Route 53 API requests" (Route 53 developer guide: 50 at 10/s per account and per action).
 */
export const DOCUMENTED_RATES: readonly Family[] = [
  { service: 'ecs', name: 'service read', operations: ['DescribeServices', 'ListServices'], burst: 100, perSecond: 20 },
  { service: 'ecs', name: 'service modify', operations: ['CreateService', 'DeleteService', 'UpdateService'], burst: 50, perSecond: 5 },
  { service: 'ecs', name: 'task definition read', operations: ['DescribeTaskDefinition', 'ListTaskDefinitions', 'ListTaskDefinitionFamilies'], burst: 50, perSecond: 20 },
  { service: 'ecs', name: 'task definition modify', operations: ['RegisterTaskDefinition', 'DeregisterTaskDefinition'], burst: 20, perSecond: 1 },
  { service: 'ecs', name: 'tag read', operations: ['ListTagsForResource'], burst: 50, perSecond: 20 },
  { service: 'ecs', name: 'tag modify', operations: ['TagResource', 'UntagResource'], burst: 20, perSecond: 10 },
  { service: 'ecs', name: 'cluster read', operations: ['DescribeClusters', 'ListClusters', 'ListAccountSettings'], burst: 50, perSecond: 20 },
  { service: 'elbv2', name: 'account', burst: 40, perSecond: 10 },
  { service: 'elbv2', name: 'registration', operations: ['RegisterTargets', 'DeregisterTargets'], burst: 20, perSecond: 4 },
  { service: 'elbv2', name: 'describe', reads: true, burst: 40, perSecond: 10 },
  { service: 'elbv2', name: 'mutating', reads: false, burst: 20, perSecond: 3 },
  { service: 'route53', name: 'account', burst: 50, perSecond: 10 },
  { service: 'route53', name: 'per action', perOperation: true, burst: 50, perSecond: 10 },
];

const isRead = (operation: string) => /^(Describe|List|Get)/.test(operation);

/** The buckets a call draws one token from, by key. */
function bucketsOf(call: RatedCall): Array<{ key: string; bucket: Bucket }> {
  const families = DOCUMENTED_RATES.filter((family) => family.service === call.service);
  const listed = families.find((family) => family.operations?.includes(call.command));
  const draws: Array<{ key: string; bucket: Bucket }> = [];
  for (const family of families) {
    const applies =
      family === listed ||
      (!family.operations && family.name === 'account') ||
      (!family.operations && !listed && family.name !== 'account' && (family.reads === undefined || family.reads === isRead(call.command)));
    if (!applies) continue;
    draws.push({ key: `${family.service}:${family.name}${family.perOperation ? `:${call.command}` : ''}`, bucket: family });
  }
  return draws;
}

/**
 * The least time AWS's rate limits allow for these calls, starting from full buckets: for each bucket, the calls beyond
 * its burst at its refill rate; the slowest bucket sets the floor (in seconds).
 */
export function documentedRateFloorSeconds(calls: readonly RatedCall[]): number {
  const needed = new Map<string, { bucket: Bucket; tokens: number }>();
  for (const call of calls) {
    for (const { key, bucket } of bucketsOf(call)) {
      const entry = needed.get(key) ?? { bucket, tokens: 0 };
      entry.tokens += 1;
      needed.set(key, entry);
    }
  }
  let floor = 0;
  for (const { bucket, tokens } of needed.values()) floor = Math.max(floor, (tokens - bucket.burst) / bucket.perSecond);
  return floor;
}

export interface RateFloor {
  seconds: (calls: readonly RatedCall[]) => number;
  /** Where the figures come from, for the report. */
  source: string;
}

/**
 * The rate floor the report prints. The hook for the simulated cloud's rate model: when `src/local/rate-model.ts`
 * exports `rateFloorSeconds(calls)`, its buckets are the ones measured against; until then, the bench's table above.
 */
export async function loadRateFloor(): Promise<RateFloor> {
  // A path in a variable: the module may not exist yet, and the type checker must not insist that it does.
  const model = '../src/local/rate-model.js';
  try {
    const loaded = (await import(model)) as { rateFloorSeconds?: (calls: readonly RatedCall[]) => number };
    if (typeof loaded.rateFloorSeconds === 'function') return { seconds: loaded.rateFloorSeconds, source: "the simulated cloud's rate model (src/local/rate-model.ts)" };
  } catch {
    // no rate model in the simulated cloud yet
  }
  return { seconds: documentedRateFloorSeconds, source: "AWS's documented per-family buckets (bench/rate-floor.ts)" };
}
