import { DescribeServicesCommand, DescribeTaskDefinitionCommand, CreateServiceCommand, DeleteServiceCommand } from '@aws-sdk/client-ecs';
import { DeleteRuleCommand, DeleteTargetGroupCommand, DescribeRulesCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { attachedTargetGroup, webCloneInput, world } from './fixtures.js';

describe('Function: seedDevCluster', () => {
  it('runs four ACTIVE baseline services with completed deployments and running = desired', async () => {
    const w = world();

    const { services } = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['web', 'api', 'metrics', 'worker'], include: ['TAGS'] }));

    expect(services?.map((s) => [s.serviceName, s.status, s.runningCount === s.desiredCount, s.deployments?.[0]?.rolloutState])).toEqual([
      ['web', 'ACTIVE', true, 'COMPLETED'],
      ['api', 'ACTIVE', true, 'COMPLETED'],
      ['metrics', 'ACTIVE', true, 'COMPLETED'],
      ['worker', 'ACTIVE', true, 'COMPLETED'],
    ]);
    expect(services?.every((s) => (s.desiredCount ?? 0) >= 1 && (s.desiredCount ?? 0) <= 2)).toBe(true);
    expect(services?.flatMap((s) => s.tags ?? []).some((t) => t.key?.startsWith('devenv:'))).toBe(false);
    expect(services?.[0]?.tags).toContainEqual({ key: 'team', value: 'platform' });
  });

  it('seeds web as a Fargate awsvpc service with a rich task definition and an ip target group', async () => {
    const w = world();

    const { services } = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['web'] }));
    const { taskDefinition } = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: services![0]!.taskDefinition }));

    expect(services?.[0]).toMatchObject({
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      enableExecuteCommand: true,
      networkConfiguration: { awsvpcConfiguration: { subnets: w.seed.subnets, securityGroups: w.seed.securityGroups, assignPublicIp: 'DISABLED' } },
      loadBalancers: [{ targetGroupArn: w.seed.apps.web.targetGroupArn, containerName: 'web', containerPort: 8080 }],
    });
    expect(taskDefinition).toMatchObject({ family: 'web', revision: 1, networkMode: 'awsvpc', cpu: '256', memory: '512', runtimePlatform: expect.any(Object), executionRoleArn: expect.any(String) });
    expect(taskDefinition?.volumes).toHaveLength(1);
    expect(taskDefinition?.containerDefinitions?.map((c) => [c.name, c.image, c.portMappings?.map((p) => p.containerPort)])).toEqual([
      ['web', 'repo/web:main', [8080]],
      ['log-router', expect.any(String), []],
    ]);
    expect(taskDefinition?.containerDefinitions?.[0]?.environment?.length).toBeGreaterThan(0);
  });

  it('seeds api as a bridge service on the dev-ec2 capacity provider with a fixed host port', async () => {
    const w = world();

    const { services } = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] }));
    const { taskDefinition } = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'api' }));

    expect(services?.[0]?.capacityProviderStrategy).toEqual([{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }]);
    expect(services?.[0]?.launchType).toBeUndefined();
    expect(taskDefinition?.networkMode).toBe('bridge');
    expect(taskDefinition?.containerDefinitions?.[0]?.portMappings).toEqual([{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }]);
  });

  it('registers healthy targets for every load-balanced baseline app', async () => {
    const w = world();

    const states = await Promise.all(
      (['web', 'api', 'metrics'] as const).map(async (app) => {
        const { TargetHealthDescriptions } = await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: w.seed.apps[app].targetGroupArn }));
        return TargetHealthDescriptions!.map((t) => t.TargetHealth?.State);
      }),
    );

    expect(states).toEqual([['healthy', 'healthy'], ['healthy', 'healthy'], ['healthy']]);
  });

  it('routes dev.example.com to web at priority 10 and aliases the zone apex to the load balancer', async () => {
    const w = world();

    const { Rules } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));
    const { ResourceRecordSets } = await w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId }));

    expect(Rules?.[0]).toMatchObject({ Priority: '10', Conditions: [expect.objectContaining({ Values: ['dev.example.com'] })], Actions: [expect.objectContaining({ TargetGroupArn: w.seed.apps.web.targetGroupArn })] });
    expect(ResourceRecordSets?.[0]).toEqual({
      Name: 'dev.example.com.',
      Type: 'A',
      AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: `${w.seed.loadBalancerDnsName}.`, EvaluateTargetHealth: true },
    });
    expect(w.seed.hostedZoneId).toMatch(/^Z[0-9A-Z]+$/);
  });
});

