import type { AccountContext } from './arn.js';
import type { TargetGroupDirectory } from './elbv2.js';
import type { IdGenerator } from './ids.js';
import type { SimulatedNetwork } from './network.js';
import { toEcsTags, type TagMap } from './tags.js';
import type { Timeline } from './timeline.js';

/** State records of the simulated ECS service, and their AWS-shaped views. */

export interface EcsContext {
  account: AccountContext;
  ids: IdGenerator;
  now: () => Date;
  network: SimulatedNetwork;
  targetGroups: TargetGroupDirectory;
  deploymentSeconds: number;
  drainingSeconds: number;
  /** image → reason: tasks using these images fail to start. */
  failedImages: Map<string, string>;
}

export interface ContainerInstanceRecord {
  arn: string;
  instanceId: string;
  capacityProvider?: string;
}

export interface ClusterRecord {
  name: string;
  arn: string;
  capacityProviders: string[];
  containerInstances: ContainerInstanceRecord[];
  tags: TagMap;
}

export interface PortMapping {
  containerPort: number;
  hostPort: number;
  protocol?: string;
  [key: string]: unknown;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  portMappings: PortMapping[];
  memory?: number;
  memoryReservation?: number;
  [key: string]: unknown;
}

export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  /** The registration input as AWS stores it (defaults filled in), without tags. */
  body: Record<string, unknown> & { containerDefinitions: ContainerDefinition[]; networkMode: string };
  requiresAttributes: Array<{ name: string }>;
  compatibilities: string[];
  registeredAt: Date;
  registeredBy: string;
  deregisteredAt?: Date;
  tags: TagMap;
}

export interface TaskPort {
  container: string;
  containerPort: number;
  hostPort: number;
}

export interface TaskRecord {
  id: string;
  /** Private IP of the task's ENI (awsvpc). */
  ip?: string;
  instanceId?: string;
  ports: TaskPort[];
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinitionArn: string;
  desiredCount: number;
  failedTasks: number;
  createdAt: Date;
  updatedAt: Date;
  launchType?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  platformVersion?: string;
  networkConfiguration?: NetworkConfiguration;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  tasks: TaskRecord[];
  /** The last problem reported as an event, so it is reported once rather than on every call. */
  reportedProblem?: string;
}

export interface NetworkConfiguration {
  awsvpcConfiguration?: { subnets?: string[]; securityGroups?: string[]; assignPublicIp?: string };
}

