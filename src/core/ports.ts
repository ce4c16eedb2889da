/**
 * The ports: the only way the domain talks to the cloud. They are named for what devenv needs, not for AWS;
 * `src/aws/` implements them with the SDK clients, and the same adapters run against the simulated cloud.
 *
 * Conventions every adapter keeps:
 * - throttling (`ThrottlingException`, `Throttling`, `PriorRequestNotComplete`) is retried with backoff inside
 *   the adapter and never surfaces;
 * - the domain errors named on a method (PriorityTakenError, RecordExistsError, TargetGroupNameTakenError) are the
 *   only AWS errors translated; anything else surfaces as a CloudError naming the AWS operation;
 * - "missing" on a delete is success (deletes are idempotent).
 */

import type { EnvironmentCounts } from './environment-counts.js';
import type { DnsRecords } from './dns-records.js';
import type { LeaseLocks } from './lease-locks.js';
export type { CountedReservation, CountsSnapshot, Reservation } from './environment-counts.js';
export type { AliasTarget, HostRecords } from './dns-records.js';
export type { DnsRecords, EnvironmentCounts, LeaseLocks };

export type Tags = Readonly<Record<string, string>>;
export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';

export interface ContainerSummary {
  name: string;
  image: string;
  /** Container ports of the container's port mappings, in order. */
  containerPorts: number[];
  /** Host ports of the same mappings (undefined where unset). */
  hostPorts: Array<number | undefined>;
  environment: Record<string, string>;
  /** Names of the variables ECS injects from Secrets Manager or SSM (`secrets`); never their values. */
  secretNames: string[];
}

export interface TaskDefinitionSnapshot {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  networkMode: NetworkMode;
  containers: ContainerSummary[];
  /** The IAM role the task runs as, when it has one. */
  taskRoleArn?: string;
  tags: Tags;
}

/** A new revision of the same family as `from`, with these changes; everything else is copied. */
export interface RevisionSpec {
  from: string;
  /** container name → image */
  images: Readonly<Record<string, string>>;
  /** container name → variables to set (added or replaced) */
  environment: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Set every host port to 0 (bridge mode clones share instances with the baseline). */
  dynamicHostPorts: boolean;
  /** The task role of the new revision; absent: the one of `from`. */
  taskRoleArn?: string;
  tags: Tags;
}

export interface CapacityProviderItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export type Placement =
  | { kind: 'launch-type'; launchType: string }
  | { kind: 'capacity-providers'; strategy: CapacityProviderItem[] };

export interface NetworkSettings {
  subnets: string[];
  securityGroups: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}

