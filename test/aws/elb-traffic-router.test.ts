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
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  ModifyTargetGroupAttributesCommand,
  PriorityInUseException,
  RuleNotFoundException,
  TargetGroupNotFoundException,
  type DescribeTagsCommandInput,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { ElbTrafficRouter } from '../../src/aws/elb-traffic-router.js';
import { CloudError, NotFoundError, PriorityTakenError, TargetGroupNameTakenError } from '../../src/core/errors.js';
import type { TargetGroupSpec } from '../../src/core/ports.js';
import {
  ALB_DNS_NAME,
  ALB_ZONE_ID,
  INSTANT_RETRY,
  LISTENER_ARN,
  LOAD_BALANCER_ARN,
  ruleArn,
  targetGroupArn,
  VPC_ID,
} from './fixtures.js';

const elb = mockClient(ElasticLoadBalancingV2Client);
const router = () => new ElbTrafficRouter(new ElasticLoadBalancingV2Client({}), { retry: INSTANT_RETRY });

const throttled = () =>
  new ElasticLoadBalancingV2ServiceException({ name: 'Throttling', $fault: 'client', $metadata: {}, message: 'Rate exceeded' });

function targetGroup(name: string, overrides: Partial<TargetGroup> = {}): TargetGroup {
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

function hostRule(id: string, priority: number, host: string, group: string): Rule {
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

const defaultRule: Rule = {
  RuleArn: ruleArn('default'),
  Priority: 'default',
  Conditions: [],
  Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
  IsDefault: true,
};

/** DescribeTags that tags every ARN asked for with `owner=devenv`. */
function tagEverything(): void {
  elb.on(DescribeTagsCommand).callsFake(async (input: DescribeTagsCommandInput) => ({
    TagDescriptions: (input.ResourceArns ?? []).map((arn) => ({ ResourceArn: arn, Tags: [{ Key: 'owner', Value: 'devenv' }] })),
  }));
}

beforeEach(() => {
  elb.reset();
});

describe('Class: ElbTrafficRouter', () => {
  describe('Method: describeListener', () => {
    it('finds the load balancer of the listener and returns its DNS name and zone', async () => {
      // Prepare
      elb.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: LISTENER_ARN, LoadBalancerArn: LOAD_BALANCER_ARN }] });
      elb.on(DescribeLoadBalancersCommand).resolves({
        LoadBalancers: [{ LoadBalancerArn: LOAD_BALANCER_ARN, DNSName: ALB_DNS_NAME, CanonicalHostedZoneId: ALB_ZONE_ID }],
      });

      // Act
      const alias = await router().describeListener(LISTENER_ARN);

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { ListenerArns: [LISTENER_ARN] });
      expect(elb).toHaveReceivedCommandWith(DescribeLoadBalancersCommand, { LoadBalancerArns: [LOAD_BALANCER_ARN] });
      expect(alias).toEqual({ loadBalancerArn: LOAD_BALANCER_ARN, dnsName: ALB_DNS_NAME, canonicalHostedZoneId: ALB_ZONE_ID });
    });
  });

  describe('Method: describeTargetGroup', () => {
    it('describes the group by ARN with its tags', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });
      tagEverything();

      // Act
      const group = await router().describeTargetGroup(targetGroupArn('devenv-web-pr-1'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { TargetGroupArns: [targetGroupArn('devenv-web-pr-1')] });
      expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [targetGroupArn('devenv-web-pr-1')] });
      expect(group).toEqual({
        arn: targetGroupArn('devenv-web-pr-1'),
        name: 'devenv-web-pr-1',
        protocol: 'HTTP',
        protocolVersion: 'HTTP1',
        port: 8080,
        vpcId: VPC_ID,
        targetType: 'ip',
        healthCheck: {
          protocol: 'HTTP',
          port: 'traffic-port',
          path: '/health',
          matcher: '200-299',
          intervalSeconds: 5,
          timeoutSeconds: 4,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        loadBalancerArns: [LOAD_BALANCER_ARN],
        tags: { owner: 'devenv' },
      });
    });

    it('throws NotFoundError when the group does not exist', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const failure = router().describeTargetGroup(targetGroupArn('ghost'));

      // Assess
      await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('Method: findTargetGroup', () => {
    it('looks the group up by exact name', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });
      tagEverything();

      // Act
      const group = await router().findTargetGroup('devenv-web-pr-1');

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { Names: ['devenv-web-pr-1'] });
      expect(group?.name).toBe('devenv-web-pr-1');
    });

    it('returns undefined when no group has the name', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const group = await router().findTargetGroup('devenv-web-pr-9');

      // Assess
      expect(group).toBeUndefined();
      expect(elb).not.toHaveReceivedCommand(DescribeTagsCommand);
    });
  });

  describe('Method: listTargetGroups', () => {
    it('pages with PageSize 400 and Marker, keeping the names with the prefix', async () => {
      // Prepare
      elb
        .on(DescribeTargetGroupsCommand)
        .resolvesOnce({ TargetGroups: [targetGroup('devenv-web-pr-1'), targetGroup('baseline-web')], NextMarker: 'm2' })
        .resolvesOnce({ TargetGroups: [targetGroup('devenv-web-pr-2')] });
      tagEverything();

      // Act
      const groups = await router().listTargetGroups('devenv-');

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DescribeTargetGroupsCommand, 2);
      expect(elb).toHaveReceivedNthCommandWith(DescribeTargetGroupsCommand, 1, { PageSize: 400 });
      expect(elb).toHaveReceivedNthCommandWith(DescribeTargetGroupsCommand, 2, { PageSize: 400, Marker: 'm2' });
      expect(groups.map((group) => group.name)).toEqual(['devenv-web-pr-1', 'devenv-web-pr-2']);
      expect(groups.every((group) => group.tags.owner === 'devenv')).toBe(true);
    });

    it('asks DescribeTags for at most 20 ARNs per call', async () => {
      // Prepare
      const names = Array.from({ length: 45 }, (_, index) => `devenv-web-pr-${index}`);
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: names.map((name) => targetGroup(name)) });
      tagEverything();

      // Act
      const groups = await router().listTargetGroups('devenv-');

      // Assess
      const batches = elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns ?? []);
      expect(batches.map((batch) => batch.length)).toEqual([20, 20, 5]);
      expect(batches.flat()).toEqual(names.map((name) => targetGroupArn(name)));
      expect(groups).toHaveLength(45);
    });

    it('leaves out a group deleted between listing and tagging', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [targetGroup('devenv-a'), targetGroup('devenv-b')] });
      const gone = new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} });
      elb.on(DescribeTagsCommand).rejects(gone);
      elb
        .on(DescribeTagsCommand, { ResourceArns: [targetGroupArn('devenv-a')] })
        .resolves({ TagDescriptions: [{ ResourceArn: targetGroupArn('devenv-a'), Tags: [] }] });

      // Act
      const groups = await router().listTargetGroups('devenv-');

      // Assess
      expect(groups.map((group) => group.name)).toEqual(['devenv-a']);
    });
  });

  describe('Method: createTargetGroup', () => {
    const spec: TargetGroupSpec = {
      name: 'devenv-web-pr-1',
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      port: 8080,
      vpcId: VPC_ID,
      targetType: 'ip',
      healthCheck: {
        protocol: 'HTTP',
        port: 'traffic-port',
        path: '/health',
        matcher: '200-299',
        intervalSeconds: 5,
        timeoutSeconds: 4,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      deregistrationDelaySeconds: 5,
      tags: { 'devenv:environment': 'pr-1' },
    };

    it('creates the group with its health check and tags, then sets the deregistration delay', async () => {
      // Prepare
      elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1', { LoadBalancerArns: [] })] });
      elb.on(ModifyTargetGroupAttributesCommand).resolves({});

      // Act
      const group = await router().createTargetGroup(spec);

      // Assess
      expect(elb.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input).toEqual({
        Name: 'devenv-web-pr-1',
        Protocol: 'HTTP',
        ProtocolVersion: 'HTTP1',
        Port: 8080,
        VpcId: VPC_ID,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200-299' },
        Tags: [{ Key: 'devenv:environment', Value: 'pr-1' }],
      });
      expect(elb).toHaveReceivedCommandWith(ModifyTargetGroupAttributesCommand, {
        TargetGroupArn: targetGroupArn('devenv-web-pr-1'),
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
      });
      expect(group).toMatchObject({ arn: targetGroupArn('devenv-web-pr-1'), tags: { 'devenv:environment': 'pr-1' } });
    });

    it('puts the matcher in GrpcCode for a gRPC group', async () => {
      // Prepare
      elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });
      elb.on(ModifyTargetGroupAttributesCommand).resolves({});

      // Act
      await router().createTargetGroup({ ...spec, protocolVersion: 'GRPC', healthCheck: { ...spec.healthCheck, matcher: '0-99' } });

      // Assess
      expect(elb).toHaveReceivedCommandWith(CreateTargetGroupCommand, { Matcher: { GrpcCode: '0-99' } });
    });

    it('deletes the new group again when setting its attributes fails, then throws', async () => {
      // Prepare
      elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });
      const denied = new ElasticLoadBalancingV2ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'denied' });
      elb.on(ModifyTargetGroupAttributesCommand).rejects(denied);
      elb.on(DeleteTargetGroupCommand).resolves({});

      // Act
      const failure = await router().createTargetGroup(spec).catch((e: unknown) => e);

      // Assess
      expect(elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: targetGroupArn('devenv-web-pr-1') });
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'elasticloadbalancing:ModifyTargetGroupAttributes', cause: denied });
    });

    it('throws TargetGroupNameTakenError when the name is taken with other settings', async () => {
      // Prepare
      const error = new DuplicateTargetGroupNameException({ message: 'A target group with the same name exists', $metadata: {} });
      elb.on(CreateTargetGroupCommand).rejects(error);

      // Act
      const failure = await router().createTargetGroup(spec).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(TargetGroupNameTakenError);
      expect(failure).toMatchObject({ code: 'conflict', cause: error });
      expect(elb).not.toHaveReceivedCommand(ModifyTargetGroupAttributesCommand);
    });
  });

  describe('Method: deleteTargetGroup', () => {
    it('deletes the group by ARN', async () => {
      // Prepare
      elb.on(DeleteTargetGroupCommand).resolves({});

      // Act
      await router().deleteTargetGroup(targetGroupArn('devenv-web-pr-1'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: targetGroupArn('devenv-web-pr-1') });
    });

    it('succeeds when the group is already gone', async () => {
      // Prepare
      elb.on(DeleteTargetGroupCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const done = router().deleteTargetGroup(targetGroupArn('devenv-web-pr-1'));

      // Assess
      await expect(done).resolves.toBeUndefined();
    });
  });

  describe('Method: listRules', () => {
    it('pages with PageSize 400 and Marker', async () => {
      // Prepare
      elb
        .on(DescribeRulesCommand)
        .resolvesOnce({ Rules: [hostRule('r1', 10, 'pr-1.dev.example.com', 'devenv-a')], NextMarker: 'm2' })
        .resolvesOnce({ Rules: [defaultRule] });
      tagEverything();

      // Act
      const rules = await router().listRules(LISTENER_ARN);

      // Assess
      expect(elb).toHaveReceivedNthCommandWith(DescribeRulesCommand, 1, { ListenerArn: LISTENER_ARN, PageSize: 400 });
      expect(elb).toHaveReceivedNthCommandWith(DescribeRulesCommand, 2, { ListenerArn: LISTENER_ARN, PageSize: 400, Marker: 'm2' });
      expect(rules).toHaveLength(2);
    });

    it('maps host headers, forward targets, numeric priority and tags', async () => {
      // Prepare
      elb.on(DescribeRulesCommand).resolves({ Rules: [hostRule('r1', 10, 'pr-1.dev.example.com', 'devenv-a'), defaultRule] });
      tagEverything();

      // Act
      const rules = await router().listRules(LISTENER_ARN);

      // Assess
      expect(rules).toEqual([
        {
          arn: ruleArn('r1'),
          priority: 10,
          hostHeaders: ['pr-1.dev.example.com'],
          targetGroupArns: [targetGroupArn('devenv-a')],
          tags: { owner: 'devenv' },
        },
        { arn: ruleArn('default'), priority: 'default', hostHeaders: [], targetGroupArns: [], tags: {} },
      ]);
    });

    it('reads legacy host-header Values and weighted forward target groups', async () => {
      // Prepare
      const legacy: Rule = {
        RuleArn: ruleArn('r2'),
        Priority: '20',
        Conditions: [{ Field: 'host-header', Values: ['legacy.dev.example.com'] }],
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: targetGroupArn('blue'), Weight: 90 },
                { TargetGroupArn: targetGroupArn('green'), Weight: 10 },
              ],
            },
          },
        ],
      };
      elb.on(DescribeRulesCommand).resolves({ Rules: [legacy] });
      tagEverything();

      // Act
      const [rule] = await router().listRules(LISTENER_ARN);

      // Assess
      expect(rule?.hostHeaders).toEqual(['legacy.dev.example.com']);
      expect(rule?.targetGroupArns).toEqual([targetGroupArn('blue'), targetGroupArn('green')]);
    });

    it('asks tags of non-default rules only, at most 20 per call', async () => {
      // Prepare
      const rules = Array.from({ length: 25 }, (_, index) => hostRule(`r${index}`, index + 1, `pr-${index}.dev.example.com`, 'g'));
      elb.on(DescribeRulesCommand).resolves({ Rules: [...rules, defaultRule] });
      tagEverything();

      // Act
      await router().listRules(LISTENER_ARN);

      // Assess
      const batches = elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns ?? []);
      expect(batches.map((batch) => batch.length)).toEqual([20, 5]);
      expect(batches.flat()).not.toContain(ruleArn('default'));
    });
  });

  describe('Method: createRule', () => {
    const spec = {
      listenerArn: LISTENER_ARN,
      priority: 17,
      hostHeader: 'pr-1.dev.example.com',
      targetGroupArn: targetGroupArn('devenv-web-pr-1'),
      tags: { 'devenv:environment': 'pr-1' },
    };

    it('creates a host-header rule that forwards to the group, with tags', async () => {
      // Prepare
      elb.on(CreateRuleCommand).resolves({ Rules: [hostRule('r17', 17, 'pr-1.dev.example.com', 'devenv-web-pr-1')] });

      // Act
      const rule = await router().createRule(spec);

      // Assess
      expect(elb.commandCalls(CreateRuleCommand)[0]!.args[0].input).toEqual({
        ListenerArn: LISTENER_ARN,
        Priority: 17,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['pr-1.dev.example.com'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn('devenv-web-pr-1') }],
        Tags: [{ Key: 'devenv:environment', Value: 'pr-1' }],
      });
      expect(rule).toEqual({
        arn: ruleArn('r17'),
        priority: 17,
        hostHeaders: ['pr-1.dev.example.com'],
        targetGroupArns: [targetGroupArn('devenv-web-pr-1')],
        tags: { 'devenv:environment': 'pr-1' },
      });
    });

    it('throws PriorityTakenError when the priority is in use', async () => {
      // Prepare
      const error = new PriorityInUseException({ message: "Priority '17' is currently in use", $metadata: {} });
      elb.on(CreateRuleCommand).rejects(error);

      // Act
      const failure = await router().createRule(spec).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(PriorityTakenError);
      expect(failure).toMatchObject({ priority: 17, cause: error });
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, 1);
    });
  });

  describe('Method: deleteRule', () => {
    it('deletes the rule by ARN', async () => {
      // Prepare
      elb.on(DeleteRuleCommand).resolves({});

      // Act
      await router().deleteRule(ruleArn('r17'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DeleteRuleCommand, { RuleArn: ruleArn('r17') });
    });

    it('succeeds when the rule is already gone', async () => {
      // Prepare
      elb.on(DeleteRuleCommand).rejects(new RuleNotFoundException({ message: 'One or more rules not found', $metadata: {} }));

      // Act
      const done = router().deleteRule(ruleArn('r17'));

      // Assess
      await expect(done).resolves.toBeUndefined();
    });
  });

  describe('Method: targetHealth', () => {
    it('maps each target and its state', async () => {
      // Prepare
      elb.on(DescribeTargetHealthCommand).resolves({
        TargetHealthDescriptions: [
          { Target: { Id: '10.0.1.15', Port: 8080 }, TargetHealth: { State: 'healthy' } },
          {
            Target: { Id: '10.0.2.20', Port: 8080 },
            TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [502]' },
          },
        ],
      });

      // Act
      const health = await router().targetHealth(targetGroupArn('devenv-web-pr-1'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeTargetHealthCommand, { TargetGroupArn: targetGroupArn('devenv-web-pr-1') });
      expect(health).toEqual([
        { id: '10.0.1.15', port: 8080, state: 'healthy' },
        {
          id: '10.0.2.20',
          port: 8080,
          state: 'unhealthy',
          reason: 'Target.ResponseCodeMismatch',
          description: 'Health checks failed with these codes: [502]',
        },
      ]);
    });
  });

  describe('Throttling', () => {
    it('retries throttled DescribeRules until it succeeds', async () => {
      // Prepare
      elb.on(DescribeRulesCommand).rejectsOnce(throttled()).resolves({ Rules: [defaultRule] });

      // Act
      const rules = await router().listRules(LISTENER_ARN);

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DescribeRulesCommand, 2);
      expect(rules).toHaveLength(1);
    });

    it('throws a CloudError naming the operation when throttling never stops', async () => {
      // Prepare
      elb.on(CreateRuleCommand).rejects(throttled());

      // Act
      const failure = await router()
        .createRule({ listenerArn: LISTENER_ARN, priority: 1, hostHeader: 'a.example.com', targetGroupArn: targetGroupArn('a'), tags: {} })
        .catch((e: unknown) => e);

      // Assess
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, 8);
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'elasticloadbalancing:CreateRule' });
    });
  });
});
