import { ECSServiceException, ServiceNotFoundException } from '@aws-sdk/client-ecs';
import { describe, expect, it, vi } from 'vitest';
import { awsErrorName, DEFAULT_RETRY, isThrottlingError, withRetry } from '../../src/aws/retry.js';
import { CloudError, PriorityTakenError } from '../../src/core/errors.js';

const throttled = (name = 'ThrottlingException') =>
  new ECSServiceException({ name, $fault: 'client', $metadata: {}, message: 'Rate exceeded' });

/** A call that fails `failures` times with `error`, then answers 'done'. */
function failing(failures: number, error: unknown) {
  let calls = 0;
  const call = vi.fn(async () => {
    calls += 1;
    if (calls <= failures) throw error;
    return 'done';
  });
  return call;
}

describe('Function: withRetry', () => {
  it('returns the result without waiting when the first attempt succeeds', async () => {
    // Prepare
    const sleep = vi.fn(async () => undefined);

    // Act
    const result = await withRetry('ecs:ListServices', async () => 'ok', { sleep });

    // Assess
    expect(result).toBe('ok');
    expect(sleep).not.toHaveBeenCalled();
  });

  it.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'PriorRequestNotComplete', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException'])(
    'retries %s and returns the eventual result',
    async (name) => {
      // Prepare
      const call = failing(2, throttled(name));

      // Act
      const result = await withRetry('ecs:ListServices', call, { sleep: async () => undefined });

      // Assess
      expect(result).toBe('done');
      expect(call).toHaveBeenCalledTimes(3);
    },
  );

  it('retries any error the SDK marks as throttling', async () => {
    // Prepare
    const error = Object.assign(new Error('slow down'), { name: 'SlowDown', $retryable: { throttling: true } });
    const call = failing(1, error);

    // Act
    const result = await withRetry('route53:ChangeResourceRecordSets', call, { sleep: async () => undefined });

    // Assess
    expect(result).toBe('done');
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('waits with full jitter under an exponential cap: random() × min(10 s, 200 ms × 2^n)', async () => {
    // Prepare
    const delays: number[] = [];
    const call = failing(8, throttled());

    // Act
    await withRetry('ecs:ListServices', call, { maxAttempts: 9, sleep: async (ms) => void delays.push(ms), random: () => 0.5 });

    // Assess
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('waits seconds, not fractions of one, when Route 53 says a prior change is not complete: min(10 s, 1 s × 2^n)', async () => {
    // Prepare
    const delays: number[] = [];
    const call = failing(3, throttled('PriorRequestNotComplete'));

    // Act
    await withRetry('route53:ChangeResourceRecordSets', call, { sleep: async (ms) => void delays.push(ms), random: () => 0.5 });

    // Assess
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it('keeps every wait within [0, cap): no retry waits longer than its window, and none needs to wait at all', async () => {
    // Prepare
    const shortest: number[] = [];
    const longest: number[] = [];

    // Act
    await withRetry('ecs:ListServices', failing(3, throttled()), { sleep: async (ms) => void shortest.push(ms), random: () => 0 });
    await withRetry('ecs:ListServices', failing(3, throttled()), { sleep: async (ms) => void longest.push(ms), random: () => 0.999_999 });

    // Assess
    expect(shortest).toEqual([0, 0, 0]);
    const caps = [200, 400, 800];
    longest.forEach((ms, retry) => {
      expect(ms).toBeLessThan(caps[retry]!);
      expect(ms).toBeGreaterThan(caps[retry]! * 0.999);
    });
  });

  it('sends at most 4 requests for one call by default, then throws a CloudError naming the operation', async () => {
    // Prepare
    const error = throttled();
    const call = failing(Number.POSITIVE_INFINITY, error);

    // Act
    const failure = await withRetry('ecs:DescribeServices', call, { sleep: async () => undefined }).catch((e: unknown) => e);

    // Assess
    expect(call).toHaveBeenCalledTimes(DEFAULT_RETRY.maxAttempts);
    expect(DEFAULT_RETRY.maxAttempts).toBe(4);
    expect(failure).toBeInstanceOf(CloudError);
    expect(failure).toMatchObject({ operation: 'ecs:DescribeServices', code: 'cloud_failure', cause: error });
    expect((failure as CloudError).message).toMatch(/^ecs:DescribeServices failed: still throttled after 4 attempts/);
  });

  it('honours a smaller maxAttempts', async () => {
    // Prepare
    const call = failing(Number.POSITIVE_INFINITY, throttled());

    // Act
    await withRetry('ecs:ListServices', call, { maxAttempts: 3, sleep: async () => undefined }).catch(() => undefined);

    // Assess
    expect(call).toHaveBeenCalledTimes(3);
  });

  it.each([
    ['a 503 answer', Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } })],
    ['a connection reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ])('retries %s, which the SDK no longer retries itself', async (_, error) => {
    // Prepare
    const call = failing(1, error);

    // Act
    const result = await withRetry('ecs:ListServices', call, { sleep: async () => undefined });

    // Assess
    expect(result).toBe('done');
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('says a transient failure outlasted the budget as "still failing"', async () => {
    // Prepare
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

    // Act
    const failure = await withRetry('ecs:ListServices', failing(Number.POSITIVE_INFINITY, error), { sleep: async () => undefined }).catch((e: unknown) => e);

    // Assess
    expect((failure as CloudError).message).toBe('ecs:ListServices failed: still failing after 4 attempts (socket hang up)');
  });

  it('wraps any other AWS error in a CloudError at once, keeping it as the cause', async () => {
    // Prepare
    const error = new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} });
    const call = failing(1, error);

    // Act
    const failure = await withRetry('ecs:UpdateService', call, { sleep: async () => undefined }).catch((e: unknown) => e);

    // Assess
    expect(call).toHaveBeenCalledTimes(1);
    expect(failure).toBeInstanceOf(CloudError);
    expect(failure).toMatchObject({ operation: 'ecs:UpdateService', cause: error });
    expect((failure as CloudError).message).toBe('ecs:UpdateService failed: ServiceNotFoundException: Service not found.');
  });

  it('lets a translated domain error through untouched', async () => {
    // Prepare
    const error = new PriorityTakenError(7);

    // Act
    const failure = await withRetry('elasticloadbalancing:CreateRule', async () => Promise.reject(error)).catch((e: unknown) => e);

    // Assess
    expect(failure).toBe(error);
  });
});

describe('Function: isThrottlingError', () => {
  it('does not take a client error for throttling', () => {
    expect(isThrottlingError(new ServiceNotFoundException({ message: 'nope', $metadata: {} }))).toBe(false);
  });
});

describe('Function: awsErrorName', () => {
  it('reads the name of SDK exceptions and of plain errors shaped like them', () => {
    expect(awsErrorName(new ServiceNotFoundException({ message: 'nope', $metadata: {} }))).toBe('ServiceNotFoundException');
    expect(awsErrorName(Object.assign(new Error('x'), { name: 'InvalidChangeBatch' }))).toBe('InvalidChangeBatch');
    expect(awsErrorName('boom')).toBeUndefined();
  });
});