export interface LoadBalancerLink {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

export interface Deployment {
  id: string;
  status: string;
  taskDefinitionArn: string;
  rolloutState?: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason?: string;
  desiredCount: number;
  runningCount: number;
  createdAt?: Date;
}

export interface ServiceEvent {
  message: string;
  createdAt?: Date;
}

export interface ServiceSnapshot {
  name: string;
  arn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  taskDefinitionArn: string;
  desiredCount: number;
  runningCount: number;
  placement?: Placement;
  platformVersion?: string;
  network?: NetworkSettings;
  enableExecuteCommand: boolean;
  /** Seconds ECS ignores load balancer health checks after a task starts. */
  healthCheckGracePeriodSeconds?: number;
  loadBalancers: LoadBalancerLink[];
  deployments: Deployment[];
  /** Newest first, as ECS returns them. */
  events: ServiceEvent[];
  tags: Tags;
  createdAt?: Date;
}

export interface CloneServiceSpec {
  name: string;
  taskDefinitionArn: string;
  placement?: Placement;
  platformVersion?: string;
  network?: NetworkSettings;
  enableExecuteCommand: boolean;
  desiredCount: number;
  loadBalancer?: LoadBalancerLink;
  healthCheckGracePeriodSeconds?: number;
  /** Deployment circuit breaker: a bad image ends the rollout as FAILED instead of retrying forever. */
  circuitBreaker: { enable: boolean; rollback: boolean };
  /** Idempotency token (≤ 36 ASCII characters): a retry with the same token creates no second service. */
  clientToken: string;
  tags: Tags;
}

export interface ServiceUpdate {
  taskDefinitionArn?: string;
  forceNewDeployment?: boolean;
  desiredCount?: number;
  /** Points the service at another target group (a re-created one: new ARN). */
  loadBalancer?: LoadBalancerLink;
}
/** ECS: services and task definitions in the configured cluster. */
export interface ServiceFleet {
  /** Any number of names (the adapter batches); names ECS does not know are left out. DRAINING and INACTIVE included. */
  describeServices(names: readonly string[]): Promise<ServiceSnapshot[]>;
  /** Every ACTIVE service of the cluster, with tags. */
  /** ACTIVE services of the cluster; with `namePrefix`, only those whose name starts with it are described. */
  listServices(options?: { namePrefix?: string }): Promise<ServiceSnapshot[]>;
  /** With tags. Throws NotFoundError when ECS does not know the reference. */
  describeTaskDefinition(ref: string): Promise<TaskDefinitionSnapshot>;
  registerRevision(spec: RevisionSpec): Promise<TaskDefinitionSnapshot>;
  deregisterRevision(arn: string): Promise<void>;
  /** ARNs of the ACTIVE revisions of a family. */
  listRevisions(family: string): Promise<string[]>;
  createService(spec: CloneServiceSpec): Promise<ServiceSnapshot>;
  /** The service as ECS answered (its tags may be absent from that answer: callers keep the ones they know). */
  updateService(name: string, update: ServiceUpdate): Promise<ServiceSnapshot | undefined>;
  tagService(arn: string, tags: Tags): Promise<void>;
  /** Scales to zero, then deletes. A missing or already inactive service is success. */
  deleteService(name: string): Promise<void>;
}

export interface HealthCheck {
  protocol?: string;
  port?: string;
  path?: string;
  matcher?: string;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
}

export type TargetType = 'ip' | 'instance';
export interface TargetGroupSnapshot {
  arn: string;
  name: string;
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  targetType: string;
  healthCheck: HealthCheck;
  loadBalancerArns: string[];
  tags: Tags;
}

export interface TargetGroupSpec {
  name: string;
  protocol: string;
  protocolVersion?: string;
  port: number;
  vpcId: string;
  targetType: TargetType;
  healthCheck: HealthCheck;
  deregistrationDelaySeconds: number;
  tags: Tags;
}

export interface ListenerRule {
  arn: string;
  priority: number | 'default';
  hostHeaders: string[];
  targetGroupArns: string[];
  tags: Tags;
}

export interface RuleSpec {
  listenerArn: string;
  priority: number;
  hostHeader: string;
  targetGroupArn: string;
  tags: Tags;
}

export interface LoadBalancerAlias {
  loadBalancerArn: string;
  dnsName: string;
  canonicalHostedZoneId: string;
}

export interface TargetHealth {
  id: string;
  port?: number;
  state: string;
  reason?: string;
  description?: string;
}

/** ELBv2: target groups and listener rules. */
export interface TrafficRouter {
  /** The load balancer a listener belongs to, as an alias target for DNS. */
  describeListener(listenerArn: string): Promise<LoadBalancerAlias>;
  /** With tags unless `tags: false` (then `tags` is empty: one call less). Throws NotFoundError. */
  describeTargetGroup(arn: string, options?: { tags?: boolean }): Promise<TargetGroupSnapshot>;
  /** Exact name; with tags. */
  findTargetGroup(name: string): Promise<TargetGroupSnapshot | undefined>;
  /** Every target group whose name starts with `namePrefix` (a narrowing only: ownership is decided by tags), with tags. */
  listTargetGroups(namePrefix: string): Promise<TargetGroupSnapshot[]>;
  /** Throws TargetGroupNameTakenError when the name is used with other settings. No attributes are set (below). */
  createTargetGroup(spec: TargetGroupSpec): Promise<TargetGroupSnapshot>;
  setDeregistrationDelay(arn: string, seconds: number): Promise<void>;
  deleteTargetGroup(arn: string): Promise<void>;
  /**
   * Every rule of the listener (the default one included), with tags; with `host`, only the rules routing that host
   * (case-insensitively) carry their tags, the others come with none (fewer calls).
   */
  /** `tags: false` leaves every rule's tags empty (one DescribeRules per 400 rules, no DescribeTags). */
  listRules(listenerArn: string, options?: { host?: string; tags?: boolean }): Promise<ListenerRule[]>;
  /** Throws PriorityTakenError when the priority is in use. */
  createRule(spec: RuleSpec): Promise<ListenerRule>;
  deleteRule(arn: string): Promise<void>;
  /** Throws NotFoundError when the target group does not exist. */
  targetHealth(targetGroupArn: string): Promise<TargetHealth[]>;
}

export interface CloudCall {
  service: string;
  command: string;
  ok: boolean;
  ms: number;
}

/** Records which cloud calls one piece of work made (for reports and logs). */
export interface CallLog {
  capture<T>(work: () => Promise<T>): Promise<{ value: T; calls: CloudCall[] }>;
}

export interface Clock {
  now(): Date;
}

export interface Cloud {
  services: ServiceFleet;
  router: TrafficRouter;
  dns: DnsRecords;
  locks: LeaseLocks;
  counts: EnvironmentCounts;
  callLog?: CallLog;
}
