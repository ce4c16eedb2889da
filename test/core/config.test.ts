import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { InvalidConfigError } from '../../src/core/errors.js';

const valid = {
  cluster: 'dev',
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2',
  hostedZoneId: '/hostedzone/Z0DEV',
  baseDomain: 'Dev.Example.com.',
  apps: { web: { service: 'web', container: 'web', port: 8080 } },
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
  it('fills defaults and normalises the zone id and domain', () => {
    const config = parseConfig(valid);
    expect(config.hostedZoneId).toBe('Z0DEV');
    expect(config.baseDomain).toBe('dev.example.com');
    expect(config.instance).toBe('devenv');
    expect(config.ttl).toEqual({ default: 48 * 3_600_000, max: 7 * 86_400_000 });
    expect(config.targetGroup.deregistrationDelaySeconds).toBe(5);
    expect(config.targetGroup.healthCheckIntervalSeconds).toBe(5);
    expect(config.apps.web?.hostPortsFree).toBe(false);
  });

  it('names the field of each problem', () => {
    const problems = problemsOf({ ...valid, cluster: '', apps: { web: { service: 'web', port: 70000 } } });
    expect(problems.some((problem) => problem.startsWith('cluster:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('apps.web.port:'))).toBe(true);
  });

  it('refuses unknown fields, so a typo is not silently ignored', () => {
    expect(problemsOf({ ...valid, clustre: 'dev' }).join()).toMatch(/clustre/);
  });

  it('refuses a default TTL longer than the maximum', () => {
    expect(problemsOf({ ...valid, ttl: { default: '8d', max: '7d' } }).join()).toMatch(/^ttl/);
  });

  it('refuses a TTL that is not a duration', () => {
    expect(problemsOf({ ...valid, ttl: { default: 'forever' } }).join()).toMatch(/ttl.default/);
  });

  it('refuses an app name that would make ambiguous AWS names', () => {
    expect(problemsOf({ ...valid, apps: { 'web--x': { service: 'web' } } }).join()).toMatch(/apps\.web--x/);
  });

  it('refuses no apps at all', () => {
    expect(problemsOf({ ...valid, apps: {} }).join()).toMatch(/^apps/);
  });

  it('refuses a health check timeout not shorter than the interval', () => {
    expect(problemsOf({ ...valid, targetGroup: { healthCheckIntervalSeconds: 5, healthCheckTimeoutSeconds: 5 } }).join()).toMatch(
      /targetGroup/,
    );
  });

  it('refuses a listener ARN that is not one', () => {
    expect(problemsOf({ ...valid, listenerArn: 'listener-1' }).join()).toMatch(/listenerArn/);
  });
});
