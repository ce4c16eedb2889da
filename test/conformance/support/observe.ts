import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type DeploymentConfiguration,
  type ListTaskDefinitionsCommandOutput,
  type Service,
} from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type DescribeRulesCommandOutput,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand, type ResourceRecordSet, type RRType } from '@aws-sdk/client-route-53';
import { READ_ONLY_FIELDS } from '../../../src/aws/register-input.js';
import { environmentNames } from '../../../src/core/names.js';
import { BASELINE } from './baseline.js';
import type { Backend } from './backends.js';
import { Normaliser } from './normalise.js';

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

/**
 * Reads the whole state of a backend. Services are found by ListServices *and* by describing every service slot of
 * `environments`, so DRAINING services (which AWS leaves out of ListServices) are seen too.
 */
export async function observeCloud(backend: Backend, { environments = [] }: { environments?: readonly string[] } = {}): Promise<CloudObservation> {
  const normaliser = new Normaliser(backend.ids);
  const [services, taskDefinitions, targetGroups, rules, records] = await Promise.all([
    observeServices(backend, environments),
    observeTaskDefinitions(backend),
    observeTargetGroups(backend),
    observeRules(backend, normaliser),
    observeRecords(backend),
  ]);
  return normaliser.value({ services, taskDefinitions, targetGroups, rules, records });
}

async function observeServices(backend: Backend, environments: readonly string[]): Promise<Record<string, ServiceObservation>> {
  const { ecs } = backend.sdk;
  const config = backend.config();
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster: BASELINE.cluster, maxResults: 100, nextToken }));
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const slots = environments.flatMap((name) => environmentNames(config.instance, name, config.baseDomain).serviceSlots);
  const references = [...new Set([...arns, ...slots])];
  const found: Service[] = [];
  for (let index = 0; index < references.length; index += 10) {
    const page = await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: references.slice(index, index + 10), include: ['TAGS'] }));
    found.push(...(page.services ?? []));
  }
  const entries = found
    .filter((service) => service.status !== 'INACTIVE')
    .map((service): [string, ServiceObservation] => {
      const vpc = service.networkConfiguration?.awsvpcConfiguration;
      return [
        service.serviceName!,
        compact({
          status: service.status!,
          taskDefinition: service.taskDefinition!,
          desiredCount: service.desiredCount ?? 0,
          runningCount: service.runningCount ?? 0,
          launchType: service.launchType,
          capacityProviderStrategy: service.capacityProviderStrategy?.map((item) => defined(item)),
          platformVersion: service.platformVersion,
          network: vpc ? compact({ subnets: vpc.subnets ?? [], securityGroups: vpc.securityGroups ?? [], assignPublicIp: vpc.assignPublicIp }) : undefined,
          loadBalancers: (service.loadBalancers ?? []).map((link) => compact({ targetGroup: link.targetGroupArn!, container: link.containerName, port: link.containerPort })),
          healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
          deploymentConfiguration: service.deploymentConfiguration ? defined(service.deploymentConfiguration) : undefined,
          deploymentController: service.deploymentController?.type,
          schedulingStrategy: service.schedulingStrategy,
          propagateTags: service.propagateTags,
          enableECSManagedTags: service.enableECSManagedTags,
          enableExecuteCommand: service.enableExecuteCommand,
          tags: Object.fromEntries((service.tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
        }),
      ];
    });
  return sortedRecord(entries);
}

/**
 * Fields of a described task definition that ECS sets (what RegisterTaskDefinition refuses, and the family the
 * observation is keyed by): no registration could copy them, so they are not compared.
 */
const SET_BY_ECS: ReadonlySet<string> = new Set([...READ_ONLY_FIELDS, 'family']);

async function observeTaskDefinitions(backend: Backend): Promise<Record<string, TaskDefinitionObservation>> {
  const { ecs } = backend.sdk;
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page: ListTaskDefinitionsCommandOutput = await ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: 100, nextToken }));
    arns.push(...(page.taskDefinitionArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const entries = await Promise.all(
    arns.map(async (arn): Promise<[string, TaskDefinitionObservation]> => {
      const { taskDefinition, tags } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
      const { containerDefinitions = [], requiresCompatibilities = [], ...rest } = taskDefinition!;
      const { family, revision } = taskDefinition!;
      const fields = Object.fromEntries(Object.entries(rest).filter(([field]) => !SET_BY_ECS.has(field)));
      return [
        `${family}:${revision}`,
        defined({
          ...fields,
          requiresCompatibilities,
          containers: Object.fromEntries(containerDefinitions.map((container) => [container.name!, defined(container) as ContainerObservation])),
          tags: Object.fromEntries((tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
        }) as TaskDefinitionObservation,
      ];
    }),
  );
  return sortedRecord(entries);
}

async function observeTargetGroups(backend: Backend): Promise<Record<string, TargetGroupObservation>> {
  const { elb } = backend.sdk;
  const groups: TargetGroup[] = [];
  let marker: string | undefined;
  do {
    const page = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 400, Marker: marker }));
    groups.push(...(page.TargetGroups ?? []));
    marker = page.NextMarker;
  } while (marker);
  const tags = await tagsOf(backend, groups.map((group) => group.TargetGroupArn!));
  const entries = await Promise.all(
    groups.map(async (group): Promise<[string, TargetGroupObservation]> => {
      const { Attributes } = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.TargetGroupArn! }));
      return [
        group.TargetGroupName!,
        compact({
          protocol: group.Protocol,
          port: group.Port,
          vpc: group.VpcId,
          targetType: group.TargetType,
          healthCheck: compact({
            enabled: group.HealthCheckEnabled,
            protocol: group.HealthCheckProtocol,
            port: group.HealthCheckPort,
            path: group.HealthCheckPath,
            matcher: group.Matcher?.HttpCode ?? group.Matcher?.GrpcCode,
            intervalSeconds: group.HealthCheckIntervalSeconds,
            timeoutSeconds: group.HealthCheckTimeoutSeconds,
            healthyThreshold: group.HealthyThresholdCount,
            unhealthyThreshold: group.UnhealthyThresholdCount,
          }),
          deregistrationDelaySeconds: Attributes?.find((attribute) => attribute.Key === 'deregistration_delay.timeout_seconds')?.Value,
          loadBalancers: group.LoadBalancerArns ?? [],
          tags: tags.get(group.TargetGroupArn!) ?? {},
        }),
      ];
    }),
  );
  return sortedRecord(entries);
}

