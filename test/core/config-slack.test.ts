import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';

const BASE = {
  cluster: 'dev',
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev/1/2',
  hostedZoneId: 'Z0123456789ABC',
  baseDomain: 'dev.example.com',
  apps: { web: { service: 'web' } },
};

describe('Config: slack', () => {
  it('is optional', () => {
    expect(parseConfig(BASE).slack).toBeUndefined();
  });

  it('defaults the warning to one hour before expiry, with no admins and no notice channels', () => {
    expect(parseConfig({ ...BASE, slack: {} }).slack).toEqual({ admins: [], warnBefore: 3_600_000, noticeChannels: {} });
  });

  it.each([
    [{ admins: ['alice'] }, 'slack.admins.0: must be a Slack user id'],
    [{ warnBefore: 'soon' }, 'slack.warnBefore: "soon" is not a duration'],
    [{ noticeChannels: { web: '#dev' } }, 'slack.noticeChannels.web: must be a Slack channel id'],
    [{ noticeChannels: { api: 'C0123ABCD' } }, 'slack.noticeChannels.api: is not an app of apps'],
    [{ token: 'xoxb-1' }, 'slack: Unrecognized key'],
  ])('names the field of a bad setting: %j', (slack, message) => {
    expect(() => parseConfig({ ...BASE, slack })).toThrow(message);
  });
});