export interface LoadBalancerLink {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

export interface ServiceEventRecord {
  id: string;
  createdAt: Date;
  message: string;
}

export interface ServiceRecord {
  arn: string;
  name: string;
  clusterName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  createdAt: Date;
  createdBy: string;
  clientToken?: string;
  /** The CreateService parameters, for recognising a retry with the same client token. */
  fingerprint: string;
  taskDefinitionArn: string;
  launchType?: string;
  capacityProviderStrategy?: Array<Record<string, unknown>>;
  platformVersion?: string;
  loadBalancers: LoadBalancerLink[];
  serviceRegistries: Array<Record<string, unknown>>;
  networkConfiguration?: NetworkConfiguration;
  deploymentConfiguration: Record<string, unknown>;
  deploymentController: Record<string, unknown>;
  placementConstraints: Array<Record<string, unknown>>;
  placementStrategy: Array<Record<string, unknown>>;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: string;
  roleArn?: string;
  tags: TagMap;
  enableECSManagedTags: boolean;
  propagateTags: string;
  enableExecuteCommand: boolean;
  deployments: DeploymentRecord[];
  events: ServiceEventRecord[];
  drainingSince?: Date;
}

export interface EcsState {
  clusters: Map<string, ClusterRecord>;
  /** Keyed by `cluster/name`: a re-created service replaces its INACTIVE predecessor, as the ARN is the same. */
  services: Map<string, ServiceRecord>;
  /** Revisions per family, in order. */
  taskDefinitions: Map<string, TaskDefinitionRecord[]>;
  /** Keys of the services the clock will change next, by when (see ecs-schedule.ts). */
  due: Timeline<string>;
  /** Keys of the services short of their desired count for want of room: tried again when tasks stop or instances join. */
  waitingForRoom: Set<string>;
  /** The newest service's creation time (epoch ms), so a new service is stamped without scanning every service. */
  latestCreatedAt: number;
}

export const MAX_EVENTS_SHOWN = 100;

export function runningCount(service: ServiceRecord): number {
  return service.deployments.reduce((sum, d) => sum + d.tasks.length, 0);
}

export function primaryDeployment(service: ServiceRecord): DeploymentRecord | undefined {
  return service.deployments.find((d) => d.status === 'PRIMARY');
}

function placementView(source: { launchType?: string; capacityProviderStrategy?: Array<Record<string, unknown>>; platformVersion?: string }) {
  return {
    ...(source.capacityProviderStrategy ? { capacityProviderStrategy: structuredClone(source.capacityProviderStrategy) } : {}),
    ...(source.launchType ? { launchType: source.launchType } : {}),
    ...(source.platformVersion ? { platformVersion: source.platformVersion, platformFamily: 'Linux' } : {}),
  };
}

export function deploymentView(deployment: DeploymentRecord): Record<string, unknown> {
  const running = deployment.tasks.length;
  const waiting = deployment.rolloutState === 'IN_PROGRESS' && !deployment.reportedProblem;
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    pendingCount: waiting ? Math.max(0, deployment.desiredCount - running) : 0,
    runningCount: running,
    failedTasks: deployment.failedTasks,
    createdAt: new Date(deployment.createdAt),
    updatedAt: new Date(deployment.updatedAt),
    ...placementView(deployment),
    ...(deployment.networkConfiguration ? { networkConfiguration: structuredClone(deployment.networkConfiguration) } : {}),
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  };
}

export function serviceView(service: ServiceRecord, includeTags: boolean): Record<string, unknown> {
  const primary = primaryDeployment(service);
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers.map((lb) => ({ ...lb })),
    serviceRegistries: structuredClone(service.serviceRegistries),
    status: service.status,
    desiredCount: primary?.desiredCount ?? 0,
    runningCount: runningCount(service),
    pendingCount: service.deployments.reduce((sum, d) => sum + (deploymentView(d).pendingCount as number), 0),
    ...placementView(service),
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    deployments: service.deployments.map(deploymentView),
    ...(service.roleArn ? { roleArn: service.roleArn } : {}),
    events: service.events.slice(0, MAX_EVENTS_SHOWN).map((e) => ({ id: e.id, createdAt: new Date(e.createdAt), message: e.message })),
    createdAt: new Date(service.createdAt),
    placementConstraints: structuredClone(service.placementConstraints),
    placementStrategy: structuredClone(service.placementStrategy),
    ...(service.networkConfiguration ? { networkConfiguration: structuredClone(service.networkConfiguration) } : {}),
    ...(service.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds } : {}),
    schedulingStrategy: service.schedulingStrategy,
    deploymentController: structuredClone(service.deploymentController),
    ...(includeTags ? { tags: toEcsTags(service.tags) } : {}),
    createdBy: service.createdBy,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
  };
}

export function taskDefinitionView(td: TaskDefinitionRecord): Record<string, unknown> {
  const { containerDefinitions, networkMode, ...rest } = td.body;
  return {
    taskDefinitionArn: td.arn,
    containerDefinitions: structuredClone(containerDefinitions),
    family: td.family,
    networkMode,
    revision: td.revision,
    volumes: [],
    status: td.status,
    requiresAttributes: structuredClone(td.requiresAttributes),
    placementConstraints: [],
    compatibilities: [...td.compatibilities],
    ...structuredClone(rest),
    registeredAt: new Date(td.registeredAt),
    ...(td.deregisteredAt ? { deregisteredAt: new Date(td.deregisteredAt) } : {}),
    registeredBy: td.registeredBy,
  };
}
