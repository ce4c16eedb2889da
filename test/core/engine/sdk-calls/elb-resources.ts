import type { Rule, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LEGACY_TARGET_GROUP_ARN, LOAD_BALANCER_ARN, ruleArn, VPC_ID, WEB_TARGET_GROUP_ARN } from './fixtures.js';

/** A target group as DescribeTargetGroups returns it. */
export function targetGroup(name: string, arn: string, overrides: Partial<TargetGroup> = {}): TargetGroup {
  return {
    TargetGroupArn: arn,
    TargetGroupName: name,
    Protocol: 'HTTP',
    ProtocolVersion: 'HTTP1',
    Port: 8080,
    VpcId: VPC_ID,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/healthz',
    Matcher: { HttpCode: '200-399' },
    LoadBalancerArns: [LOAD_BALANCER_ARN],
    TargetType: 'ip',
    IpAddressType: 'ipv4',
    ...overrides,
  };
}

export const webTargetGroup = (): TargetGroup => targetGroup('web', WEB_TARGET_GROUP_ARN);
export const legacyTargetGroup = (): TargetGroup =>
  targetGroup('legacy', LEGACY_TARGET_GROUP_ARN, { Port: 3000, TargetType: 'instance', HealthCheckPath: '/ping', Matcher: { HttpCode: '200' } });

/** A listener rule as DescribeRules returns it: both condition shapes, and the forward action with its ForwardConfig. */
export function hostRule(id: string, priority: number, host: string, forwardTo: string): Rule {
  return {
    RuleArn: ruleArn(id),
    Priority: String(priority),
    IsDefault: false,
    Conditions: [{ Field: 'host-header', Values: [host], HostHeaderConfig: { Values: [host] } }],
    Actions: [
      {
        Type: 'forward',
        TargetGroupArn: forwardTo,
        Order: 1,
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: forwardTo, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
      },
    ],
  };
}

export function defaultRule(): Rule {
  return {
    RuleArn: ruleArn('default0000000000'),
    Priority: 'default',
    IsDefault: true,
    Conditions: [],
    Actions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no such environment' } }],
  };
}
