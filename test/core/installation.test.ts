import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { installationIdentity, type InstallationPlacement } from '../../src/core/installation.js';

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2';
const placement: InstallationPlacement = {
  instance: 'devenv',
  cluster: 'dev',
  listenerArn: LISTENER_ARN,
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  baseDomain: 'dev.example.com',
};

describe('Function: installationIdentity', () => {
  it('is the instance label and 10 hex digits of the placement, the same on every call', () => {
    expect(installationIdentity(placement)).toBe('devenv-48ecc342e5');
    expect(installationIdentity({ ...placement, instance: 'acme' })).toBe('acme-48ecc342e5');
  });

  it.each<[string, Partial<InstallationPlacement>]>([
    ['cluster', { cluster: 'qa' }],
    ['listener', { listenerArn: LISTENER_ARN.replace(/f2f7dc8efc522ab2$/, '0000000000000001') }],
    ['hosted zone', { hostedZoneId: 'Z0000000000000000000' }],
    ['base domain', { baseDomain: 'qa.dev.example.com' }],
  ])('differs for another %s, whatever the instance label says', (_field, change) => {
    expect(installationIdentity({ ...placement, ...change })).not.toBe(installationIdentity(placement));
  });

  it('is the same for the same placement however it is spelled: cluster ARN, /hostedzone/ prefix, case and trailing dot', () => {
    const spelled = {
      ...placement,
      cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/dev',
      hostedZoneId: '/hostedzone/Z0123456789ABCDEFGHIJ',
      baseDomain: 'Dev.Example.com.',
    };
    expect(installationIdentity(spelled)).toBe(installationIdentity(placement));
  });
});

describe('Function: parseConfig — installation', () => {
  it('derives the installation from the parsed placement; it cannot be configured', () => {
    const raw = { ...placement, hostedZoneId: '/hostedzone/Z0123456789ABCDEFGHIJ', apps: { web: { service: 'web' } } };
    const { instance: _label, ...withoutLabel } = raw;

    expect(parseConfig(raw).installation).toBe('devenv-48ecc342e5');
    expect(parseConfig(withoutLabel).installation).toBe('devenv-48ecc342e5');
    expect(() => parseConfig({ ...raw, installation: 'devenv' })).toThrow(/installation/);
  });
});