describe('Method: SimulatedCloud.snapshot', () => {
  it('is equal for unchanged state even after the clock has moved', () => {
    const w = world();
    const before = w.cloud.snapshot();

    w.advanceSeconds(3600);

    expect(w.cloud.snapshot()).toEqual(before);
  });

  it('is plain JSON and a copy: changing it changes nothing in the cloud', () => {
    const w = world();

    const snapshot = w.cloud.snapshot();
    (snapshot.ecs.services[0] as { status: string }).status = 'TAMPERED';

    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(w.cloud.snapshot().ecs.services[0]).toMatchObject({ status: 'ACTIVE' });
  });

  it('holds services with tags, every revision, target groups with attributes and tags, rules and records', () => {
    const w = world();

    const { ecs, elbv2, route53 } = w.cloud.snapshot();

    expect(ecs.services).toContainEqual(expect.objectContaining({ serviceName: 'web', tags: { team: 'platform', environment: 'dev', app: 'web' } }));
    expect(ecs.taskDefinitions).toHaveLength(4);
    expect(elbv2.targetGroups).toContainEqual(
      expect.objectContaining({ TargetGroupName: 'web-baseline', attributes: expect.objectContaining({ 'deregistration_delay.timeout_seconds': '300' }), tags: { team: 'platform', app: 'web' } }),
    );
    expect(elbv2.rules).toContainEqual(expect.objectContaining({ Priority: '10', ListenerArn: w.seed.listenerArn, tags: { team: 'platform' } }));
    expect(route53.hostedZones[0]).toMatchObject({ Name: 'dev.example.com.', records: expect.arrayContaining([expect.objectContaining({ Name: 'dev.example.com.', Type: 'A' })]) });
  });

  it('shows the baseline unchanged after a clone is created and torn down', async () => {
    const w = world({ deploymentSeconds: 0, drainingSeconds: 0 });
    const baseline = () => {
      const { ecs, elbv2, route53 } = w.cloud.snapshot();
      return { ecs, elbv2, route53: route53.hostedZones.map((z) => (z as { records: unknown }).records) };
    };
    const before = baseline();

    const tg = await attachedTargetGroup(w, { name: 'pr-1-tg', priority: 100 });
    await w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, 'pr-1', tg), desiredCount: 0 }));
    const record = { Name: 'pr-1.dev.example.com', Type: 'A' as const, AliasTarget: { HostedZoneId: w.seed.canonicalHostedZoneId, DNSName: w.seed.loadBalancerDnsName, EvaluateTargetHealth: true } };
    await w.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: record }] } }));
    await w.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: record }] } }));
    await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1' }));
    const { Rules } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));
    await w.elb.send(new DeleteRuleCommand({ RuleArn: Rules!.find((r) => r.Priority === '100')!.RuleArn }));
    await w.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg }));
    const after = baseline();

    expect(after.elbv2).toEqual(before.elbv2);
    expect(after.route53).toEqual(before.route53);
    expect(after.ecs.taskDefinitions).toEqual(before.ecs.taskDefinitions);
    expect(after.ecs.services.filter((s) => (s as { status: string }).status !== 'INACTIVE')).toEqual(before.ecs.services);
  });
});
