import { CreateServiceCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { createSeededCloud } from '../../src/local/seed.js';
import type { SimulatedCloudOptions } from '../../src/local/simulated-cloud.js';

export const START = new Date('2026-03-01T12:00:00.000Z');
export const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

/** A seeded cloud behind real SDK clients, with a clock the test moves by hand. */
export function world(options: Omit<SimulatedCloudOptions, 'now'> = {}) {
  let now = START;
  const { cloud, seed } = createSeededCloud({ ...options, now: () => now });
  const ecs = new ECSClient({ region: 'us-east-1', credentials });
  const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials });
  const route53 = new Route53Client({ region: 'us-east-1', credentials });
  attachSimulatedCloud(ecs, cloud, 'ecs');
  attachSimulatedCloud(elb, cloud, 'elbv2');
  attachSimulatedCloud(route53, cloud, 'route53');
  return {
    cloud,
    seed,
    ecs,
    elb,
    route53,
    advanceSeconds(seconds: number): void {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

export type World = ReturnType<typeof world>;

/** Resolves to the rejection of a promise (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, any>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A target group forwarded to by a new host rule on the seeded listener (so ECS accepts it). */
export async function attachedTargetGroup(
  w: World,
  { name, targetType = 'ip', port = 8080, priority = 100 }: { name: string; targetType?: 'ip' | 'instance'; port?: number; priority?: number },
): Promise<string> {
  const { CreateTargetGroupCommand, CreateRuleCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const created = await w.elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: port, VpcId: w.seed.vpcId, TargetType: targetType }));
  const arn = created.TargetGroups![0]!.TargetGroupArn!;
  await w.elb.send(
    new CreateRuleCommand({
      ListenerArn: w.seed.listenerArn,
      Priority: priority,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [`${name}.dev.example.com`] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: arn }],
    }),
  );
  return arn;
}

/** CreateService input for a Fargate clone of the seeded `web` app. */
export function webCloneInput(w: World, serviceName: string, targetGroupArn: string) {
  return {
    cluster: 'dev',
    serviceName,
    taskDefinition: 'web:1',
    desiredCount: 1,
    launchType: 'FARGATE' as const,
    platformVersion: '1.4.0',
    networkConfiguration: { awsvpcConfiguration: { subnets: w.seed.subnets, securityGroups: w.seed.securityGroups, assignPublicIp: 'DISABLED' as const } },
    loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
  };
}

/** Creates a Fargate clone of `web` behind its own attached target group. */
export async function createClone(w: World, name: string, priority = 100, extra: Record<string, unknown> = {}) {
  const tg = await attachedTargetGroup(w, { name: `${name}-tg`, priority });
  const output = await w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, name, tg), ...extra }));
  return { tg, service: output.service! };
}

export async function describeOne(w: World, name: string, include?: Array<'TAGS'>) {
  const output = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: [name], ...(include ? { include } : {}) }));
  return output.services![0]!;
}
