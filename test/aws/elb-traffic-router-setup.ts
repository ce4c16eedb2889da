import {
  DescribeTagsCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  type DescribeTagsCommandInput,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { ElbTrafficRouter } from '../../src/aws/elb-traffic-router.js';
import { INSTANT_RETRY, LOAD_BALANCER_ARN, ruleArn, targetGroupArn, VPC_ID } from './fixtures.js';

/**
 * Shared setup of the elb-traffic-router-*.test.ts files. Vitest loads this module afresh for each test file, so each
 * file has its own mock; each file resets it in its own `beforeEach`.
 */
export const elb = mockClient(ElasticLoadBalancingV2Client);
export const router = () => new ElbTrafficRouter(new ElasticLoadBalancingV2Client({}), { retry: INSTANT_RETRY });

export const throttled = () =>
  new ElasticLoadBalancingV2ServiceException({ name: 'Throttling', $fault: 'client', $metadata: {}, message: 'Rate exceeded' });

export function targetGroup(name: string, overrides: Partial<TargetGroup> = {}): TargetGroup {
  return {
    TargetGroupArn: targetGroupArn(name),
    TargetGroupName: name,
    Protocol: 'HTTP',
    ProtocolVersion: 'HTTP1',
    Port: 8080,
    VpcId: VPC_ID,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 5,
    HealthCheckTimeoutSeconds: 4,
    HealthyThresholdCount: 2,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/health',
    Matcher: { HttpCode: '200-299' },
    LoadBalancerArns: [LOAD_BALANCER_ARN],
    TargetType: 'ip',
    ...overrides,
  };
}

export function hostRule(id: string, priority: number, host: string, group: string): Rule {
  return {
    RuleArn: ruleArn(id),
    Priority: String(priority),
    Conditions: [{ Field: 'host-header', Values: [host], HostHeaderConfig: { Values: [host] } }],
    Actions: [
      {
        Type: 'forward',
        TargetGroupArn: targetGroupArn(group),
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn(group), Weight: 1 }] },
      },
    ],
    IsDefault: false,
  };
}

export const defaultRule: Rule = {
  RuleArn: ruleArn('default'),
  Priority: 'default',
  Conditions: [],
  Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
  IsDefault: true,
};

/** DescribeTags that tags every ARN asked for with `owner=devenv`. */
export function tagEverything(): void {
  elb.on(DescribeTagsCommand).callsFake(async (input: DescribeTagsCommandInput) => ({
    TagDescriptions: (input.ResourceArns ?? []).map((arn) => ({ ResourceArn: arn, Tags: [{ Key: 'owner', Value: 'devenv' }] })),
  }));
}