async function observeRules(backend: Backend, normaliser: Normaliser): Promise<Record<string, RuleObservation>> {
  const { elb } = backend.sdk;
  const rules: NonNullable<DescribeRulesCommandOutput['Rules']> = [];
  let marker: string | undefined;
  do {
    const page: DescribeRulesCommandOutput = await elb.send(new DescribeRulesCommand({ ListenerArn: backend.ids.listenerArn, PageSize: 400, Marker: marker }));
    rules.push(...(page.Rules ?? []));
    marker = page.NextMarker;
  } while (marker);
  const tags = await tagsOf(backend, rules.filter((rule) => !rule.IsDefault).map((rule) => rule.RuleArn!));
  const entries = rules.map((rule): [string, RuleObservation] => {
    const priority = rule.IsDefault ? 'default' : rule.Priority!;
    normaliser.nameRule(rule.RuleArn!, priority);
    return [
      priority,
      {
        hosts: (rule.Conditions ?? [])
          .filter((condition) => condition.Field === 'host-header')
          .flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []),
        forwardTo: (rule.Actions ?? []).flatMap((action) => [
          ...(action.TargetGroupArn ? [action.TargetGroupArn] : []),
          ...(action.TargetGroupArn ? [] : (action.ForwardConfig?.TargetGroups ?? []).map((tuple) => tuple.TargetGroupArn!)),
        ]),
        conditions: (rule.Conditions ?? []).map((condition) => defined(condition)),
        actions: (rule.Actions ?? []).map((action) => defined(action)),
        tags: tags.get(rule.RuleArn!) ?? {},
      },
    ];
  });
  return sortedRecord(entries);
}

async function observeRecords(backend: Backend): Promise<Record<string, RecordObservation[]>> {
  const sets: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: RRType } = {};
  for (;;) {
    const page = await backend.sdk.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: backend.ids.hostedZoneId, MaxItems: 100, ...start }));
    sets.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) break;
    start = { StartRecordName: page.NextRecordName!, StartRecordType: page.NextRecordType! };
  }
  const records: Record<string, RecordObservation[]> = {};
  for (const set of sets) {
    const key = `${set.Name!.replace(/\.$/, '').toLowerCase()} ${set.Type}`;
    // The zone's own NS and SOA records hold name servers each backend invents.
    const zoneDefault = set.Type === 'NS' || set.Type === 'SOA';
    const observation: RecordObservation = compact({
      ttl: set.TTL,
      values: zoneDefault ? ['<zone default>'] : set.ResourceRecords?.map((record) => record.Value!),
      alias: set.AliasTarget
        ? { dnsName: set.AliasTarget.DNSName!.toLowerCase(), hostedZoneId: set.AliasTarget.HostedZoneId!, evaluateTargetHealth: set.AliasTarget.EvaluateTargetHealth }
        : undefined,
    });
    (records[key] ??= []).push(observation);
  }
  return sortedRecord(Object.entries(records));
}

async function tagsOf(backend: Backend, arns: string[]): Promise<Map<string, TagMap>> {
  const tags = new Map<string, TagMap>();
  for (let index = 0; index < arns.length; index += 20) {
    const { TagDescriptions } = await backend.sdk.elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(index, index + 20) }));
    for (const description of TagDescriptions ?? []) {
      tags.set(description.ResourceArn!, Object.fromEntries((description.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])));
    }
  }
  return tags;
}

/** The object without its undefined fields, so "absent" and "undefined" compare equal. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** The value without undefined fields at any depth: "absent" and "undefined" compare equal. */
export function defined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => defined(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (item === undefined ? [] : [[key, defined(item)]]))) as T;
  }
  return value;
}

function sortedRecord<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}
