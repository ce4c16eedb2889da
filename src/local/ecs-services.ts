import { awsError } from './aws-error.js';
import { ecsArn, parseArn } from './arn.js';
import { advanceService, startDeployment, stopAllTasks } from './ecs-deployments.js';
import { touchService } from './ecs-schedule.js';
import { primaryDeployment, serviceView, type ClusterRecord, type EcsContext, type EcsState, type NetworkConfiguration, type ServiceRecord } from './ecs-model.js';
import {
  invalidParameter,
  isFargate,
  resolveActiveTaskDefinition,
  validateLoadBalancers,
  validateNetwork,
  validatePlacement,
} from './ecs-service-validation.js';
import { paginate } from './pagination.js';
import { fromEcsTags, MAX_TAGS_PER_RESOURCE, tagProblem, type EcsTag } from './tags.js';

/** Service commands of the simulated ECS service. */

interface CreateServiceInput {
  cluster?: string;
  serviceName?: string;
  taskDefinition?: string;
  loadBalancers?: Array<{ targetGroupArn?: string; containerName?: string; containerPort?: number; loadBalancerName?: string }>;
  serviceRegistries?: Array<Record<string, unknown>>;
  desiredCount?: number;
  clientToken?: string;
  launchType?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  platformVersion?: string;
  role?: string;
  deploymentConfiguration?: Record<string, unknown>;
  placementConstraints?: Array<Record<string, unknown>>;
  placementStrategy?: Array<Record<string, unknown>>;
  networkConfiguration?: NetworkConfiguration;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy?: string;
  deploymentController?: Record<string, unknown>;
  tags?: EcsTag[];
  enableECSManagedTags?: boolean;
  propagateTags?: string;
  enableExecuteCommand?: boolean;
}

interface UpdateServiceInput {
  cluster?: string;
  service?: string;
  desiredCount?: number;
  taskDefinition?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  deploymentConfiguration?: Record<string, unknown>;
  networkConfiguration?: NetworkConfiguration;
  platformVersion?: string;
  forceNewDeployment?: boolean;
  healthCheckGracePeriodSeconds?: number;
  enableExecuteCommand?: boolean;
  enableECSManagedTags?: boolean;
  loadBalancers?: CreateServiceInput['loadBalancers'];
  propagateTags?: string;
}

