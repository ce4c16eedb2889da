import { findTaskDefinition } from './ecs-task-definitions.js';
import { placeTasks } from './ecs-placement.js';
import { primaryDeployment, type DeploymentRecord, type EcsContext, type EcsState, type ServiceRecord, type TaskRecord } from './ecs-model.js';
import { queueNext, roomFreed } from './ecs-schedule.js';

/**
 * Deployments run on the cloud's clock, evaluated lazily when a call finds them due (ecs-schedule.ts): a new deployment waits `deploymentSeconds`,
 * then its tasks start, register in the target groups and the rollout completes — or fails on a broken image.
 */

export function addEvent(ctx: EcsContext, service: ServiceRecord, message: string): void {
  service.events.unshift({ id: ctx.ids.uuid(), createdAt: ctx.now(), message });
}

/** Makes a new PRIMARY deployment from the service's current settings; the previous one stays ACTIVE until it completes. */
export function startDeployment(ctx: EcsContext, service: ServiceRecord, desiredCount: number): DeploymentRecord {
  for (const d of service.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
  const id = `ecs-svc/${ctx.ids.digits(19)}`;
  const now = ctx.now();
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn: service.taskDefinitionArn,
    desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    ...(service.launchType ? { launchType: service.launchType } : {}),
    ...(service.capacityProviderStrategy ? { capacityProviderStrategy: structuredClone(service.capacityProviderStrategy) } : {}),
    ...(service.platformVersion ? { platformVersion: service.platformVersion } : {}),
    ...(service.networkConfiguration ? { networkConfiguration: structuredClone(service.networkConfiguration) } : {}),
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    tasks: [],
  };
  service.deployments.unshift(deployment);
  return deployment;
}

function targetsOf(ctx: EcsContext, service: ServiceRecord, tasks: TaskRecord[]): Map<string, Array<{ id: string; port: number }>> {
  const byGroup = new Map<string, Array<{ id: string; port: number }>>();
  for (const link of service.loadBalancers) {
    const tg = ctx.targetGroups.targetGroup(link.targetGroupArn);
    const targets = tasks.flatMap((task) => {
      const port = task.ports.find((p) => p.container === link.containerName && p.containerPort === link.containerPort);
      if (!port) return [];
      if (tg?.targetType === 'ip') return task.ip ? [{ id: task.ip, port: link.containerPort }] : [];
      return task.instanceId ? [{ id: task.instanceId, port: port.hostPort }] : [];
    });
    byGroup.set(link.targetGroupArn, targets);
  }
  return byGroup;
}

function startTasks(ctx: EcsContext, service: ServiceRecord, deployment: DeploymentRecord, tasks: TaskRecord[]): void {
  if (tasks.length === 0) return;
  deployment.tasks.push(...tasks);
  addEvent(ctx, service, `(service ${service.name}) has started ${tasks.length} tasks: ${tasks.map((t) => `(task ${t.id})`).join(' ')}.`);
  for (const [arn, targets] of targetsOf(ctx, service, tasks)) {
    if (!ctx.targetGroups.targetGroup(arn)) {
      addEvent(ctx, service, `(service ${service.name}) failed to register targets in (target-group ${arn}) with (error The target group with targetGroupArn ${arn} does not exist.)`);
      continue;
    }
    ctx.targetGroups.registerHealthyTargets(arn, targets);
    addEvent(ctx, service, `(service ${service.name}) registered ${targets.length} targets in (target-group ${arn})`);
  }
}

/**
 * Stops tasks: their targets are deregistered (and drain), as ECS does before stopping them; their network interfaces
 * go, giving their addresses back to the subnet, and services waiting for room try again.
 */
export function stopTasks(state: EcsState, ctx: EcsContext, service: ServiceRecord, deployment: DeploymentRecord, tasks: TaskRecord[]): void {
  if (tasks.length === 0) return;
  for (const [arn, targets] of targetsOf(ctx, service, tasks)) {
    if (targets.length === 0 || !ctx.targetGroups.targetGroup(arn)) continue;
    ctx.targetGroups.deregisterTargets(arn, targets);
    addEvent(ctx, service, `(service ${service.name}) deregistered ${targets.length} targets in (target-group ${arn})`);
  }
  deployment.tasks = deployment.tasks.filter((t) => !tasks.includes(t));
  for (const task of tasks) if (task.ip) ctx.network.releaseIp(task.ip);
  roomFreed(state, ctx);
  addEvent(ctx, service, `(service ${service.name}) has stopped ${tasks.length} running tasks: ${tasks.map((t) => `(task ${t.id})`).join(' ')}.`);
}

export function stopAllTasks(state: EcsState, ctx: EcsContext, service: ServiceRecord): void {
  for (const d of service.deployments) stopTasks(state, ctx, service, d, [...d.tasks]);
}

