import { describe, expect, it } from 'vitest';
import { DEFAULT_AWS_RATE_LIMITS } from '../../src/aws/rate-limiter.js';
import { DEFAULT_RETRY } from '../../src/aws/retry.js';
import { parseConfig } from '../../src/core/config.js';
import { InvalidConfigError } from '../../src/core/errors.js';

const valid = {
  cluster: 'dev',
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
  hostedZoneId: 'Z0DEV',
  baseDomain: 'dev.example.com',
  apps: { web: { service: 'web' } },
};

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).context.problems as string[];
  }
  throw new Error('expected the configuration to be refused');
}

describe('Function: parseConfig', () => {
  describe('Section: awsCalls', () => {
    it('defaults to the retry budget and rate limits the AWS adapters use without a configuration', () => {
      const { awsCalls } = parseConfig(valid);

      expect(awsCalls.maxAttempts).toBe(DEFAULT_RETRY.maxAttempts);
      expect(awsCalls.rateLimits).toEqual(DEFAULT_AWS_RATE_LIMITS);
    });

    it('takes one service\'s bucket and keeps the defaults of the others', () => {
      const { awsCalls } = parseConfig({ ...valid, awsCalls: { maxAttempts: 3, rateLimits: { route53: { perSecond: 1, burst: 5 } } } });

      expect(awsCalls.maxAttempts).toBe(3);
      expect(awsCalls.rateLimits.route53).toEqual({ perSecond: 1, burst: 5 });
      expect(awsCalls.rateLimits.ecs).toEqual(DEFAULT_AWS_RATE_LIMITS.ecs);
    });

    it('refuses a rate above AWS\'s documented per-account rate, naming the field', () => {
      expect(problemsOf({ ...valid, awsCalls: { rateLimits: { ecs: { perSecond: 25, burst: 20 } } } })).toEqual([
        "awsCalls.rateLimits.ecs.perSecond: must not exceed AWS's documented per-account rate (20/s)",
      ]);
      expect(problemsOf({ ...valid, awsCalls: { rateLimits: { elbv2: { perSecond: 2, burst: 41 } } } })).toEqual([
        "awsCalls.rateLimits.elbv2.burst: must not exceed AWS's documented per-account burst (40)",
      ]);
    });

    it('refuses a zero rate, a missing burst, an unknown service and a retry budget of 0, each by its field', () => {
      const problems = problemsOf({
        ...valid,
        awsCalls: { maxAttempts: 0, rateLimits: { ecs: { perSecond: 0, burst: 20 }, route53: { perSecond: 1 }, sqs: { perSecond: 1, burst: 1 } } },
      });

      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^awsCalls\.maxAttempts: /),
          expect.stringMatching(/^awsCalls\.rateLimits\.ecs\.perSecond: /),
          expect.stringMatching(/^awsCalls\.rateLimits\.route53\.burst: /),
          expect.stringMatching(/^awsCalls\.rateLimits: Unrecognized key\(s\) in object: 'sqs'/),
        ]),
      );
    });
  });
});
