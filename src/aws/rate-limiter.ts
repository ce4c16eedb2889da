import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import { apiFamily, AWS_API_RATES, ROUTE53_CHANGE_THROUGHPUT, route53ChangeTokens, type RatedService } from './aws-api-rates.js';
import { addOutermost } from './outermost-middleware.js';
import { isThrottlingError } from './retry.js';
import { TokenBucket, type BucketRate } from './token-bucket.js';

/** The services whose calls go through the limiter: those of the engine, and DynamoDB for the shared lock. */
export type LimitedService = RatedService | 'dynamodb';

/** One bucket per service, in read-equivalent tokens per second (see `callCost`). */
export type AwsRateLimits = Record<LimitedService, BucketRate>;

/**
 * One devenv process's share of the account's API rate: a fifth of what AWS documents per account, so that four
 * processes at full speed (a sweep and three API instances, say) leave the team's own deployments at least 20 %.
 * - ECS: 4/s, burst 20 (AWS: 20/s, burst 100 for reads; every family costs in proportion, see `callCost`).
 * - ELBv2: 2/s, burst 8 (AWS: 10/s, burst 40 for the account-level bucket every action shares).
 * - Route 53: 2/s, burst 10 (AWS: 10/s, burst 50 for the account-level bucket).
 * - DynamoDB: 20/s, burst 40 (the lock table is devenv's own; its capacity, not the account's rate, bounds it).
 */
export const DEFAULT_AWS_RATE_LIMITS: Readonly<AwsRateLimits> = {
  ecs: { perSecond: 4, burst: 20 },
  elbv2: { perSecond: 2, burst: 8 },
  route53: { perSecond: 2, burst: 10 },
  dynamodb: { perSecond: 20, burst: 40 },
};

export const RATE_LIMITER_MIDDLEWARE = 'devenvRateLimiter';

/**
 * What one call costs in its service's bucket. A read costs 1; a call in a family AWS refills more slowly costs the
 * ratio of the read rate to that family's rate (ECS `RegisterTaskDefinition`, refilled at 1/s against 20/s for reads,
 * costs 20), so each family gets the same share of its own documented rate. A Route 53 change batch costs at least its
 * share of the change-throughput bucket (100 changes/s against 10 requests/s: a tenth of a token per change).
 *
 * @example
 * callCost('ecs', 'RegisterTaskDefinition', {}); // 20
 */
export function callCost(service: LimitedService, operation: string, input: unknown): number {
  if (service === 'dynamodb') return 1;
  const rates = AWS_API_RATES[service];
  const family = apiFamily(service, operation);
  const slowest = Math.min(family?.perSecond ?? rates.readPerSecond, rates.account?.perSecond ?? Number.POSITIVE_INFINITY);
  const cost = rates.readPerSecond / slowest;
  if (service === 'route53' && operation === 'ChangeResourceRecordSets') {
    return Math.max(cost, (route53ChangeTokens(input) * rates.readPerSecond) / ROUTE53_CHANGE_THROUGHPUT.perSecond);
  }
  return cost;
}

export interface AwsRateLimiterOptions {
  limits?: Partial<AwsRateLimits>;
  /** The clock and sleep of every bucket; tests drive them. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A token bucket per AWS service, shared by every client of that service in the process. Calls wait their turn rather
 * than fail, so a burst of work slows devenv down instead of spending the account's rate; a throttled answer empties
 * the service's bucket, so the whole process backs off, not only the call that was refused.
 *
 * The buckets are per process: N Lambda instances may together send N times the rate. Keep
 * `limits × concurrency` under AWS's documented rates (README, "AWS call budget").
 *
 * @example
 * const limiter = new AwsRateLimiter({ limits: config.awsCalls.rateLimits });
 * limiter.attach(clients.ecs, 'ecs');
 */
export class AwsRateLimiter {
  readonly #buckets: Map<LimitedService, TokenBucket>;

  constructor({ limits = {}, now, sleep }: AwsRateLimiterOptions = {}) {
    const merged: AwsRateLimits = { ...DEFAULT_AWS_RATE_LIMITS, ...limits };
    this.#buckets = new Map(
      (Object.keys(merged) as LimitedService[]).map((service) => [
        service,
        new TokenBucket({ ...merged[service], ...(now ? { now } : {}), ...(sleep ? { sleep } : {}) }),
      ]),
    );
  }

  /** The bucket of one service (for inspection). */
  bucket(service: LimitedService): TokenBucket {
    return this.#buckets.get(service)!;
  }

  /** Waits until the service's bucket covers the call. */
  admit(service: LimitedService, operation: string, input: unknown): Promise<void> {
    return this.bucket(service).take(callCost(service, operation, input));
  }

  /** AWS throttled a call of the service. */
  throttled(service: LimitedService): void {
    this.bucket(service).drain();
  }

  /**
   * Makes every request `client` sends wait for the limiter first: in front of everything at initialize/high, so it
   * sees each request the retry layer sends (the SDK clients make one attempt per `send`).
   */
  attach<Input extends object, Output extends object>(client: { middlewareStack: MiddlewareStack<Input, Output> }, service: LimitedService): void {
    const middleware: InitializeMiddleware<Input, Output> = (next, context) => async (args) => {
      await this.admit(service, (context.commandName ?? '').replace(/Command$/, ''), args.input);
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) this.throttled(service);
        throw error;
      }
    };
    addOutermost(client.middlewareStack, middleware, RATE_LIMITER_MIDDLEWARE);
  }
}