const SERVICE_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export function resolveCluster(state: EcsState, reference: string | undefined): ClusterRecord {
  const ref = reference ?? 'default';
  const name = ref.startsWith('arn:') ? (parseArn(ref)?.resource.replace(/^cluster\//, '') ?? '') : ref;
  const cluster = state.clusters.get(name);
  if (!cluster) throw awsError('ClusterNotFoundException', 'Cluster not found.');
  return cluster;
}

/** A service name from a name, a long ARN (`service/cluster/name`) or a short one (`service/name`). */
export function serviceNameOf(reference: string): string {
  if (!reference.startsWith('arn:')) return reference;
  return parseArn(reference)?.resource.split('/').at(-1) ?? reference;
}

function findService(state: EcsState, cluster: ClusterRecord, reference: string | undefined): ServiceRecord {
  const service = reference ? state.services.get(`${cluster.name}/${serviceNameOf(reference)}`) : undefined;
  if (!service) throw awsError('ServiceNotFoundException', 'Service not found.');
  return service;
}

function deploymentConfiguration(given: Record<string, unknown> | undefined): Record<string, unknown> {
  const breaker = { enable: false, rollback: false, ...((given?.deploymentCircuitBreaker as object | undefined) ?? {}) };
  return { maximumPercent: 200, minimumHealthyPercent: 100, ...structuredClone(given ?? {}), deploymentCircuitBreaker: breaker };
}

function fingerprint(input: CreateServiceInput): string {
  const { clientToken: _token, ...rest } = input;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

export function createService(state: EcsState, ctx: EcsContext, input: CreateServiceInput): unknown {
  const cluster = resolveCluster(state, input.cluster);
  const name = input.serviceName ?? '';
  if (!SERVICE_NAME.test(name)) throw invalidParameter('Service name must be 1-255 characters: letters, numbers, hyphens and underscores.');
  const token = input.clientToken;
  if (token !== undefined && (token.length > 36 || !/^[\x20-\x7e]*$/.test(token))) throw invalidParameter('clientToken must be at most 36 ASCII characters.');
  const key = `${cluster.name}/${name}`;
  const existing = state.services.get(key);
  if (existing?.status === 'DRAINING') throw invalidParameter('Unable to Start a service that is still Draining.');
  if (existing?.status === 'ACTIVE') {
    if (token !== undefined && existing.clientToken === token && existing.fingerprint === fingerprint(input)) {
      return { service: serviceView(existing, true) };
    }
    throw invalidParameter('Creation of service was not idempotent.');
  }
  const td = resolveActiveTaskDefinition(state, input.taskDefinition);
  const placement = { launchType: input.launchType, capacityProviderStrategy: input.capacityProviderStrategy, platformVersion: input.platformVersion };
  validatePlacement(cluster, td, placement);
  const launchType = input.launchType ?? (input.capacityProviderStrategy?.length ? undefined : 'EC2');
  const fargate = isFargate({ ...placement, launchType });
  validateNetwork(ctx, td, input.networkConfiguration, fargate);
  const schedulingStrategy = input.schedulingStrategy ?? 'REPLICA';
  if (schedulingStrategy === 'REPLICA' && input.desiredCount === undefined) throw invalidParameter('desiredCount is required when schedulingStrategy is REPLICA.');
  const desiredCount = input.desiredCount ?? 0;
  if (!Number.isInteger(desiredCount) || desiredCount < 0) throw invalidParameter('desiredCount must be a non-negative integer.');
  const loadBalancers = validateLoadBalancers(ctx, td, input.loadBalancers ?? []);
  const tags = fromEcsTags(input.tags);
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) throw invalidParameter('Too many tags: at most 50 are allowed.');
  const problem = tagProblem(tags);
  if (problem) throw invalidParameter(problem);
  const propagateTags = input.propagateTags ?? 'NONE';
  if (!['TASK_DEFINITION', 'SERVICE', 'NONE'].includes(propagateTags)) throw invalidParameter(`Invalid propagateTags '${propagateTags}'.`);

  const service: ServiceRecord = {
    arn: ecsArn(ctx.account, `service/${cluster.name}/${name}`),
    name,
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    status: 'ACTIVE',
    createdAt: creationTime(state, ctx.now()),
    createdBy: `arn:aws:iam::${ctx.account.accountId}:role/devenv`,
    ...(token !== undefined ? { clientToken: token } : {}),
    fingerprint: fingerprint(input),
    taskDefinitionArn: td.arn,
    ...(launchType ? { launchType } : { capacityProviderStrategy: structuredClone(input.capacityProviderStrategy ?? []) }),
    ...(fargate ? { platformVersion: input.platformVersion ?? 'LATEST' } : {}),
    loadBalancers,
    serviceRegistries: structuredClone(input.serviceRegistries ?? []),
    ...(input.networkConfiguration ? { networkConfiguration: structuredClone(input.networkConfiguration) } : {}),
    deploymentConfiguration: deploymentConfiguration(input.deploymentConfiguration),
    deploymentController: structuredClone(input.deploymentController ?? { type: 'ECS' }),
    placementConstraints: structuredClone(input.placementConstraints ?? []),
    placementStrategy: structuredClone(input.placementStrategy ?? []),
    ...(loadBalancers.length > 0 || input.healthCheckGracePeriodSeconds !== undefined
      ? { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds ?? 0 }
      : {}),
    schedulingStrategy,
    ...(loadBalancers.length > 0 ? { roleArn: `arn:aws:iam::${ctx.account.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS` } : {}),
    tags,
    enableECSManagedTags: input.enableECSManagedTags ?? false,
    propagateTags,
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    deployments: [],
    events: [],
  };
  startDeployment(ctx, service, desiredCount);
  state.services.set(key, service); // replaces an INACTIVE predecessor of the same name (same ARN)
  state.latestCreatedAt = service.createdAt.getTime();
  touchService(state, ctx, service);
  return { service: serviceView(service, true) };
}

export function describeServices(state: EcsState, input: { cluster?: string; services?: string[]; include?: string[] }): unknown {
  const cluster = resolveCluster(state, input.cluster);
  const references = input.services ?? [];
  if (references.length === 0) throw invalidParameter('Services cannot be empty.');
  if (references.length > 10) throw invalidParameter('service names can have at most 10 items.');
  const includeTags = input.include?.includes('TAGS') ?? false;
  const services: unknown[] = [];
  const failures: Array<{ arn: string; reason: string }> = [];
  for (const reference of references) {
    const service = state.services.get(`${cluster.name}/${serviceNameOf(reference)}`);
    if (service) services.push(serviceView(service, includeTags));
    else failures.push({ arn: reference.startsWith('arn:') ? reference : `${cluster.arn.replace(':cluster/', ':service/')}/${reference}`, reason: 'MISSING' });
  }
  return { services, failures };
}

export function listServices(
  state: EcsState,
  input: { cluster?: string; nextToken?: string; maxResults?: number; launchType?: string; schedulingStrategy?: string },
): unknown {
  const cluster = resolveCluster(state, input.cluster);
  const { nextToken, maxResults = 10, launchType, schedulingStrategy } = input;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw invalidParameter('maxResults must be between 1 and 100.');
  // A deleted service "is no longer visible in the ListServices API operation" once DRAINING (DeleteService reference);
  // DescribeServices still shows it.
  const services = [...state.services.values()].filter(
    (s) =>
      s.clusterName === cluster.name &&
      s.status === 'ACTIVE' &&
      (launchType === undefined || s.launchType === launchType) &&
      (schedulingStrategy === undefined || s.schedulingStrategy === schedulingStrategy),
  );
  const scope = `ListServices:${JSON.stringify([cluster.name, launchType, schedulingStrategy])}`;
  const page = paginate(services, { limit: maxResults, token: nextToken, scope, invalidToken: () => invalidParameter('Invalid nextToken.') });
  return { serviceArns: page.items.map((s) => s.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function updateService(state: EcsState, ctx: EcsContext, input: UpdateServiceInput): unknown {
  const cluster = resolveCluster(state, input.cluster);
  const service = findService(state, cluster, input.service);
  if (service.status !== 'ACTIVE') throw awsError('ServiceNotActiveException', 'Service was not ACTIVE.');
  const primary = primaryDeployment(service);
  const td = input.taskDefinition ? resolveActiveTaskDefinition(state, input.taskDefinition) : resolveActiveOrCurrent(state, service);
  const placement = {
    launchType: input.capacityProviderStrategy?.length ? undefined : service.launchType,
    capacityProviderStrategy: input.capacityProviderStrategy ?? service.capacityProviderStrategy,
    platformVersion: input.platformVersion ?? service.platformVersion,
  };
  validatePlacement(cluster, td, placement);
  validateNetwork(ctx, td, input.networkConfiguration ?? service.networkConfiguration, isFargate(placement));
  // Links are re-checked in full only when given; a new revision must still expose the linked container ports.
  const loadBalancers = validateLoadBalancers(ctx, td, input.loadBalancers ?? service.loadBalancers, { requireAttached: input.loadBalancers !== undefined });
  if (input.desiredCount !== undefined && (!Number.isInteger(input.desiredCount) || input.desiredCount < 0)) {
    throw invalidParameter('desiredCount must be a non-negative integer.');
  }

  const redeploy =
    input.forceNewDeployment === true ||
    (input.taskDefinition !== undefined && td.arn !== service.taskDefinitionArn) ||
    input.networkConfiguration !== undefined ||
    input.platformVersion !== undefined ||
    input.capacityProviderStrategy !== undefined ||
    input.loadBalancers !== undefined;
  service.taskDefinitionArn = td.arn;
  if (input.capacityProviderStrategy?.length) {
    delete service.launchType;
    service.capacityProviderStrategy = structuredClone(input.capacityProviderStrategy);
  }
  if (input.platformVersion !== undefined) service.platformVersion = input.platformVersion;
  if (input.networkConfiguration !== undefined) service.networkConfiguration = structuredClone(input.networkConfiguration);
  if (input.deploymentConfiguration !== undefined) service.deploymentConfiguration = deploymentConfiguration(input.deploymentConfiguration);
  if (input.healthCheckGracePeriodSeconds !== undefined) service.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
  if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
  if (input.enableECSManagedTags !== undefined) service.enableECSManagedTags = input.enableECSManagedTags;
  if (input.propagateTags !== undefined) service.propagateTags = input.propagateTags;
  service.loadBalancers = loadBalancers;
  const desiredCount = input.desiredCount ?? primary?.desiredCount ?? 0;
  if (redeploy || !primary) startDeployment(ctx, service, desiredCount);
  else primary.desiredCount = desiredCount;
  touchService(state, ctx, service);
  return { service: serviceView(service, false) };
}

function resolveActiveOrCurrent(state: EcsState, service: ServiceRecord) {
  // Updating other settings keeps the current revision even if it has since been deregistered, as ECS does.
  const revisions = [...state.taskDefinitions.values()].flat();
  const current = revisions.find((td) => td.arn === service.taskDefinitionArn);
  if (!current) throw awsError('ClientException', 'TaskDefinition not found.');
  return current;
}

export function deleteService(state: EcsState, ctx: EcsContext, input: { cluster?: string; service?: string; force?: boolean }): unknown {
  const cluster = resolveCluster(state, input.cluster);
  const service = findService(state, cluster, input.service);
  if (service.status !== 'ACTIVE') throw awsError('ServiceNotActiveException', 'Service was not ACTIVE.');
  const primary = primaryDeployment(service);
  if ((primary?.desiredCount ?? 0) > 0 && !input.force) {
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
  }
  advanceService(state, ctx, service);
  stopAllTasks(state, ctx, service);
  for (const d of service.deployments) d.desiredCount = 0;
  service.status = 'DRAINING';
  service.drainingSince = ctx.now();
  touchService(state, ctx, service);
  return { service: serviceView(service, false) };
}

/**
 * AWS stamps a service with the millisecond it was made. The simulated clock stands still between a test's steps, so
 * services made one after another get the next free millisecond: their `createdAt` keeps the order they were made in,
 * as on AWS (devenv's quota check after a create relies on that order).
 */
function creationTime(state: EcsState, now: Date): Date {
  return new Date(Math.max(now.getTime(), state.latestCreatedAt + 1));
}
