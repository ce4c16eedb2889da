import {
  apiFamily,
  AWS_API_RATES,
  ROUTE53_CHANGE_THROUGHPUT,
  route53ChangeTokens,
  type RatedService,
} from '../aws/aws-api-rates.js';
import type { BucketRate } from '../aws/token-bucket.js';
import type { AwsServiceName } from './aws-error.js';

/** One bucket a call draws from, and how many tokens it takes from it. */
interface Draw {
  key: string;
  rate: BucketRate;
  cost: number;
}

/** A call the model refused, and the bucket that was short. */
export interface ThrottledCall {
  service: AwsServiceName;
  command: string;
  bucket: string;
  /** The cloud's clock, in milliseconds since the epoch. */
  at: number;
}

/** A call as the floor counts it: what `FaultInjector.calls` records. */
export interface RatedCall {
  service: AwsServiceName;
  command: string;
  input?: unknown;
}

/**
 * The buckets a call draws from, with AWS's documented figures (see `AWS_API_RATES`): the service's account-level
 * bucket if it has one, its family's bucket (Route 53: one per action), and for a Route 53 change batch the
 * change-throughput bucket, charged per record change.
 */
function drawsOf(service: AwsServiceName, command: string, input: unknown): Draw[] {
  const rates = AWS_API_RATES[service as RatedService];
  if (!rates) return [];
  const draws: Draw[] = [];
  if (rates.account) draws.push({ key: `${service}:account`, rate: rates.account, cost: 1 });
  const family = apiFamily(service as RatedService, command);
  if (family) draws.push({ key: family.perOperation ? `${service}:${command}` : `${service}:${family.name}`, rate: family, cost: 1 });
  if (service === 'route53' && command === 'ChangeResourceRecordSets') {
    draws.push({ key: 'route53:changes', rate: ROUTE53_CHANGE_THROUGHPUT, cost: route53ChangeTokens(input) });
  }
  return draws;
}

/**
 * AWS's per-account API throttling for the simulated cloud: the documented token buckets, refilled continuously from
 * the cloud's own clock, so a test or the bench that moves the clock gets the same answers every run. A call takes
 * tokens from every bucket it draws on, or, when one is short, from none and is throttled, as AWS does.
 *
 * Off unless `SimulatedCloudOptions.rateModel` is set: unit tests and `npm start` are not throttled.
 *
 * @example
 * const cloud = new SimulatedCloud({ now: () => clock, rateModel: true });
 * cloud.rates?.throttled; // the calls it refused
 */
export class RateModel {
  /** Every call the model refused, in order. */
  readonly throttled: ThrottledCall[] = [];
  readonly #now: () => number;
  readonly #buckets = new Map<string, { level: number; updatedAt: number; rate: BucketRate }>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Takes the call's tokens and answers true, or answers false (throttled) and takes none. */
  admit(service: AwsServiceName, command: string, input: unknown): boolean {
    const now = this.#now();
    const draws = drawsOf(service, command, input);
    const short = draws.find((draw) => this.#level(draw, now) < draw.cost);
    if (short) {
      this.throttled.push({ service, command, bucket: short.key, at: now });
      return false;
    }
    for (const draw of draws) this.#buckets.get(draw.key)!.level -= draw.cost;
    return true;
  }

  /** Tokens in a bucket now (full if no call has drawn on it yet). */
  level(key: string): number | undefined {
    const bucket = this.#buckets.get(key);
    if (!bucket) return undefined;
    return this.#level({ key, rate: bucket.rate, cost: 0 }, this.#now());
  }

  #level(draw: Draw, now: number): number {
    let bucket = this.#buckets.get(draw.key);
    if (!bucket) {
      bucket = { level: draw.rate.burst, updatedAt: now, rate: draw.rate };
      this.#buckets.set(draw.key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.level = Math.min(bucket.rate.burst, bucket.level + elapsed * bucket.rate.perSecond);
    bucket.updatedAt = now;
    return bucket.level;
  }
}

/**
 * The least time AWS's documented buckets allow for `calls`, starting from full buckets: for each bucket, what the
 * calls take beyond its burst, at its refill rate; the slowest bucket sets the floor. A run that takes much longer
 * than this waits on something else (its own rate limits, serial round trips).
 *
 * @example
 * const seconds = rateFloorSeconds(cloud.faults.calls);
 */
export function rateFloorSeconds(calls: readonly RatedCall[]): number {
  const needed = new Map<string, { rate: BucketRate; tokens: number }>();
  for (const call of calls) {
    for (const draw of drawsOf(call.service, call.command, call.input)) {
      const entry = needed.get(draw.key) ?? { rate: draw.rate, tokens: 0 };
      entry.tokens += draw.cost;
      needed.set(draw.key, entry);
    }
  }
  let floor = 0;
  for (const { rate, tokens } of needed.values()) floor = Math.max(floor, (tokens - rate.burst) / rate.perSecond);
  return floor;
}
