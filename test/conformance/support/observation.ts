import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';

export type TagMap = Record<string, string>;

export interface ServiceObservation {
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  launchType?: string;
  capacityProviderStrategy?: unknown[];
  platformVersion?: string;
  network?: { subnets: string[]; securityGroups: string[]; assignPublicIp?: string };
  loadBalancers: Array<{ targetGroup: string; container?: string; port?: number }>;
  healthCheckGracePeriodSeconds?: number;
  /** The whole `deploymentConfiguration` (percentages, circuit breaker, alarms) as DescribeServices returns it. */
  deploymentConfiguration?: DeploymentConfiguration;
  deploymentController?: string;
  schedulingStrategy?: string;
  propagateTags?: string;
  enableECSManagedTags?: boolean;
  enableExecuteCommand?: boolean;
  tags: TagMap;
}

/**
 * A task definition as DescribeTaskDefinition returns it, whole (roles, cpu/memory, volumes, every container
 * definition with every field), less what ECS sets (ARN, revision, status, registration times and who registered it).
 */
export interface TaskDefinitionObservation {
  networkMode?: string;
  requiresCompatibilities: string[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  /** Container definitions by name, each whole (`name` included). */
  containers: Record<string, ContainerObservation>;
  /** Every other top-level field ECS returned and did not set itself (volumes, runtimePlatform, …). */
  [field: string]: unknown;
  tags: TagMap;
}

/** A container definition, every field as DescribeTaskDefinition returned it. */
export interface ContainerObservation {
  name: string;
  image?: string;
  essential?: boolean;
  environment?: Array<{ name?: string; value?: string }>;
  portMappings?: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

export interface TargetGroupObservation {
  protocol?: string;
  port?: number;
  vpc?: string;
  targetType?: string;
  healthCheck: Record<string, unknown>;
  deregistrationDelaySeconds?: string;
  loadBalancers: string[];
  tags: TagMap;
}

export interface RuleObservation {
  /** Every host-header value (a summary of `conditions`, for assertions). */
  hosts: string[];
  /** Every target group the actions forward to (a summary of `actions`, for assertions). */
  forwardTo: string[];
  /** The conditions, whole. */
  conditions: unknown[];
  /** The actions, whole, in their order. */
  actions: unknown[];
  tags: TagMap;
}

export interface RecordObservation {
  ttl?: number;
  values?: string[];
  alias?: { dnsName: string; hostedZoneId: string; evaluateTargetHealth?: boolean };
}

/** Everything devenv could have touched, read with plain SDK calls and normalised (see Normaliser). */
export interface CloudObservation {
  /** Services that are not INACTIVE, by name. */
  services: Record<string, ServiceObservation>;
  /** ACTIVE task definition revisions, by `family:revision`. */
  taskDefinitions: Record<string, TaskDefinitionObservation>;
  targetGroups: Record<string, TargetGroupObservation>;
  /** Listener rules by priority (`default` for the default rule). */
  rules: Record<string, RuleObservation>;
  /** Record sets by `name TYPE` (no trailing dot); a list, since an emulator may hold duplicates. */
  records: Record<string, RecordObservation[]>;
}
