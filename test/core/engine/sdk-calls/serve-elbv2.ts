import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  RuleNotFoundException,
  TargetGroupNotFoundException,
  type CreateRuleCommandInput,
  type CreateTargetGroupCommandInput,
  type DescribeTagsCommandInput,
  type DescribeTargetGroupsCommandInput,
  type ModifyTargetGroupAttributesCommandInput,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Account, Mocks } from './fake-account.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, LISTENER_ARN, LOAD_BALANCER_ARN, NEW_RULE_ID, NEW_TARGET_GROUP_ID, ruleArn, targetGroupArn, VPC_ID } from './fixtures.js';

const metadata = { httpStatusCode: 400, requestId: 'c0ffee00-0000-4000-8000-000000000000' };

export function serveElb(elb: Mocks['elb'], account: Account): void {
  elb.on(DescribeListenersCommand).resolves({
    Listeners: [{ ListenerArn: LISTENER_ARN, LoadBalancerArn: LOAD_BALANCER_ARN, Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }],
  });
  elb.on(DescribeLoadBalancersCommand).resolves({
    LoadBalancers: [
      {
        LoadBalancerArn: LOAD_BALANCER_ARN,
        LoadBalancerName: 'dev-alb',
        DNSName: ALB_DNS_NAME,
        CanonicalHostedZoneId: ALB_ZONE_ID,
        Scheme: 'internet-facing',
        VpcId: VPC_ID,
        State: { Code: 'active' },
        Type: 'application',
        IpAddressType: 'ipv4',
      },
    ],
  });
  const targetGroupNotFound = () => new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: metadata });
  elb.on(DescribeTargetGroupsCommand).callsFake(async (input: DescribeTargetGroupsCommandInput) => {
    const groups = account.targetGroups.map(({ group }) => group);
    if (!input.Names && !input.TargetGroupArns) return { TargetGroups: groups };
    const found = groups.filter((group) => input.Names?.includes(group.TargetGroupName!) || input.TargetGroupArns?.includes(group.TargetGroupArn!));
    if (found.length === 0) throw targetGroupNotFound();
    return { TargetGroups: found };
  });
  elb.on(DescribeTagsCommand).callsFake(async (input: DescribeTagsCommandInput) => ({
    TagDescriptions: (input.ResourceArns ?? []).map((arn) => {
      const tagged =
        account.targetGroups.find(({ group }) => group.TargetGroupArn === arn) ?? account.rules.find(({ rule }) => rule.RuleArn === arn);
      if (!tagged) {
        throw arn.includes(':targetgroup/')
          ? targetGroupNotFound()
          : new RuleNotFoundException({ message: 'One or more rules not found', $metadata: metadata });
      }
      return { ResourceArn: arn, Tags: tagged.tags };
    }),
  }));
  elb.on(DescribeRulesCommand).callsFake(async () => ({ Rules: account.rules.map(({ rule }) => rule) }));
  elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
  elb.on(CreateTargetGroupCommand).callsFake(async ({ Tags = [], Matcher, ...input }: CreateTargetGroupCommandInput) => {
    const group: TargetGroup = {
      TargetGroupArn: targetGroupArn(input.Name!, NEW_TARGET_GROUP_ID),
      TargetGroupName: input.Name,
      Protocol: input.Protocol,
      ProtocolVersion: input.ProtocolVersion ?? 'HTTP1',
      Port: input.Port,
      VpcId: input.VpcId,
      HealthCheckProtocol: input.HealthCheckProtocol ?? input.Protocol,
      HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds,
      HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: input.HealthyThresholdCount,
      UnhealthyThresholdCount: input.UnhealthyThresholdCount,
      HealthCheckPath: input.HealthCheckPath,
      Matcher,
      LoadBalancerArns: [],
      TargetType: input.TargetType,
      IpAddressType: 'ipv4',
    };
    account.targetGroups.push({ group, tags: Tags });
    return { TargetGroups: [group] };
  });
  elb.on(ModifyTargetGroupAttributesCommand).callsFake(async (input: ModifyTargetGroupAttributesCommandInput) => ({
    Attributes: [...(input.Attributes ?? []), { Key: 'stickiness.enabled', Value: 'false' }, { Key: 'load_balancing.algorithm.type', Value: 'round_robin' }],
  }));
  elb.on(CreateRuleCommand).callsFake(answerCreateRule(account));
  elb.on(DeleteRuleCommand).resolves({});
  elb.on(DeleteTargetGroupCommand).resolves({});
}

/** CreateRule as ELBv2 answers it (tests that override CreateRule once fall back to this). */
export function answerCreateRule(account: Account): (input: CreateRuleCommandInput) => Promise<{ Rules: Rule[] }> {
  return async ({ Tags = [], ...input }) => {
    const rule: Rule = {
      RuleArn: ruleArn(NEW_RULE_ID),
      Priority: String(input.Priority),
      IsDefault: false,
      Conditions: (input.Conditions ?? []).map((condition) => ({ ...condition, Values: condition.HostHeaderConfig?.Values ?? [] })),
      Actions: (input.Actions ?? []).map((action) => ({ ...action, Order: 1 })),
    };
    account.rules.push({ rule, tags: Tags });
    return { Rules: [rule] };
  };
}
