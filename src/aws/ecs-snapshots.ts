import type { Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { ContainerSummary, NetworkMode, Placement, ServiceSnapshot, Tags, TaskDefinitionSnapshot } from '../core/ports.js';

/**
 * ECS's describe output as the ServiceFleet port's snapshots (services, task definitions), and devenv's tags as ECS
 * spells them (lowercase `key` and `value`).
 */

/**
 * A service as the port sees it: its placement, network, load balancers, deployments and events (newest first).
 *
 * @example
 * const [web] = (await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['web'] }))).services ?? [];
 * const snapshot = toServiceSnapshot(web);
 */
export function toServiceSnapshot(service: Service): ServiceSnapshot {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  const placement = toPlacement(service);
  const events = (service.events ?? []).map((event) => ({
    message: event.message ?? '',
    ...(event.createdAt ? { createdAt: event.createdAt } : {}),
  }));
  // ECS already lists events newest first; sorting (stably) keeps that promise even if a page comes back otherwise.
  events.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  return {
    name: service.serviceName ?? '',
    arn: service.serviceArn ?? '',
    status: (service.status ?? 'INACTIVE') as ServiceSnapshot['status'],
    taskDefinitionArn: service.taskDefinition ?? '',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    ...(placement ? { placement } : {}),
    ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
    ...(vpc
      ? {
          network: {
            subnets: vpc.subnets ?? [],
            securityGroups: vpc.securityGroups ?? [],
            assignPublicIp: vpc.assignPublicIp === 'ENABLED' ? 'ENABLED' : 'DISABLED',
          },
        }
      : {}),
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    ...(service.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds } : {}),
    loadBalancers: (service.loadBalancers ?? []).flatMap((link) =>
      link.targetGroupArn && link.containerName && link.containerPort !== undefined
        ? [{ targetGroupArn: link.targetGroupArn, containerName: link.containerName, containerPort: link.containerPort }]
        : [],
    ),
    deployments: (service.deployments ?? []).map((deployment) => ({
      id: deployment.id ?? '',
      status: deployment.status ?? '',
      taskDefinitionArn: deployment.taskDefinition ?? '',
      ...(deployment.rolloutState ? { rolloutState: deployment.rolloutState } : {}),
      ...(deployment.rolloutStateReason ? { rolloutStateReason: deployment.rolloutStateReason } : {}),
      desiredCount: deployment.desiredCount ?? 0,
      runningCount: deployment.runningCount ?? 0,
      ...(deployment.createdAt ? { createdAt: deployment.createdAt } : {}),
    })),
    events,
    tags: toTagRecord(service.tags),
    ...(service.createdAt ? { createdAt: service.createdAt } : {}),
  };
}

/** Describe output carries the strategy for capacity-provider services and omits it when a launch type was used. */
function toPlacement(service: Service): Placement | undefined {
  const strategy = service.capacityProviderStrategy ?? [];
  if (strategy.length > 0) {
    return {
      kind: 'capacity-providers',
      strategy: strategy.map((item) => ({
        capacityProvider: item.capacityProvider ?? '',
        ...(item.weight !== undefined ? { weight: item.weight } : {}),
        ...(item.base !== undefined ? { base: item.base } : {}),
      })),
    };
  }
  return service.launchType ? { kind: 'launch-type', launchType: service.launchType } : undefined;
}

export function toTaskDefinitionSnapshot(taskDefinition: TaskDefinition, tags: Tag[] | undefined): TaskDefinitionSnapshot {
  return {
    arn: taskDefinition.taskDefinitionArn ?? '',
    family: taskDefinition.family ?? '',
    revision: taskDefinition.revision ?? 0,
    status: (taskDefinition.status ?? 'ACTIVE') as TaskDefinitionSnapshot['status'],
    // ECS's default network mode on Linux is bridge.
    networkMode: (taskDefinition.networkMode ?? 'bridge') as NetworkMode,
    containers: (taskDefinition.containerDefinitions ?? []).map(
      (container): ContainerSummary => ({
        name: container.name ?? '',
        image: container.image ?? '',
        containerPorts: (container.portMappings ?? []).flatMap((mapping) =>
          mapping.containerPort === undefined ? [] : [mapping.containerPort],
        ),
        hostPorts: (container.portMappings ?? [])
          .filter((mapping) => mapping.containerPort !== undefined)
          .map((mapping) => mapping.hostPort),
        environment: Object.fromEntries(
          (container.environment ?? []).flatMap((variable) => (variable.name ? [[variable.name, variable.value ?? '']] : [])),
        ),
        secretNames: (container.secrets ?? []).flatMap((secret) => (secret.name ? [secret.name] : [])),
      }),
    ),
    ...(taskDefinition.taskRoleArn ? { taskRoleArn: taskDefinition.taskRoleArn } : {}),
    tags: toTagRecord(tags),
  };
}

export function toTagList(tags: Tags): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function toTagRecord(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((tag) => (tag.key ? [[tag.key, tag.value ?? '']] : [])));
}
