import { describe, expect, it } from 'vitest';
import { createSeededCloud, type SeededDevCluster } from '../../src/local/seed.js';
import type { SimulatedCloud } from '../../src/local/simulated-cloud.js';
import { START } from './fixtures.js';

/**
 * Issue 10, point 4: a stopped awsvpc task gives its address back, and a call brings up to date only the services the
 * clock or the call itself made due, not every service of the cluster. Driven through `invoke` (no SDK) to stay cheap.
 */

function cloudAt(options: { deploymentSeconds?: number; subnetCidrs?: [string, string] } = {}) {
  let now = START;
  const { cloud, seed } = createSeededCloud(
    { now: () => now, deploymentSeconds: options.deploymentSeconds ?? 0 },
    options.subnetCidrs ? { subnetCidrs: options.subnetCidrs } : {},
  );
  return {
    cloud,
    seed,
    advanceSeconds(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

/** A Fargate copy of the seeded web app without a load balancer. */
function createWebCopy(cloud: SimulatedCloud, seed: SeededDevCluster, name: string, desiredCount = 1): void {
  cloud.invoke('ecs', 'CreateService', {
    cluster: 'dev',
    serviceName: name,
    taskDefinition: 'web:1',
    desiredCount,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: seed.subnets, securityGroups: seed.securityGroups } },
  });
}

function describeService(cloud: SimulatedCloud, name: string) {
  const output = cloud.invoke('ecs', 'DescribeServices', { cluster: 'dev', services: [name] }) as {
    services: Array<{ runningCount: number; events: Array<{ message: string }>; deployments: Array<{ rolloutState: string }> }>;
  };
  return output.services[0]!;
}

describe('Class: SimulatedCloud — awsvpc addresses', () => {
  it('places more tasks over time than its /24 subnets hold at once when services come and go', () => {
    const { cloud, seed } = cloudAt();
    const placements = 600; // two /24 subnets hold 490 addresses, four of them taken by the seed

    for (let index = 0; index < placements; index += 1) {
      const name = `copy-${index}`;
      createWebCopy(cloud, seed, name);
      const service = describeService(cloud, name);
      expect(service.runningCount, `${name}: ${service.events[0]?.message}`).toBe(1);
      cloud.invoke('ecs', 'DeleteService', { cluster: 'dev', service: name, force: true });
    }

    expect(cloud.network.freeAddresses(seed.subnets[0]!) + cloud.network.freeAddresses(seed.subnets[1]!)).toBe(490 - 4);
  });

  it('spreads single-task services over the subnets, to the one with more free addresses', () => {
    const { cloud, seed } = cloudAt();

    for (let index = 0; index < 10; index += 1) createWebCopy(cloud, seed, `copy-${index}`);
    cloud.ecs.settle();

    expect(cloud.network.freeAddresses(seed.subnets[0]!)).toBe(cloud.network.freeAddresses(seed.subnets[1]!));
  });

  it('reports a placement problem as an event, and places the rest once addresses are freed, when the subnets are full', () => {
    const { cloud, seed } = cloudAt({ subnetCidrs: ['10.0.1.0/27', '10.0.2.0/27'] });
    const free = cloud.network.freeAddresses(seed.subnets[0]!) + cloud.network.freeAddresses(seed.subnets[1]!);
    createWebCopy(cloud, seed, 'hog', free);
    createWebCopy(cloud, seed, 'late');

    const late = describeService(cloud, 'late');
    expect(late.runningCount).toBe(0);
    expect(late.events[0]?.message).toMatch(/\(service late\) was unable to place a task\. Reason: no free IP addresses/);

    cloud.invoke('ecs', 'UpdateService', { cluster: 'dev', service: 'hog', desiredCount: free - 1 });
    describeService(cloud, 'hog'); // the call after the update stops one task
    expect(describeService(cloud, 'late').runningCount).toBe(1);
  });
});

describe('Class: SimulatedCloud — work per call', () => {
  it('advances no service on a call when nothing is due, however many services the cluster has', () => {
    const { cloud, seed } = cloudAt({ subnetCidrs: ['10.0.16.0/20', '10.0.32.0/20'] });
    for (let index = 0; index < 300; index += 1) createWebCopy(cloud, seed, `copy-${index}`);
    cloud.ecs.settle();
    const before = cloud.ecs.servicesAdvanced;

    for (let call = 0; call < 20; call += 1) cloud.invoke('ecs', 'ListServices', { cluster: 'dev', maxResults: 100 });

    expect(cloud.ecs.servicesAdvanced - before).toBe(0);
  });

  it('advances only the services a call changed or whose deployment fell due', () => {
    const { cloud, seed, advanceSeconds } = cloudAt({ deploymentSeconds: 5, subnetCidrs: ['10.0.16.0/20', '10.0.32.0/20'] });
    for (let index = 0; index < 200; index += 1) createWebCopy(cloud, seed, `copy-${index}`);
    cloud.ecs.settle();
    const settled = cloud.ecs.servicesAdvanced;

    createWebCopy(cloud, seed, 'new-1');
    createWebCopy(cloud, seed, 'new-2');
    cloud.invoke('ecs', 'ListServices', { cluster: 'dev' });
    const afterCreates = cloud.ecs.servicesAdvanced;
    advanceSeconds(5);
    expect(describeService(cloud, 'new-1').deployments[0]?.rolloutState).toBe('COMPLETED');

    expect(afterCreates - settled).toBe(2); // each new service looked at once, then queued for when it is due
    expect(cloud.ecs.servicesAdvanced - afterCreates).toBe(2); // both fell due together
  });

  it('moves on only the target groups with a target due to change', () => {
    const { cloud, seed, advanceSeconds } = cloudAt();
    const groups = Array.from({ length: 50 }, (_, index) => {
      const output = cloud.invoke('elbv2', 'CreateTargetGroup', { Name: `tg-${index}`, Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId, TargetType: 'ip' }) as {
        TargetGroups: Array<{ TargetGroupArn: string }>;
      };
      return output.TargetGroups[0]!.TargetGroupArn;
    });
    cloud.invoke('elbv2', 'CreateRule', {
      ListenerArn: seed.listenerArn,
      Priority: 100,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['tg-7.dev.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: groups[7] }],
    });
    cloud.invoke('elbv2', 'RegisterTargets', { TargetGroupArn: groups[7], Targets: [{ Id: '10.0.1.200' }] });
    const before = cloud.elbv2.targetGroupsAdvanced;

    advanceSeconds(3600);
    const health = cloud.invoke('elbv2', 'DescribeTargetHealth', { TargetGroupArn: groups[7] }) as {
      TargetHealthDescriptions: Array<{ TargetHealth: { State: string } }>;
    };

    expect(health.TargetHealthDescriptions[0]?.TargetHealth.State).toBe('healthy');
    expect(cloud.elbv2.targetGroupsAdvanced - before).toBe(1);
  });
});
