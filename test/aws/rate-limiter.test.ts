import { ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { AWS_API_RATES } from '../../src/aws/aws-api-rates.js';
import { AwsRateLimiter, callCost, DEFAULT_AWS_RATE_LIMITS } from '../../src/aws/rate-limiter.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { createSeededCloud } from '../../src/local/seed.js';
import { CLUSTER, REGION } from './fixtures.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A limiter on a clock the test moves; its sleeps are noted and move that clock. */
function fakeClockLimiter(limits: ConstructorParameters<typeof AwsRateLimiter>[0] = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const limiter = new AwsRateLimiter({
    ...limits,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { limiter, sleeps };
}

describe('Function: callCost', () => {
  it('charges a read 1 token and a write the ratio of the read rate to its family rate', () => {
    expect(callCost('ecs', 'DescribeServices', {})).toBe(1);
    expect(callCost('ecs', 'ListTagsForResource', {})).toBe(1);
    expect(callCost('ecs', 'UpdateService', {})).toBe(4);
    expect(callCost('ecs', 'TagResource', {})).toBe(2);
    expect(callCost('ecs', 'RegisterTaskDefinition', {})).toBe(20);
    expect(callCost('elbv2', 'DescribeRules', {})).toBe(1);
    expect(callCost('elbv2', 'CreateRule', {})).toBeCloseTo(10 / 3);
    expect(callCost('elbv2', 'DeregisterTargets', {})).toBe(2.5);
    expect(callCost('route53', 'ListResourceRecordSets', {})).toBe(1);
    expect(callCost('dynamodb', 'PutItem', {})).toBe(1);
  });

  it('charges a Route 53 change batch its share of the change-throughput bucket (UPSERT counts twice)', () => {
    const batch = (actions: string[]) => ({ ChangeBatch: { Changes: actions.map((Action) => ({ Action })) } });

    expect(callCost('route53', 'ChangeResourceRecordSets', batch(['CREATE', 'CREATE']))).toBe(1);
    expect(callCost('route53', 'ChangeResourceRecordSets', batch(Array(1_000).fill('DELETE')))).toBe(100);
    expect(callCost('route53', 'ChangeResourceRecordSets', batch(Array(100).fill('UPSERT')))).toBe(20);
  });

  it('gives every family at most the service bucket\'s share of its own documented rate', () => {
    for (const service of ['ecs', 'elbv2', 'route53'] as const) {
      const share = DEFAULT_AWS_RATE_LIMITS[service].perSecond / AWS_API_RATES[service].readPerSecond;
      for (const family of AWS_API_RATES[service].families) {
        const operation = family.operations?.[0] ?? (family.match ? 'DescribeSomething' : 'ModifySomething');
        const callsPerSecond = DEFAULT_AWS_RATE_LIMITS[service].perSecond / callCost(service, operation, {});
        expect(callsPerSecond).toBeLessThanOrEqual(family.perSecond * share + 1e-9);
      }
    }
  });
});

describe('Class: AwsRateLimiter', () => {
  it('keeps every default well under AWS\'s documented per-account rate: a fifth of it', () => {
    for (const service of ['ecs', 'elbv2', 'route53'] as const) {
      const rates = AWS_API_RATES[service];
      const documentedBurst = rates.account?.burst ?? Math.max(...rates.families.map((family) => family.burst));
      expect(DEFAULT_AWS_RATE_LIMITS[service].perSecond).toBeLessThanOrEqual(rates.readPerSecond / 5);
      expect(DEFAULT_AWS_RATE_LIMITS[service].burst).toBeLessThanOrEqual(documentedBurst / 5);
    }
  });

  describe('Method: admit', () => {
    it('lets a RegisterTaskDefinition through once the ECS bucket holds its 20 tokens', async () => {
      // Prepare
      const { limiter, sleeps } = fakeClockLimiter();

      // Act
      await limiter.admit('ecs', 'RegisterTaskDefinition', {});
      await limiter.admit('ecs', 'RegisterTaskDefinition', {});
      await limiter.admit('ecs', 'DescribeServices', {});

      // Assess: 20 tokens at 4/s is 5 s; the read after it waits its own quarter second
      expect(sleeps).toEqual([5_000, 250]);
    });

    it('keeps one bucket per service: a drained ECS bucket does not hold up Route 53', async () => {
      // Prepare
      const { limiter, sleeps } = fakeClockLimiter({ limits: { ecs: { perSecond: 1, burst: 1 } } });
      await limiter.admit('ecs', 'ListServices', {});

      // Act
      await limiter.admit('route53', 'ListResourceRecordSets', {});

      // Assess
      expect(sleeps).toEqual([]);
    });
  });

  describe('Method: attach', () => {
    it('limits requests answered by the simulated cloud, even when attached after it', async () => {
      // Prepare
      const { cloud } = createSeededCloud();
      const ecs = new ECSClient({ region: REGION, credentials });
      attachSimulatedCloud(ecs, cloud, 'ecs');
      const { limiter, sleeps } = fakeClockLimiter({ limits: { ecs: { perSecond: 2, burst: 1 } } });
      limiter.attach(ecs, 'ecs');

      // Act
      await ecs.send(new ListServicesCommand({ cluster: CLUSTER }));
      await ecs.send(new ListServicesCommand({ cluster: CLUSTER }));

      // Assess
      expect(sleeps).toEqual([500]);
      expect(cloud.faults.callsOf('ListServices')).toHaveLength(2);
    });

    it('empties the service bucket when AWS throttles a request, so the next one waits for the refill', async () => {
      // Prepare
      const { cloud } = createSeededCloud();
      const ecs = new ECSClient({ region: REGION, credentials });
      attachSimulatedCloud(ecs, cloud, 'ecs');
      const { limiter, sleeps } = fakeClockLimiter({ limits: { ecs: { perSecond: 4, burst: 20 } } });
      limiter.attach(ecs, 'ecs');
      cloud.faults.throttle('ListServices');

      // Act
      const throttled = await ecs.send(new ListServicesCommand({ cluster: CLUSTER })).catch((error: Error) => error);
      await ecs.send(new ListServicesCommand({ cluster: CLUSTER }));

      // Assess
      expect(throttled).toMatchObject({ name: 'ThrottlingException' });
      expect(sleeps).toEqual([250]);
    });
  });
});