function failOnImage(ctx: EcsContext, service: ServiceRecord, deployment: DeploymentRecord, image: string, reason: string): void {
  const problem = `CannotPullContainerError: ${reason.replace(/^CannotPullContainerError:\s*/, '')}`;
  if (deployment.reportedProblem === problem) return;
  deployment.reportedProblem = problem;
  deployment.failedTasks += deployment.desiredCount;
  deployment.updatedAt = ctx.now();
  const breaker = (service.deploymentConfiguration.deploymentCircuitBreaker ?? {}) as { enable?: boolean };
  if (breaker.enable) {
    deployment.rolloutState = 'FAILED';
    deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
    addEvent(ctx, service, `(service ${service.name}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`);
  }
  // Both events carry the same time; the one naming the cause is listed first (newest), where readers look.
  addEvent(ctx, service, `(service ${service.name}) failed to start ${deployment.desiredCount} tasks: image ${image}: ${problem}`);
}

function complete(state: EcsState, ctx: EcsContext, service: ServiceRecord, deployment: DeploymentRecord): void {
  for (const old of service.deployments.filter((d) => d !== deployment)) stopTasks(state, ctx, service, old, [...old.tasks]);
  service.deployments = [deployment];
  deployment.rolloutState = 'COMPLETED';
  deployment.rolloutStateReason = `ECS deployment ${deployment.id} completed.`;
  deployment.updatedAt = ctx.now();
  addEvent(ctx, service, `(service ${service.name}) (deployment ${deployment.id}) deployment completed.`);
}

/**
 * Brings one service up to date with the clock. `settle` skips the wait (seeding).
 */
export function advanceService(state: EcsState, ctx: EcsContext, service: ServiceRecord, options: { settle?: boolean } = {}): void {
  const now = ctx.now();
  if (service.status === 'DRAINING') {
    if (service.drainingSince && now.getTime() - service.drainingSince.getTime() >= ctx.drainingSeconds * 1000) service.status = 'INACTIVE';
    return;
  }
  if (service.status !== 'ACTIVE') return;
  const deployment = primaryDeployment(service);
  if (!deployment || deployment.rolloutState === 'FAILED') return;
  const inProgress = deployment.rolloutState === 'IN_PROGRESS';
  if (inProgress && !options.settle && now.getTime() - deployment.createdAt.getTime() < ctx.deploymentSeconds * 1000) return;
  const td = findTaskDefinition(state, deployment.taskDefinitionArn);
  if (!td) return;
  if (inProgress && deployment.desiredCount > 0) {
    const broken = td.body.containerDefinitions.find((c) => ctx.failedImages.has(c.image));
    if (broken) return failOnImage(ctx, service, deployment, broken.image, ctx.failedImages.get(broken.image) ?? '');
  }
  const missing = deployment.desiredCount - deployment.tasks.length;
  let changed = false;
  let problem: string | undefined;
  if (missing > 0) {
    const result = placeTasks(state, ctx, service, deployment, td, missing);
    startTasks(ctx, service, deployment, result.placed);
    changed = result.placed.length > 0;
    problem = result.problem;
  } else if (missing < 0) {
    stopTasks(state, ctx, service, deployment, deployment.tasks.slice(missing));
    changed = true;
  }
  if (deployment.tasks.length === deployment.desiredCount) {
    delete deployment.reportedProblem;
    if (inProgress) complete(state, ctx, service, deployment);
    if (inProgress || changed) addEvent(ctx, service, `(service ${service.name}) has reached a steady state.`);
  } else if (problem && problem !== deployment.reportedProblem) {
    deployment.reportedProblem = problem;
    addEvent(ctx, service, problem);
  }
}

/** How often one call re-reads the queue: a stop during an advance can make room for a waiting service at once. */
const MAX_PASSES = 10;

/**
 * Advances the services that are due (with `settle`, every queued or waiting one, whatever the clock says) and queues
 * each again for when it next changes. Returns how many services it advanced.
 */
export function advanceDue(state: EcsState, ctx: EcsContext, options: { settle?: boolean } = {}): number {
  let advanced = 0;
  if (options.settle) {
    for (const key of state.waitingForRoom) state.due.schedule(0, key);
    state.waitingForRoom.clear();
  }
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const keys = options.settle && pass === 0 ? inServiceOrder(state, state.due.takeAll()) : state.due.takeDue(ctx.now().getTime());
    if (keys.length === 0) break;
    for (const key of keys) {
      const service = state.services.get(key);
      if (!service) continue;
      advanceService(state, ctx, service, options);
      advanced += 1;
      queueNext(state, ctx, service);
    }
  }
  return advanced;
}

/** Settling (seeding) places tasks in the order the services were made, so a seed always lands the same way. */
function inServiceOrder(state: EcsState, keys: string[]): string[] {
  const wanted = new Set(keys);
  return [...state.services.keys()].filter((key) => wanted.has(key));
}
