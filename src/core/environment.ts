import type { Deployment, ServiceEvent, ServiceSnapshot, TargetHealth, TaskDefinitionSnapshot } from './ports.js';
import { describeMissing, type MissingPart } from './drift.js';
import { labelsOf, noticesOf, TAG } from './tags.js';

/** `degraded`: the service runs, but a part it needs (target group, listener rule, DNS record) is gone; `missing` names it. */
export type EnvironmentStatus = 'creating' | 'running' | 'unhealthy' | 'failed' | 'degraded';

/** An environment as devenv shows it, rebuilt from the cloud every time. */
export interface Environment {
  name: string;
  app: string;
  owner: string;
  /** Undefined for apps without routing (network mode `none`). */
  host?: string;
  url?: string;
  status: EnvironmentStatus;
  /** Why it is not running, in ECS's or the load balancer's own words. */
  statusReason?: string;
  /** The parts deleted out of band (only when `degraded`). */
  missing?: MissingPart[];
  /** container name → image */
  images: Record<string, string>;
  createdAt: string;
  expiresAt: string;
  /** Labels given at creation. */
  labels: Record<string, string>;
  /** Notices sent about it (`expiry-warning`, `ready`) and what for; absent when none was. */
  notices?: Record<string, string>;
  service: {
    name: string;
    arn: string;
    taskDefinitionArn: string;
    desiredCount: number;
    runningCount: number;
  };
  targetGroupArn?: string;
}

const TROUBLE = /unable|error|fail|stopped|cannot|denied|unhealthy/i;

/**
 * "Steady state" is not "healthy": the primary deployment's rollout, the running count and the target health all count,
 * and a failure carries ECS's own event message.
 */
export function deriveStatus(
  service: Pick<ServiceSnapshot, 'deployments' | 'events' | 'desiredCount' | 'runningCount'>,
  targets: readonly TargetHealth[] | undefined,
): { status: EnvironmentStatus; reason?: string } {
  const primary = service.deployments.find((deployment) => deployment.status === 'PRIMARY');
  const troubleEvent = service.events.find((event) => TROUBLE.test(event.message) && !isBefore(event, primary))?.message;
  if (primary?.rolloutState === 'FAILED') {
    return { status: 'failed', reason: troubleEvent ?? primary.rolloutStateReason ?? 'the deployment failed' };
  }
  if (!primary || primary.rolloutState !== 'COMPLETED') {
    return troubleEvent ? { status: 'creating', reason: troubleEvent } : { status: 'creating' };
  }
  if (primary.runningCount < primary.desiredCount || service.runningCount < service.desiredCount) {
    return { status: 'unhealthy', reason: `${service.runningCount} of ${service.desiredCount} tasks running` };
  }
  if (targets === undefined) return { status: 'running' };
  if (targets.some((target) => target.state === 'healthy')) return { status: 'running' };
  if (targets.length === 0 || targets.some((target) => target.state === 'initial')) {
    return { status: 'creating', reason: 'waiting for the load balancer health checks' };
  }
  const sick = targets.find((target) => target.state !== 'healthy');
  return {
    status: 'unhealthy',
    reason: sick?.description ?? sick?.reason ?? 'no healthy targets behind the load balancer',
  };
}

/** An event older than the deployment it would explain is about an earlier deployment (a fixed image, say). */
function isBefore(event: ServiceEvent, deployment: Deployment | undefined): boolean {
  return event.createdAt !== undefined && deployment?.createdAt !== undefined && event.createdAt < deployment.createdAt;
}

export function describeEnvironment(input: {
  service: ServiceSnapshot;
  taskDefinition: TaskDefinitionSnapshot | undefined;
  /** The images when known without the task definition (the service's images tag). */
  images?: Record<string, string>;
  /** `missing` names the service's target group when it no longer exists. */
  targets: readonly TargetHealth[] | { missing: string } | undefined;
  host: string | undefined;
  scheme: 'https' | 'http';
  /** The parts found missing (target group, listener rule, DNS record): any makes the environment degraded. */
  missing?: readonly MissingPart[];
}): Environment {
  const { service, taskDefinition, targets, host, scheme, missing = [] } = input;
  const { status, reason } =
    missing.length > 0
      ? { status: 'degraded' as const, reason: describeMissing(missing) }
      : targets && 'missing' in targets
        ? { status: 'failed' as const, reason: `${targets.missing} is missing` }
        : deriveStatus(service, targets);
  const images = input.images ?? Object.fromEntries((taskDefinition?.containers ?? []).map((container) => [container.name, container.image]));
  const targetGroupArn = service.loadBalancers[0]?.targetGroupArn;
  return {
    name: service.tags[TAG.environment] ?? service.name,
    app: service.tags[TAG.app] ?? '',
    owner: service.tags[TAG.owner] ?? '',
    ...(host ? { host, url: `${scheme}://${host}` } : {}),
    status,
    ...(reason ? { statusReason: reason } : {}),
    ...(missing.length > 0 ? { missing: [...missing] } : {}),
    images,
    createdAt: service.tags[TAG.createdAt] ?? service.createdAt?.toISOString() ?? '',
    expiresAt: service.tags[TAG.expiresAt] ?? '',
    labels: labelsOf(service.tags),
    ...noticesField(service.tags),
    service: {
      name: service.name,
      arn: service.arn,
      taskDefinitionArn: service.taskDefinitionArn,
      desiredCount: service.desiredCount,
      runningCount: service.runningCount,
    },
    ...(targetGroupArn ? { targetGroupArn } : {}),
  };
}

function noticesField(tags: ServiceSnapshot['tags']): { notices?: Record<string, string> } {
  const notices = noticesOf(tags);
  return Object.keys(notices).length > 0 ? { notices } : {};
}
