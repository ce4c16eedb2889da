import { CreateServiceCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { simulated } from '../../support/simulated.js';

const owner = 'alice';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function clients(world: ReturnType<typeof simulated>) {
  const ecs = new ECSClient({ region: 'us-east-1', credentials });
  const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials });
  attachSimulatedCloud(ecs, world.cloud, 'ecs');
  attachSimulatedCloud(elb, world.cloud, 'elbv2');
  return { ecs, elb };
}

async function describeClone(world: ReturnType<typeof simulated>, serviceName: string) {
  const { ecs, elb } = clients(world);
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: [serviceName], include: ['TAGS'] }));
  const service = services![0]!;
  const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition! }));
  const targetGroupArn = service.loadBalancers?.[0]?.targetGroupArn;
  const targetGroup = targetGroupArn
    ? (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }))).TargetGroups![0]
    : undefined;
  return { service, taskDefinition: taskDefinition!, targetGroup };
}

describe('Class: Engine — network modes', () => {
  it('clones an awsvpc baseline with an ip target group, its network settings and the baseline revision', async () => {
    const world = simulated();
    const { service: baseline } = await describeClone(world, 'web');

    await world.engine.create({ name: 'pr-1', app: 'web', owner });

    const { service, targetGroup } = await describeClone(world, 'devenv-pr-1');
    expect(targetGroup).toMatchObject({ TargetType: 'ip', Port: 8080, Protocol: 'HTTP', HealthCheckPath: '/healthz', Matcher: { HttpCode: '200' } });
    expect(targetGroup!.HealthCheckIntervalSeconds).toBe(5);
    expect(service.networkConfiguration).toEqual(baseline.networkConfiguration);
    expect(service.launchType).toBe('FARGATE');
    expect(service.platformVersion).toBe(baseline.platformVersion);
    expect(service.enableExecuteCommand).toBe(true);
    expect(service.desiredCount).toBe(1);
    expect(service.taskDefinition).toBe(baseline.taskDefinition);
    expect(service.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: true, rollback: false });
    expect(service.serviceRegistries ?? []).toEqual([]);
  });

  it('clones a bridge baseline with instance targets, dynamic host ports and its capacity providers', async () => {
    const world = simulated();
    const { service: baseline, taskDefinition: baselineTask } = await describeClone(world, 'api');

    await world.engine.create({ name: 'pr-2', app: 'api', owner });

    const { service, taskDefinition, targetGroup } = await describeClone(world, 'devenv-pr-2');
    expect(targetGroup?.TargetType).toBe('instance');
    expect(taskDefinition.family).toBe(baselineTask.family);
    expect(taskDefinition.revision).toBeGreaterThan(baselineTask.revision!);
    expect(taskDefinition.containerDefinitions!.flatMap((container) => container.portMappings ?? []).map((mapping) => mapping.hostPort)).toEqual([0]);
    expect(service.capacityProviderStrategy).toEqual(baseline.capacityProviderStrategy);
    expect(service.launchType).toBeUndefined();
  });

  it('clones an awsvpc baseline placed by a FARGATE / FARGATE_SPOT capacity provider strategy with that strategy', async () => {
    // Prepare: a second baseline of the web app's revision and target group, placed by capacity providers
    const world = simulated({ config: { apps: { web: { service: 'web' }, spot: { service: 'web-spot' } } } });
    const { ecs } = clients(world);
    const { service: web } = await describeClone(world, 'web');
    const strategy = [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
    ];
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'dev',
        serviceName: 'web-spot',
        taskDefinition: web.taskDefinition!,
        desiredCount: 1,
        capacityProviderStrategy: strategy,
        platformVersion: '1.4.0',
        networkConfiguration: web.networkConfiguration!,
        loadBalancers: web.loadBalancers!,
      }),
    );

    // Act
    await world.engine.create({ name: 'pr-9', app: 'spot', owner });

    // Assess
    const { service, targetGroup } = await describeClone(world, 'devenv-pr-9');
    expect(service.capacityProviderStrategy).toEqual(strategy);
    expect(service.launchType).toBeUndefined();
    expect(service.networkConfiguration).toEqual(web.networkConfiguration);
    expect(targetGroup?.TargetType).toBe('ip');
  });

  it('refuses a host-mode clone before touching the cloud unless its ports are declared free', async () => {
    const world = simulated();
    const before = await world.inspect();

    await expect(world.engine.create({ name: 'pr-3', app: 'metrics', owner })).rejects.toMatchObject({ code: 'unsupported_network_mode' });

    expect(await world.inspect()).toEqual(before);
  });

  it('clones a host-mode baseline when the app says its ports are free', async () => {
    const world = simulated({ config: { apps: { metrics: { service: 'metrics', container: 'metrics', port: 9100, hostPortsFree: true } } } });

    await world.engine.create({ name: 'pr-4', app: 'metrics', owner });

    const { targetGroup } = await describeClone(world, 'devenv-pr-4');
    expect(targetGroup?.TargetType).toBe('instance');
  });

  it('gives a none-mode clone no routing at all', async () => {
    const world = simulated();
    const before = await world.inspect();

    const { environment } = await world.engine.create({ name: 'pr-5', app: 'worker', owner });

    const after = await world.inspect();
    expect(environment.url).toBeUndefined();
    expect(after.targetGroups).toEqual(before.targetGroups);
    expect(after.rules).toEqual(before.rules);
    expect(after.records).toEqual(before.records);
    expect(after.services).toContain('devenv-pr-5');
  });
});
