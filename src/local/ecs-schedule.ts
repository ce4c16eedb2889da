import { primaryDeployment, type EcsContext, type EcsState, type ServiceRecord } from './ecs-model.js';

/**
 * Which services a call brings up to date. A service changes on its own only at known times (its deployment is due,
 * its draining ends) or when room frees up for tasks it could not place; everything else about it stands still. So
 * services are advanced from a time-ordered queue and a set of those waiting for room, never by scanning them all:
 * a call costs the same in a cluster of ten services or of ten thousand. `advanceDue` (ecs-deployments.ts) reads them.
 */

export function serviceKey(service: ServiceRecord): string {
  return `${service.clusterName}/${service.name}`;
}

/** The service was made, changed or deleted: the next call brings it up to date. */
export function touchService(state: EcsState, ctx: EcsContext, service: ServiceRecord): void {
  state.due.schedule(ctx.now().getTime(), serviceKey(service));
}

/** Tasks stopped or an instance joined: every service waiting for room tries again on the next call. */
export function roomFreed(state: EcsState, ctx: EcsContext): void {
  if (state.waitingForRoom.size === 0) return;
  const now = ctx.now().getTime();
  for (const key of state.waitingForRoom) state.due.schedule(now, key);
  state.waitingForRoom.clear();
}

/** Queues the service for the next time it changes by itself, if it ever does. */
export function queueNext(state: EcsState, ctx: EcsContext, service: ServiceRecord): void {
  const key = serviceKey(service);
  if (service.status === 'DRAINING') {
    state.due.schedule((service.drainingSince?.getTime() ?? 0) + ctx.drainingSeconds * 1000, key);
    return;
  }
  if (service.status !== 'ACTIVE') return;
  const deployment = primaryDeployment(service);
  if (!deployment || deployment.rolloutState === 'FAILED') return;
  const readyAt = deployment.createdAt.getTime() + ctx.deploymentSeconds * 1000;
  if (deployment.rolloutState === 'IN_PROGRESS' && readyAt > ctx.now().getTime()) state.due.schedule(readyAt, key);
  else if (deployment.tasks.length !== deployment.desiredCount) state.waitingForRoom.add(key);
}
