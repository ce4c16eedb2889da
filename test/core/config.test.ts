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

  describe('clone policy fields', () => {
    const withWeb = (policy: Record<string, unknown>) => ({ ...valid, apps: { web: { service: 'web', ...policy } } });

    it('leaves every policy field unset by default: the baseline decides', () => {
      const web = parseConfig(valid).apps.web!;
      expect([web.allowedImageRepositories, web.allowedVariables, web.cloneTaskRoleArn]).toEqual([undefined, undefined, undefined]);
    });

    it('reads repositories with their registry spelled out, so they compare with image references', () => {
      const web = parseConfig(withWeb({ allowedImageRepositories: ['repo/web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/web'] })).apps.web!;
      expect(web.allowedImageRepositories).toEqual(['docker.io/repo/web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/web']);
    });

    it.each([['repo/web:1'], ['repo/Web'], [`repo/web@sha256:${'a'.repeat(64)}`]])('refuses the repository %s (a tag, capitals or a digest)', (repository) => {
      expect(problemsOf(withWeb({ allowedImageRepositories: [repository] })).join()).toMatch(/^apps\.web\.allowedImageRepositories\.0:/);
    });

    it.each([['AWS_REGION'], ['ECS_*'], ['aws_profile']])('refuses %s among the allowed variables', (name) => {
      expect(problemsOf(withWeb({ allowedVariables: [name] })).join()).toMatch(/apps\.web\.allowedVariables\.0: AWS_\* and ECS_\*/);
    });

    it('refuses a clone task role that is not an IAM role ARN', () => {
      expect(problemsOf(withWeb({ cloneTaskRoleArn: 'devenv-clone' })).join()).toMatch(/apps\.web\.cloneTaskRoleArn/);
      expect(parseConfig(withWeb({ cloneTaskRoleArn: 'arn:aws:iam::123456789012:role/devenv/clone-web' })).apps.web?.cloneTaskRoleArn).toBe(
        'arn:aws:iam::123456789012:role/devenv/clone-web',
      );
    });
  });
});
