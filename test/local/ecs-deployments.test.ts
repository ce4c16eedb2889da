import { CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { attachedTargetGroup, webCloneInput, world, type World } from './fixtures.js';

async function describeOne(w: World, name: string) {
  const output = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: [name] }));
  return output.services![0]!;
}

async function targetsOf(w: World, targetGroupArn: string) {
  const output = await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return output.TargetHealthDescriptions!.map((t) => ({ id: t.Target!.Id!, port: t.Target!.Port!, state: t.TargetHealth!.State! }));
}

async function webClone(w: World, name: string, extra: Record<string, unknown> = {}) {
  const tg = await attachedTargetGroup(w, { name: `${name}-tg` });
  await w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, name, tg), ...extra }));
  return tg;
}

/** A bridge-mode copy of the seeded api task definition with the given host port. */
async function apiRevision(w: World, hostPort: number): Promise<string> {
  const { taskDefinition } = await w.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'api',
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'api', image: 'public.ecr.aws/docker/library/node:20-alpine', memory: 512, portMappings: [{ containerPort: 3000, hostPort }] }],
    }),
  );
  return taskDefinition!.taskDefinitionArn!;
}

describe('Class: SimulatedEcs — deployments', () => {
  it('keeps a new deployment IN_PROGRESS with no running tasks until deploymentSeconds have passed', async () => {
    const w = world({ deploymentSeconds: 5 });
    await webClone(w, 'pr-1');

    w.advanceSeconds(4);
    const service = await describeOne(w, 'pr-1');

    expect(service).toMatchObject({ runningCount: 0, pendingCount: 1, desiredCount: 1 });
    expect(service.deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', runningCount: 0 });
  });

  it('completes the deployment once deploymentSeconds have passed, with running = desired and a steady-state event first', async () => {
    const w = world({ deploymentSeconds: 5 });
    await webClone(w, 'pr-1', { desiredCount: 2 });

    w.advanceSeconds(5);
    const service = await describeOne(w, 'pr-1');

    expect(service).toMatchObject({ runningCount: 2, pendingCount: 0, desiredCount: 2 });
    expect(service.deployments?.[0]).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 2, rolloutStateReason: expect.stringContaining('completed') });
    expect(service.events?.[0]?.message).toBe('(service pr-1) has reached a steady state.');
  });

  it('completes on the next call when deploymentSeconds is 0', async () => {
    const w = world({ deploymentSeconds: 0 });
    await webClone(w, 'pr-1');

    const service = await describeOne(w, 'pr-1');

    expect(service.deployments?.[0]?.rolloutState).toBe('COMPLETED');
  });

  it('registers awsvpc tasks as healthy ip targets from the service subnets on the container port', async () => {
    const w = world({ deploymentSeconds: 0 });
    const tg = await webClone(w, 'pr-1', { desiredCount: 2 });

    await describeOne(w, 'pr-1');
    const targets = await targetsOf(w, tg);

    expect(targets).toHaveLength(2);
    expect(targets.every((t) => t.port === 8080 && t.state === 'healthy')).toBe(true);
    expect(targets.map((t) => t.id.split('.').slice(0, 3).join('.')).sort()).toEqual(['10.0.1', '10.0.2']);
  });

  it('registers bridge tasks with dynamic host ports as instance targets on ports from 32768', async () => {
    const w = world({ deploymentSeconds: 0 });
    const tg = await attachedTargetGroup(w, { name: 'api-pr-1', targetType: 'instance', port: 3000 });
    const revision = await apiRevision(w, 0);

    await w.ecs.send(
      new CreateServiceCommand({
        cluster: 'dev',
        serviceName: 'api-pr-1',
        taskDefinition: revision,
        desiredCount: 1,
        capacityProviderStrategy: [{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }],
        loadBalancers: [{ targetGroupArn: tg, containerName: 'api', containerPort: 3000 }],
      }),
    );
    await describeOne(w, 'api-pr-1');
    const targets = await targetsOf(w, tg);

    expect(targets).toEqual([{ id: expect.stringMatching(/^i-[0-9a-f]{17}$/), port: 32768, state: 'healthy' }]);
    expect(w.seed.instanceIds).toContain(targets[0]?.id);
  });

  it('registers host-mode tasks on their host port', async () => {
    const w = world();

    const targets = await targetsOf(w, w.seed.apps.metrics.targetGroupArn!);

    expect(targets).toEqual([{ id: w.seed.instanceIds[0], port: 9100, state: 'healthy' }]);
  });

  it('cannot place a copy whose static host port is taken on every instance, and says so in an event', async () => {
    const w = world({ deploymentSeconds: 0 });
    const tg = await attachedTargetGroup(w, { name: 'api-pr-2', targetType: 'instance', port: 3000 });

    await w.ecs.send(
      new CreateServiceCommand({
        cluster: 'dev',
        serviceName: 'api-pr-2',
        taskDefinition: 'api:1',
        desiredCount: 1,
        capacityProviderStrategy: [{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }],
        loadBalancers: [{ targetGroupArn: tg, containerName: 'api', containerPort: 3000 }],
      }),
    );
    const service = await describeOne(w, 'api-pr-2');

    expect(service.runningCount).toBe(0);
    expect(service.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS');
    expect(service.events?.[0]?.message).toMatch(/^\(service api-pr-2\) was unable to place a task because no container instance met all of its requirements\. .* is already using a port required by your task/);
  });

  it('fails the deployment with the circuit breaker when an image cannot be pulled', async () => {
    const w = world({ deploymentSeconds: 0 });
    w.cloud.failImage('repo/web:main', 'manifest unknown');
    await webClone(w, 'pr-1', { deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } } });

    const service = await describeOne(w, 'pr-1');

    expect(service.deployments?.[0]).toMatchObject({ rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.', runningCount: 0 });
    expect(service.events?.[0]?.message).toMatch(/^\(service pr-1\) .*CannotPullContainerError: manifest unknown$/);
    expect(service.events?.[1]?.message).toMatch(/^\(service pr-1\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\.$/);
  });

  it('keeps a deployment without the circuit breaker IN_PROGRESS with nothing running when its image cannot be pulled', async () => {
    const w = world({ deploymentSeconds: 0 });
    w.cloud.failImage('repo/web:main');
    await webClone(w, 'pr-1');

    const first = await describeOne(w, 'pr-1');
    const second = await describeOne(w, 'pr-1');

    expect(second.deployments?.[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', runningCount: 0 });
    expect(second.deployments?.[0]?.failedTasks).toBeGreaterThan(0);
    const failures = second.events?.filter((e) => e.message?.includes('CannotPullContainerError')) ?? [];
    expect(failures).toHaveLength(1);
    expect(first.events).toEqual(second.events);
  });

  it('moves traffic to the new deployment’s targets and drains the old ones once it completes', async () => {
    const w = world({ deploymentSeconds: 5 });
    const tg = w.seed.apps.web.targetGroupArn!;
    const before = await targetsOf(w, tg);

    await w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'web', forceNewDeployment: true }));
    w.advanceSeconds(5);
    const after = await targetsOf(w, tg);

    const healthy = after.filter((t) => t.state === 'healthy').map((t) => t.id);
    const draining = after.filter((t) => t.state === 'draining').map((t) => t.id);
    expect(healthy).toHaveLength(2);
    expect(draining.sort()).toEqual(before.map((t) => t.id).sort());
    expect(healthy.some((id) => draining.includes(id))).toBe(false);
  });
});
