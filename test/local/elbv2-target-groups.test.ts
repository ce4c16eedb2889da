import {
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DeregisterTargetsCommand,
  DescribeRulesCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  type CreateTargetGroupCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { attachedTargetGroup, rejectionOf, world, type World } from './fixtures.js';

const group = (w: World, overrides: Partial<CreateTargetGroupCommandInput> = {}): CreateTargetGroupCommandInput => ({
  Name: 'devenv-pr-1',
  Protocol: 'HTTP',
  Port: 8080,
  VpcId: w.seed.vpcId,
  TargetType: 'ip',
  HealthCheckPath: '/healthz',
  Matcher: { HttpCode: '200' },
  ...overrides,
});

describe('Class: SimulatedElbv2 — target groups', () => {
  describe('Method: CreateTargetGroup', () => {
    it('creates an ip target group with its health check settings, defaults and tags', async () => {
      const w = world();

      const { TargetGroups } = await w.elb.send(new CreateTargetGroupCommand({ ...group(w), HealthCheckIntervalSeconds: 10, Tags: [{ Key: 'devenv:env', Value: 'pr-1' }] }));

      expect(TargetGroups?.[0]).toMatchObject({
        TargetGroupArn: expect.stringMatching(/^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/devenv-pr-1\/[0-9a-f]{16}$/),
        TargetGroupName: 'devenv-pr-1',
        TargetType: 'ip',
        HealthCheckPath: '/healthz',
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 5,
        Matcher: { HttpCode: '200' },
        LoadBalancerArns: [],
      });
    });

    it.each([
      ['longer than 32 characters', 'a'.repeat(33)],
      ['with characters other than letters, digits and hyphens', 'pr_1'],
      ['starting with a hyphen', '-pr-1'],
      ['ending with a hyphen', 'pr-1-'],
    ])('rejects a name %s with ValidationError', async (_why, Name) => {
      const w = world();

      const error = await rejectionOf(w.elb.send(new CreateTargetGroupCommand(group(w, { Name }))));

      expect(error.name).toBe('ValidationError');
    });

    it('returns the existing group for a second create with the same name and settings', async () => {
      const w = world();
      const first = await w.elb.send(new CreateTargetGroupCommand(group(w)));

      const second = await w.elb.send(new CreateTargetGroupCommand(group(w)));

      expect(second.TargetGroups?.[0]?.TargetGroupArn).toBe(first.TargetGroups?.[0]?.TargetGroupArn);
    });

    it('rejects a target group beyond the account quota with TooManyTargetGroupsException', async () => {
      const w = world({ limits: { targetGroups: 4 } });
      await w.elb.send(new CreateTargetGroupCommand(group(w, { Name: 'fourth' })));

      const error = await rejectionOf(w.elb.send(new CreateTargetGroupCommand(group(w, { Name: 'fifth' }))));

      expect(error.name).toBe('TooManyTargetGroupsException');
    });

    it('rejects the same name with different settings with DuplicateTargetGroupNameException', async () => {
      const w = world();
      await w.elb.send(new CreateTargetGroupCommand(group(w)));

      const error = await rejectionOf(w.elb.send(new CreateTargetGroupCommand(group(w, { Port: 9090 }))));

      expect(error.name).toBe('DuplicateTargetGroupNameException');
    });
  });

  describe('Method: DescribeTargetGroups', () => {
    it('rejects a Names list with any unknown name with TargetGroupNotFoundException', async () => {
      const w = world();

      const error = await rejectionOf(w.elb.send(new DescribeTargetGroupsCommand({ Names: ['web-baseline', 'ghost'] })));

      expect(error.name).toBe('TargetGroupNotFoundException');
    });

    it('filters by load balancer: only groups a rule or default action forwards to', async () => {
      const w = world();
      await w.elb.send(new CreateTargetGroupCommand(group(w)));

      const { TargetGroups } = await w.elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: w.seed.loadBalancerArn }));

      expect(TargetGroups?.map((tg) => tg.TargetGroupName)).toEqual(['api-baseline', 'metrics-baseline', 'web-baseline']);
      expect(TargetGroups?.every((tg) => tg.LoadBalancerArns?.includes(w.seed.loadBalancerArn))).toBe(true);
    });

    it('pages with PageSize and Marker, and rejects PageSize over 400', async () => {
      const w = world();

      const first = await w.elb.send(new DescribeTargetGroupsCommand({ PageSize: 2 }));
      const second = await w.elb.send(new DescribeTargetGroupsCommand({ PageSize: 2, Marker: first.NextMarker }));
      const error = await rejectionOf(w.elb.send(new DescribeTargetGroupsCommand({ PageSize: 401 })));

      expect(first.TargetGroups).toHaveLength(2);
      expect(second.TargetGroups).toHaveLength(1);
      expect(second.NextMarker).toBeUndefined();
      expect(error.name).toBe('ValidationError');
    });
  });

  describe('Method: DeleteTargetGroup', () => {
    it('rejects deleting a group a rule still forwards to with ResourceInUseException', async () => {
      const w = world();
      const arn = await attachedTargetGroup(w, { name: 'in-use' });

      const error = await rejectionOf(w.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })));

      expect(error.name).toBe('ResourceInUseException');
    });

    it('rejects deleting a group the listener’s default action forwards to', async () => {
      const w = world();

      const error = await rejectionOf(w.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: w.seed.apps.web.targetGroupArn })));

      expect(error.name).toBe('ResourceInUseException');
    });

    it('deletes a group once its rule is gone', async () => {
      const w = world();
      const arn = await attachedTargetGroup(w, { name: 'in-use' });
      const { Rules } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));
      const rule = Rules!.find((r) => r.Actions?.[0]?.TargetGroupArn === arn)!;

      await w.elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }));
      await w.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));

      const error = await rejectionOf(w.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] })));
      expect(error.name).toBe('TargetGroupNotFoundException');
    });

    it('succeeds silently for a group that does not exist, as AWS does', async () => {
      const w = world();
      const missing = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ghost/0000000000000000';

      const output = await w.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: missing }));

      expect(output.$metadata.httpStatusCode).toBe(200);
    });
  });

  describe('Method: ModifyTargetGroupAttributes', () => {
    it('reports a deregistration delay of 300 seconds by default and changes it on request', async () => {
      const w = world();
      const arn = w.seed.apps.api.targetGroupArn!;
      const delay = (attributes: Array<{ Key?: string; Value?: string }> | undefined) => attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;

      const before = await w.elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }));
      await w.elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }));
      const after = await w.elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }));

      expect([delay(before.Attributes), delay(after.Attributes)]).toEqual(['300', '30']);
    });

    it('rejects an unknown attribute key with ValidationError', async () => {
      const w = world();

      const error = await rejectionOf(w.elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: w.seed.apps.api.targetGroupArn, Attributes: [{ Key: 'nope', Value: '1' }] })));

      expect(error.name).toBe('ValidationError');
    });
  });

  describe('Method: RegisterTargets / DeregisterTargets', () => {
    it('registers a target as initial until its health checks pass, then healthy, and drains it on deregistration', async () => {
      const w = world();
      const arn = await attachedTargetGroup(w, { name: 'manual' });
      const state = async () => (await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions?.map((t) => t.TargetHealth?.State);

      await w.elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.1.200' }] }));
      const initial = await state();
      w.advanceSeconds(150);
      const healthy = await state();
      await w.elb.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.1.200' }] }));
      const draining = await state();
      w.advanceSeconds(300);
      const gone = await state();

      expect([initial, healthy, draining, gone]).toEqual([['initial'], ['healthy'], ['draining'], []]);
    });

    it('reports targets of a group no load balancer uses as unused', async () => {
      const w = world();
      const { TargetGroups } = await w.elb.send(new CreateTargetGroupCommand(group(w)));
      const arn = TargetGroups![0]!.TargetGroupArn!;

      await w.elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '10.0.1.200', Port: 8080 }] }));
      const { TargetHealthDescriptions } = await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));

      expect(TargetHealthDescriptions?.[0]?.TargetHealth).toEqual({ State: 'unused', Reason: 'Target.NotInUse', Description: expect.any(String) });
    });
  });
});
