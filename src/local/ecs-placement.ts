import type { ClusterRecord, DeploymentRecord, EcsContext, EcsState, ServiceRecord, TaskDefinitionRecord, TaskPort, TaskRecord } from './ecs-model.js';
import type { SimulatedNetwork } from './network.js';

/**
 * Task placement: awsvpc tasks get an address from the service's subnets; bridge and host tasks go to the cluster's
 * container instances, spread across them, and need their static host ports free there (dynamic ports come from
 * the ephemeral range 32768+), which is what makes a second copy of a fixed-port service unplaceable.
 */

export interface PlacementResult {
  placed: TaskRecord[];
  /** The service event explaining why fewer tasks than asked for were placed. */
  problem?: string;
}

const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];
const EPHEMERAL_START = 32768;

function usesFargate(deployment: DeploymentRecord): boolean {
  if (deployment.launchType) return deployment.launchType === 'FARGATE';
  return (deployment.capacityProviderStrategy ?? []).some((item) => FARGATE_PROVIDERS.includes(String(item.capacityProvider)));
}

function candidateInstances(cluster: ClusterRecord, deployment: DeploymentRecord): string[] {
  if (deployment.launchType) return cluster.containerInstances.map((ci) => ci.instanceId);
  const providers = (deployment.capacityProviderStrategy ?? []).map((item) => String(item.capacityProvider));
  return cluster.containerInstances.filter((ci) => ci.capacityProvider && providers.includes(ci.capacityProvider)).map((ci) => ci.instanceId);
}

/** Host ports in use and task counts on each instance of the cluster. */
function instanceUsage(state: EcsState, clusterName: string): Map<string, { ports: Set<number>; tasks: number }> {
  const usage = new Map<string, { ports: Set<number>; tasks: number }>();
  for (const service of state.services.values()) {
    if (service.clusterName !== clusterName) continue;
    for (const deployment of service.deployments) {
      for (const task of deployment.tasks) {
        if (!task.instanceId) continue;
        const entry = usage.get(task.instanceId) ?? { ports: new Set<number>(), tasks: 0 };
        entry.tasks += 1;
        if (!task.ip) for (const port of task.ports) entry.ports.add(port.hostPort);
        usage.set(task.instanceId, entry);
      }
    }
  }
  return usage;
}

/**
 * The subnet for a task's network interface: the one with the most free addresses, ties going to the next in turn
 * (`turn`), so a service's tasks spread across its subnets and a full subnet is passed over. None when all are full.
 */
function pickSubnet(network: SimulatedNetwork, subnets: string[], turn: number): string | undefined {
  let best: string | undefined;
  let bestFree = 0;
  for (let k = 0; k < subnets.length; k += 1) {
    const subnet = subnets[(turn + k) % subnets.length]!;
    const free = network.freeAddresses(subnet);
    if (free > bestFree) {
      best = subnet;
      bestFree = free;
    }
  }
  return best;
}

function noAddressProblem(service: ServiceRecord, subnets: string[]): string {
  return `(service ${service.name}) was unable to place a task. Reason: no free IP addresses are left in its subnets (${subnets.join(', ')}).`;
}

function declaredPorts(td: TaskDefinitionRecord): Array<{ container: string; containerPort: number; hostPort: number }> {
  return td.body.containerDefinitions.flatMap((c) => c.portMappings.map((m) => ({ container: c.name, containerPort: m.containerPort, hostPort: m.hostPort })));
}

export function placeTasks(
  state: EcsState,
  ctx: EcsContext,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  td: TaskDefinitionRecord,
  count: number,
): PlacementResult {
  const placed: TaskRecord[] = [];
  const ports = declaredPorts(td);
  const awsvpc = td.body.networkMode === 'awsvpc';

  if (awsvpc && usesFargate(deployment)) {
    const subnets = deployment.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];
    if (subnets.length === 0) return { placed, problem: `(service ${service.name}) was unable to place a task: no subnets are configured.` };
    const offset = deployment.tasks.length;
    for (let i = 0; i < count; i += 1) {
      const subnet = pickSubnet(ctx.network, subnets, offset + i);
      if (!subnet) return { placed, problem: noAddressProblem(service, subnets) };
      placed.push({ id: ctx.ids.hex(32), ip: ctx.network.allocateIp(subnet), ports: ports.map((p) => ({ ...p, hostPort: p.containerPort })) });
    }
    return { placed };
  }

  const cluster = state.clusters.get(service.clusterName);
  const instances = cluster ? candidateInstances(cluster, deployment) : [];
  if (instances.length === 0) {
    return {
      placed,
      problem: `(service ${service.name}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.`,
    };
  }
  const usage = instanceUsage(state, service.clusterName);
  const entry = (id: string) => usage.get(id) ?? { ports: new Set<number>(), tasks: 0 };
  const staticPorts = awsvpc ? [] : ports.filter((p) => p.hostPort !== 0).map((p) => p.hostPort);
  let blockedBy: string | undefined;
  const subnets = deployment.networkConfiguration?.awsvpcConfiguration?.subnets ?? [];
  for (let i = 0; i < count; i += 1) {
    const subnet = awsvpc ? pickSubnet(ctx.network, subnets, deployment.tasks.length + i) : undefined;
    if (awsvpc && !subnet) return { placed, problem: noAddressProblem(service, subnets) };
    const ordered = [...instances].sort((a, b) => entry(a).tasks - entry(b).tasks);
    const fit = ordered.find((id) => staticPorts.every((port) => !entry(id).ports.has(port)));
    if (!fit) {
      blockedBy = ordered[0];
      break;
    }
    const used = entry(fit);
    const taskPorts: TaskPort[] = ports.map((p) => {
      if (awsvpc) return { ...p, hostPort: p.containerPort };
      if (p.hostPort !== 0) return { ...p };
      let dynamic = EPHEMERAL_START;
      while (used.ports.has(dynamic)) dynamic += 1;
      used.ports.add(dynamic);
      return { ...p, hostPort: dynamic };
    });
    if (!awsvpc) for (const port of staticPorts) used.ports.add(port);
    used.tasks += 1;
    usage.set(fit, used);
    const ip = subnet ? ctx.network.allocateIp(subnet) : undefined;
    placed.push({ id: ctx.ids.hex(32), instanceId: fit, ...(ip ? { ip } : {}), ports: taskPorts });
  }
  if (placed.length < count) {
    const containerInstance = cluster?.containerInstances.find((ci) => ci.instanceId === blockedBy)?.arn.split('/').at(-1) ?? 'unknown';
    return {
      placed,
      problem: `(service ${service.name}) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance ${containerInstance}) is already using a port required by your task. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
    };
  }
  return { placed };
}
