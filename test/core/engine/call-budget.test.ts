import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/aws/clients.js';
import { addOutermost } from '../../../src/aws/outermost-middleware.js';
import { callCost, type LimitedService } from '../../../src/aws/rate-limiter.js';
import type { DevenvConfig } from '../../../src/core/config.js';
import { Engine } from '../../../src/core/engine.js';
import { CloudError, DevenvError, QuotaExceededError } from '../../../src/core/errors.js';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { ensureLockTable, SIMULATED_LOCK_TABLE } from '../../../src/local/dynamodb.js';
import type { AwsServiceName } from '../../../src/local/aws-error.js';
import { createSeededCloud } from '../../../src/local/seed.js';
import type { SimulatedCloud } from '../../../src/local/simulated-cloud.js';
import { configuredAwsCloud } from '../../../src/runtime/aws-engine.js';
import { seededConfig } from '../../../src/runtime/engine.js';
import { START } from '../../support/simulated.js';
import { VirtualTime } from '../../support/virtual-time.js';

/** A request as it reached the cloud, after the sending engine's limiter let it through. */
interface Arrival {
  service: AwsServiceName;
  command: string;
  input: unknown;
  at: number;
}

/** A small deterministic random source, one per engine, so the jitter differs between engines but not between runs. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * One Lambda instance: its own SDK clients, rate limiter and engine on the shared simulated cloud, wired by the same
 * `configuredAwsCloud` as `buildAwsEngine` on AWS. `arrivals` sees each request between the limiter and the cloud.
 */
function lambdaInstance(cloud: SimulatedCloud, config: DevenvConfig, time: VirtualTime, seed: number) {
  const arrivals: Arrival[] = [];
  const clients = createAwsClients({ region: 'us-east-1' });
  const services = [
    [clients.ecs, 'ecs'],
    [clients.elb, 'elbv2'],
    [clients.route53, 'route53'],
    [clients.dynamodb, 'dynamodb'],
  ] as const;
  for (const [client, service] of services) {
    attachSimulatedCloud(client, cloud, service);
    const note: InitializeMiddleware<object, object> = (next, context) => async (args) => {
      arrivals.push({ service, command: (context.commandName ?? '').replace(/Command$/, ''), input: (args as { input: unknown }).input, at: time.now() });
      return next(args);
    };
    addOutermost(client.middlewareStack as unknown as MiddlewareStack<object, object>, note, 'arrivals');
  }
  ensureLockTable(cloud.dynamodb, SIMULATED_LOCK_TABLE);
  const { cloud: awsCloud } = configuredAwsCloud(clients, config, SIMULATED_LOCK_TABLE, { now: time.now, sleep: time.sleep, random: seededRandom(seed) });
  return { engine: new Engine({ config, cloud: awsCloud, clock: { now: time.date } }), arrivals };
}

/** Replays one engine's arrivals through its own bucket: none may arrive before the bucket could pay for it. */
function overdrawnArrivals(arrivals: Arrival[], config: DevenvConfig): Arrival[] {
  const overdrawn: Arrival[] = [];
  for (const service of ['ecs', 'elbv2', 'route53', 'dynamodb'] as const) {
    const { perSecond, burst } = config.awsCalls.rateLimits[service as LimitedService];
    let level = burst;
    let last = arrivals[0]?.at ?? 0;
    for (const arrival of arrivals.filter((a) => a.service === service)) {
      level = Math.min(burst, level + ((arrival.at - last) / 1000) * perSecond);
      last = arrival.at;
      level -= callCost(service, arrival.command, arrival.input);
      // A caller waits whole milliseconds, so it may arrive up to 1 ms of refill early.
      if (level < -perSecond / 1000 - 1e-9) overdrawn.push(arrival);
    }
  }
  return overdrawn;
}

const WRITES = new Set(['CreateService', 'CreateTargetGroup', 'CreateRule', 'ChangeResourceRecordSets', 'DeleteService', 'DeleteRule', 'DeleteTargetGroup']);

/** `instances` Lambda instances, each serving `perInstance` pushes one at a time, on a cloud with AWS's rate limits. */
async function burstOfCreates(instances: number, perInstance: number) {
  const time = new VirtualTime(START);
  const { cloud, seed } = createSeededCloud({ now: time.date, deploymentSeconds: 0, rateModel: true });
  // A total quota of 30 lets most pushes end at the quota check, which keeps the run short; all 200 still call AWS.
  const config = seededConfig(seed, { limits: { perOwner: 1_000, total: 30 } });
  const lambdas = Array.from({ length: instances }, (_, i) => lambdaInstance(cloud, config, time, i + 1));
  const outcomes = await time.run(
    Promise.all(
      lambdas.map(async ({ engine }, i) => {
        const results: Array<{ name: string; outcome?: string; error?: unknown }> = [];
        for (let n = 0; n < perInstance; n += 1) {
          const name = `pr-${i * perInstance + n + 1}`;
          try {
            const result = await engine.create({ name, app: 'web', owner: 'ci', images: { web: `repo/web:${n}` } });
            results.push({ name, outcome: result.outcome });
          } catch (error) {
            results.push({ name, error });
          }
        }
        return results;
      }),
    ),
  );
  return { cloud, config, lambdas, results: outcomes.flat() };
}

describe('Engine on a throttling cloud', () => {
  it(
    'spends no more than the retry budget per call and keeps every instance within its rate limit in a burst of 200 creates',
    async () => {
      // Act: 10 instances at once, more than the documented safe concurrency, so AWS throttles
      const { cloud, config, lambdas, results } = await burstOfCreates(10, 20);

      // Assess: the cloud did throttle, so the budget and the limits were put to the test
      expect(results).toHaveLength(200);
      expect(cloud.rates!.throttled.length).toBeGreaterThan(0);

      // Every create ended: created, or a devenv error (the quota, or AWS still throttling after the budget)
      expect(results.filter((r) => r.outcome === 'created').length).toBeGreaterThan(0);
      for (const r of results.filter((r) => r.error)) expect(r.error).toBeInstanceOf(DevenvError);
      const outOfBudget = results.filter((r) => r.error instanceof CloudError && /still throttled after/.test(r.error.message));
      for (const r of outOfBudget) expect((r.error as Error).message).toMatch(/still throttled after 4 attempts/);

      // No write was sent more often than the retry budget (each of these inputs is unique to one environment)
      const sends = new Map<string, number>();
      for (const call of cloud.faults.calls.filter((c) => WRITES.has(c.command))) {
        const key = `${call.service}:${call.command}:${JSON.stringify(call.input)}`;
        sends.set(key, (sends.get(key) ?? 0) + 1);
      }
      const mostSends = Math.max(...sends.values());
      expect(mostSends).toBeGreaterThan(1);
      expect(mostSends).toBeLessThanOrEqual(config.awsCalls.maxAttempts);

      // Each instance's requests fit its own token buckets
      for (const { arrivals } of lambdas) expect(overdrawnArrivals(arrivals, config)).toEqual([]);
    },
    120_000,
  );

  it(
    'is never throttled with the default limits and 4 instances at once, the concurrency the README allows',
    async () => {
      // Act
      const { cloud, results } = await burstOfCreates(4, 10);

      // Assess
      expect(cloud.rates!.throttled).toEqual([]);
      expect(results.filter((r) => r.outcome === 'created').length).toBeGreaterThan(0);
      for (const r of results.filter((r) => r.error)) expect(r.error).toBeInstanceOf(QuotaExceededError);
    },
    120_000,
  );
});
