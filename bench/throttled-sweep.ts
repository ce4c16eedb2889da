import { createAwsClients } from '../src/aws/clients.js';
import type { AwsRateLimits } from '../src/aws/rate-limiter.js';
import { Engine } from '../src/core/engine.js';
import { attachSimulatedCloud } from '../src/local/attach.js';
import { SIMULATED_LOCK_TABLE } from '../src/local/dynamodb.js';
import { RateModel } from '../src/local/rate-model.js';
import { configuredAwsCloud } from '../src/runtime/aws-engine.js';
import { benchWorld, seedEnvironments, type BenchWorld, type Measurement } from './harness.js';

/**
 * devenv's own token buckets at AWS's documented per-account rates (what the schema allows at most): the sweep as fast
 * as the account allows, to compare with the rate floor. devenv's defaults take a fifth of these (README, "AWS call
 * budget"), so a sweep with them takes about five times as long.
 */
export const AWS_DOCUMENTED_LIMITS: AwsRateLimits = {
  ecs: { perSecond: 20, burst: 100 },
  elbv2: { perSecond: 10, burst: 40 },
  route53: { perSecond: 10, burst: 50 },
  dynamodb: { perSecond: 1000, burst: 2000 },
};

const HOUR_MS = 3_600_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A sweep of `expired` environments on a simulated cloud that throttles like AWS (src/local/rate-model.ts), by an
 * engine wired as on Lambda (its token buckets, retries and backoff; `limits` its rates), on a clock `timeScale` times
 * faster than real time, so that a sweep AWS's rates hold to a quarter of an hour runs in under a minute. Its wall time
 * is measured on that clock: it is what the goal "sweep wall ≤ 1.5 × the rate floor" compares.
 */
export async function measureThrottledSweep(
  expired: number,
  latencyMs: number,
  { timeScale = 20, limits = AWS_DOCUMENTED_LIMITS }: { timeScale?: number; limits?: AwsRateLimits } = {},
): Promise<Measurement> {
  const world = benchWorld();
  await seedEnvironments(world, expired, { prefix: 'expired', ttl: '1h' });
  const later = new Date(world.now.getTime() + 2 * HOUR_MS);
  const started = performance.now();
  const clockMs = () => later.getTime() + (performance.now() - started) * timeScale;
  world.cloud.throttle(new RateModel(clockMs));
  try {
    const engine = throttledEngine(world, limits, clockMs, timeScale);
    const { value, calls, wallMs } = await world.cloud.measure(latencyMs, () => engine.sweep(later), { timeScale });
    if (value.expired.length !== expired || value.failures.length > 0) {
      throw new Error(`bench: the throttled sweep removed ${value.expired.length} of ${expired} (${value.failures.length} failures)`);
    }
    return { operation: 'sweep', others: expired, engine: 'throttled', calls, wallMs };
  } finally {
    world.cloud.throttle(undefined);
  }
}

function throttledEngine(world: BenchWorld, limits: AwsRateLimits, clockMs: () => number, timeScale: number): Engine {
  const clients = createAwsClients({ region: world.seed.region });
  attachSimulatedCloud(clients.ecs, world.cloud, 'ecs');
  attachSimulatedCloud(clients.elb, world.cloud, 'elbv2');
  attachSimulatedCloud(clients.route53, world.cloud, 'route53');
  attachSimulatedCloud(clients.dynamodb, world.cloud, 'dynamodb');
  const config = { ...world.config, awsCalls: { ...world.config.awsCalls, rateLimits: limits } };
  const scaledSleep = (ms: number) => sleep(ms / timeScale);
  const { cloud } = configuredAwsCloud(clients, config, SIMULATED_LOCK_TABLE, { now: clockMs, sleep: scaledSleep });
  return new Engine({ config, cloud, clock: { now: () => new Date(clockMs()) }, lockTiming: { sleep: scaledSleep } });
}
