import {
  AddTagsCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DescribeAccountLimitsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  RemoveTagsCommand,
  type CreateRuleCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { rejectionOf, world, type World } from './fixtures.js';

async function newGroup(w: World, name: string): Promise<string> {
  const { TargetGroups } = await w.elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 8080, VpcId: w.seed.vpcId, TargetType: 'ip' }));
  return TargetGroups![0]!.TargetGroupArn!;
}

function rule(w: World, priority: number, targetGroupArn: string, hosts: string[] = [`p${priority}.dev.example.com`]): CreateRuleCommandInput {
  return {
    ListenerArn: w.seed.listenerArn,
    Priority: priority,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: hosts } }],
    Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
  };
}

describe('Class: SimulatedElbv2 — rules and listeners', () => {
  describe('Method: CreateRule', () => {
    it('creates a rule with its tags, describing Priority as a string and the host header both ways', async () => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');

      const { Rules } = await w.elb.send(new CreateRuleCommand({ ...rule(w, 100, tg, ['pr-1.dev.example.com']), Tags: [{ Key: 'devenv:env', Value: 'pr-1' }] }));
      const tags = await w.elb.send(new DescribeTagsCommand({ ResourceArns: [Rules![0]!.RuleArn!] }));

      expect(Rules?.[0]).toMatchObject({
        Priority: '100',
        IsDefault: false,
        Conditions: [{ Field: 'host-header', Values: ['pr-1.dev.example.com'], HostHeaderConfig: { Values: ['pr-1.dev.example.com'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: tg, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg, Weight: 1 }] } }],
      });
      expect(tags.TagDescriptions?.[0]?.Tags).toEqual([{ Key: 'devenv:env', Value: 'pr-1' }]);
    });

    it('rejects a priority already used on the listener with PriorityInUseException', async () => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 10, tg))));

      expect(error.name).toBe('PriorityInUseException');
    });

    it.each([0, 50001])('rejects priority %i outside 1–50000 with ValidationError', async (priority) => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, priority, tg))));

      expect(error.name).toBe('ValidationError');
    });

    it('rejects a host header longer than 128 characters', async () => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 100, tg, [`${'a'.repeat(113)}.dev.example.com`]))));

      expect(error.name).toBe('ValidationError');
    });

    it('rejects more than 5 condition values per rule', async () => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 100, tg, ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `${x}.dev.example.com`)))));

      expect(error).toMatchObject({ name: 'ValidationError', message: expect.stringContaining("'5' condition values") });
    });

    it('rejects forwarding to a target group that does not exist', async () => {
      const w = world();

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 100, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ghost/0000000000000000'))));

      expect(error.name).toBe('TargetGroupNotFoundException');
    });

    it('rejects an unknown listener with ListenerNotFoundException', async () => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand({ ...rule(w, 100, tg), ListenerArn: `${w.seed.listenerArn.slice(0, -4)}0000` })));

      expect(error.name).toBe('ListenerNotFoundException');
    });

    it('rejects attaching a target group another load balancer uses with TargetGroupAssociationLimitException', async () => {
      const w = world();
      const tg = await newGroup(w, 'shared');
      const other = w.cloud.elbv2.createLoadBalancer({ name: 'other-alb', subnets: w.seed.subnets, securityGroups: w.seed.securityGroups });
      const otherListener = w.cloud.elbv2.createListener({ loadBalancerArn: other.arn, port: 80, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: tg }] });

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 100, tg))));

      expect(otherListener.loadBalancerArn).toBe(other.arn);
      expect(error.name).toBe('TargetGroupAssociationLimitException');
    });

    it('rejects a rule beyond the per-load-balancer rule quota, default rules not counted, with TooManyRulesException', async () => {
      const w = world({ limits: { rulesPerLoadBalancer: 5 } });
      const tg = await newGroup(w, 'pr-1');
      await w.elb.send(new CreateRuleCommand(rule(w, 100, tg)));
      await w.elb.send(new CreateRuleCommand(rule(w, 101, tg)));

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 102, tg))));

      expect(error.name).toBe('TooManyRulesException');
    });

    it('stops at 100 rules per load balancer by default', async () => {
      const w = world();
      const tg = await newGroup(w, 'pr-1');
      for (let priority = 100; priority < 197; priority += 1) await w.elb.send(new CreateRuleCommand(rule(w, priority, tg)));

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 197, tg))));

      const { Rules } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));
      expect(Rules?.filter((r) => !r.IsDefault)).toHaveLength(100);
      expect(error.name).toBe('TooManyRulesException');
    });

    it('rejects a rule that would bring a new target group beyond the per-load-balancer target group quota', async () => {
      const w = world({ limits: { targetGroupsPerLoadBalancer: 4 } });
      await w.elb.send(new CreateRuleCommand(rule(w, 100, await newGroup(w, 'fourth'))));

      const error = await rejectionOf(w.elb.send(new CreateRuleCommand(rule(w, 101, await newGroup(w, 'fifth')))));

      expect(error.name).toBe('TooManyUniqueTargetGroupsPerLoadBalancerException');
    });
  });

  describe('Method: DeleteRule', () => {
    it('deletes a rule by its exact ARN, and rejects it the second time with RuleNotFoundException', async () => {
      const w = world();
      const { Rules } = await w.elb.send(new CreateRuleCommand(rule(w, 100, await newGroup(w, 'pr-1'))));

      await w.elb.send(new DeleteRuleCommand({ RuleArn: Rules![0]!.RuleArn }));
      const error = await rejectionOf(w.elb.send(new DeleteRuleCommand({ RuleArn: Rules![0]!.RuleArn })));

      expect(error.name).toBe('RuleNotFoundException');
    });
  });

  describe('Method: DescribeRules', () => {
    it('lists the listener’s rules by priority with the default rule last', async () => {
      const w = world();

      const { Rules } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));

      expect(Rules?.map((r) => [r.Priority, r.IsDefault])).toEqual([['10', false], ['20', false], ['30', false], ['default', true]]);
      expect(Rules?.at(-1)?.Actions?.[0]?.TargetGroupArn).toBe(w.seed.apps.web.targetGroupArn);
    });

    it('pages with PageSize and Marker', async () => {
      const w = world();

      const first = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn, PageSize: 3 }));
      const second = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn, PageSize: 3, Marker: first.NextMarker }));

      expect(first.Rules?.map((r) => r.Priority)).toEqual(['10', '20', '30']);
      expect(second.Rules?.map((r) => r.Priority)).toEqual(['default']);
      expect(second.NextMarker).toBeUndefined();
    });
  });

  describe('Methods: DescribeListeners and DescribeLoadBalancers', () => {
    it('describes the seeded HTTPS listener and its load balancer', async () => {
      const w = world();

      const { Listeners } = await w.elb.send(new DescribeListenersCommand({ LoadBalancerArn: w.seed.loadBalancerArn }));
      const { LoadBalancers } = await w.elb.send(new DescribeLoadBalancersCommand({ Names: ['dev-alb'] }));

      expect(Listeners).toEqual([expect.objectContaining({ ListenerArn: w.seed.listenerArn, Port: 443, Protocol: 'HTTPS', DefaultActions: [expect.objectContaining({ Type: 'forward' })] })]);
      expect(LoadBalancers?.[0]).toMatchObject({ DNSName: w.seed.loadBalancerDnsName, CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K', Type: 'application', State: { Code: 'active' } });
    });
  });

  describe('Methods: AddTags, RemoveTags, DescribeTags', () => {
    it('adds and removes tags on a target group', async () => {
      const w = world();
      const arn = w.seed.apps.web.targetGroupArn!;

      await w.elb.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'owner', Value: 'alice' }] }));
      await w.elb.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: ['team'] }));
      const { TagDescriptions } = await w.elb.send(new DescribeTagsCommand({ ResourceArns: [arn] }));

      expect(TagDescriptions).toEqual([{ ResourceArn: arn, Tags: [{ Key: 'app', Value: 'web' }, { Key: 'owner', Value: 'alice' }] }]);
    });

    it('rejects more than 20 resource ARNs in DescribeTags with ValidationError', async () => {
      const w = world();

      const error = await rejectionOf(w.elb.send(new DescribeTagsCommand({ ResourceArns: Array.from({ length: 21 }, () => w.seed.apps.web.targetGroupArn!) })));

      expect(error.name).toBe('ValidationError');
    });

    it('rejects tags beyond 50 per resource with TooManyTagsException', async () => {
      const w = world();
      const Tags = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

      const error = await rejectionOf(w.elb.send(new AddTagsCommand({ ResourceArns: [w.seed.apps.web.targetGroupArn!], Tags })));

      expect(error.name).toBe('TooManyTagsException');
    });
  });

  describe('Method: DescribeAccountLimits', () => {
    it('reports the rule and target group quotas per load balancer, as strings', async () => {
      const w = world({ limits: { rulesPerLoadBalancer: 7 } });

      const { Limits } = await w.elb.send(new DescribeAccountLimitsCommand({}));

      expect(Limits).toEqual(
        expect.arrayContaining([
          { Name: 'rules-per-application-load-balancer', Max: '7' },
          { Name: 'target-groups-per-application-load-balancer', Max: '100' },
        ]),
      );
    });
  });
});
