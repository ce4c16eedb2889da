import {
  ClientException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
  TagResourceCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type DescribeServicesCommandInput,
  type DescribeTaskDefinitionCommandInput,
  type ListTaskDefinitionsCommandInput,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Tag as EcsTag,
  type TaskDefinition,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  RuleNotFoundException,
  TargetGroupNotFoundException,
  type CreateRuleCommandInput,
  type CreateTargetGroupCommandInput,
  type DescribeTagsCommandInput,
  type DescribeTargetGroupsCommandInput,
  type ModifyTargetGroupAttributesCommandInput,
  type Rule,
  type Tag as ElbTag,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createAwsCloud } from '../../../../src/aws/clients.js';
import { Engine } from '../../../../src/core/engine.js';
import type { LockTiming } from '../../../../src/core/environment-lock.js';
import {
  ALB_DNS_NAME,
  ALB_ZONE_ID,
  batchService,
  batchTaskDefinition,
  CLUSTER,
  CLUSTER_ARN,
  CONFIG,
  defaultRule,
  FIXED_ID,
  HOSTED_ZONE_ID,
  hostRule,
  legacyService,
  legacyTargetGroup,
  legacyTaskDefinition,
  LISTENER_ARN,
  LOAD_BALANCER_ARN,
  NEW_RULE_ID,
  NEW_TARGET_GROUP_ID,
  NOW,
  REGION,
  ruleArn,
  serviceArn,
  targetGroupArn,
  taskDefinitionArn,
  VPC_ID,
  WEB_TARGET_GROUP_ARN,
  webService,
  webTargetGroup,
  webTaskDefinition,
  zoneApexRecords,
} from './fixtures.js';

export interface Mocks {
  ecs: AwsClientStub<ECSClient>;
  elb: AwsClientStub<ElasticLoadBalancingV2Client>;
  route53: AwsClientStub<Route53Client>;
}

/**
 * What the mocked AWS account holds. The read commands answer from it, the creates add to it (so a later read sees
 * what an earlier create made, as in AWS); deletes only answer, since no test reads after deleting.
 */
export interface Account {
  services: Service[];
  taskDefinitions: Array<{ taskDefinition: TaskDefinition; tags: EcsTag[] }>;
  targetGroups: Array<{ group: TargetGroup; tags: ElbTag[] }>;
  rules: Array<{ rule: Rule; tags: ElbTag[] }>;
  recordSets: ResourceRecordSet[];
}

/** The three baselines, their target groups, the listener's default rule and web's own rule, the zone apex. */
export function baselineAccount(): Account {
  return {
    services: [webService(), legacyService(), batchService()],
    taskDefinitions: [webTaskDefinition(), legacyTaskDefinition(), batchTaskDefinition()].map((taskDefinition) => ({ taskDefinition, tags: [] })),
    targetGroups: [
      { group: webTargetGroup(), tags: [{ Key: 'team', Value: 'web' }] },
      { group: legacyTargetGroup(), tags: [] },
    ],
    rules: [
      { rule: defaultRule(), tags: [] },
      { rule: hostRule('0b1b7e1a5e2d3c4f', 10, 'web.dev.example.com', WEB_TARGET_GROUP_ARN), tags: [] },
    ],
    recordSets: zoneApexRecords(),
  };
}

/** The lock table's name in these tests. */
export const LOCK_TABLE = 'devenv-locks';

/**
 * The engine under test: the real adapters over the mocked clients, a frozen clock, a fixed id, no real backoff. The lock
 * table's client is mocked here unless given: every conditional write then succeeds, as on a free lock.
 */
export function newEngine(dynamodb?: DynamoDBClient, lockTiming?: Partial<LockTiming>): Engine {
  const clients = {
    ecs: new ECSClient({ region: REGION }),
    elb: new ElasticLoadBalancingV2Client({ region: REGION }),
    route53: new Route53Client({ region: REGION }),
    dynamodb: dynamodb ?? freeLockClient(),
  };
  const cloud = createAwsCloud(clients, { cluster: CLUSTER, hostedZoneId: HOSTED_ZONE_ID, lockTable: LOCK_TABLE, retry: { sleep: async () => {} } });
  return new Engine({ config: CONFIG, cloud, clock: { now: () => NOW }, newId: () => FIXED_ID, ...(lockTiming ? { lockTiming } : {}) });
}

function freeLockClient(): DynamoDBClient {
  const client = new DynamoDBClient({ region: REGION });
  mockClient(client).resolves({});
  return client;
}

/** Every command the three clients received, in the order they were sent (across clients). */
export function commandLog({ ecs, elb, route53 }: Mocks): Array<{ command: string; input: Record<string, unknown> }> {
  const calls = [...ecs.calls(), ...elb.calls(), ...route53.calls()];
  calls.sort((a, b) => (a.calledBefore(b) ? -1 : b.calledBefore(a) ? 1 : 0));
  return calls.map((call) => ({
    command: call.args[0].constructor.name.replace(/Command$/, ''),
    input: call.args[0].input as Record<string, unknown>,
  }));
}

/** Positions of a command in the log (optionally only the calls whose input passes `where`). */
export function positionsOf(log: ReturnType<typeof commandLog>, command: string, where: (input: Record<string, unknown>) => boolean = () => true): number[] {
  return log.flatMap((entry, index) => (entry.command === command && where(entry.input) ? [index] : []));
}

export function serveAccount(mocks: Mocks, account: Account): void {
  serveEcs(mocks.ecs, account);
  serveElb(mocks.elb, account);
  serveRoute53(mocks.route53, account);
}

const metadata = { httpStatusCode: 400, requestId: 'c0ffee00-0000-4000-8000-000000000000' };

function serveEcs(ecs: Mocks['ecs'], account: Account): void {
  const findService = (ref: string | undefined) => account.services.find((service) => service.serviceName === ref || service.serviceArn === ref);
  const findTaskDefinition = (ref: string | undefined) =>
    account.taskDefinitions.find(({ taskDefinition }) => [taskDefinition.taskDefinitionArn, `${taskDefinition.family}:${taskDefinition.revision}`].includes(ref));
  const serviceNotFound = () => new ServiceNotFoundException({ message: 'Service not found.', $metadata: metadata });

  ecs.on(ListServicesCommand).callsFake(async () => ({
    serviceArns: account.services.filter((service) => service.status !== 'INACTIVE').map((service) => service.serviceArn!),
  }));
  ecs.on(DescribeServicesCommand).callsFake(async (input: DescribeServicesCommandInput) => {
    const names = input.services ?? [];
    return {
      services: names.flatMap((name) => findService(name) ?? []),
      failures: names.filter((name) => !findService(name)).map((name) => ({ arn: serviceArn(name), reason: 'MISSING' })),
    };
  });
  ecs.on(DescribeTaskDefinitionCommand).callsFake(async (input: DescribeTaskDefinitionCommandInput) => {
    const found = findTaskDefinition(input.taskDefinition);
    if (!found) throw new ClientException({ message: 'Unable to describe task definition.', $metadata: metadata });
    return { taskDefinition: found.taskDefinition, tags: found.tags };
  });
  ecs.on(ListTaskDefinitionsCommand).callsFake(async (input: ListTaskDefinitionsCommandInput) => ({
    taskDefinitionArns: account.taskDefinitions
      .map(({ taskDefinition }) => taskDefinition)
      .filter((taskDefinition) => taskDefinition.status === 'ACTIVE' && taskDefinition.family!.startsWith(input.familyPrefix ?? ''))
      .map((taskDefinition) => taskDefinition.taskDefinitionArn!),
  }));
  ecs.on(RegisterTaskDefinitionCommand).callsFake(async ({ tags = [], ...input }: RegisterTaskDefinitionCommandInput) => {
    const revisions = account.taskDefinitions.filter(({ taskDefinition }) => taskDefinition.family === input.family);
    const revision = Math.max(0, ...revisions.map(({ taskDefinition }) => taskDefinition.revision!)) + 1;
    const taskDefinition: TaskDefinition = {
      ...input,
      taskDefinitionArn: taskDefinitionArn(input.family!, revision),
      revision,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: NOW,
      registeredBy: 'arn:aws:sts::123456789012:assumed-role/devenv/engine',
    };
    account.taskDefinitions.push({ taskDefinition, tags });
    return { taskDefinition, tags };
  });
  ecs.on(DeregisterTaskDefinitionCommand).callsFake(async ({ taskDefinition: ref }: { taskDefinition: string }) => {
    const found = findTaskDefinition(ref);
    if (!found) throw new ClientException({ message: 'Unable to describe task definition.', $metadata: metadata });
    return { taskDefinition: { ...found.taskDefinition, status: 'INACTIVE', deregisteredAt: NOW } };
  });
  ecs.on(CreateServiceCommand).callsFake(async (input: CreateServiceCommandInput) => {
    const { serviceName, taskDefinition, desiredCount = 0 } = input;
    const service: Service = {
      serviceName,
      serviceArn: serviceArn(serviceName!),
      clusterArn: CLUSTER_ARN,
      status: 'ACTIVE',
      taskDefinition,
      desiredCount,
      runningCount: 0,
      pendingCount: 0,
      ...(input.launchType ? { launchType: input.launchType } : {}),
      ...(input.capacityProviderStrategy ? { capacityProviderStrategy: input.capacityProviderStrategy } : {}),
      ...(input.platformVersion ? { platformVersion: input.platformVersion } : {}),
      ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
      loadBalancers: input.loadBalancers ?? [],
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      deploymentConfiguration: input.deploymentConfiguration,
      deployments: [
        {
          id: 'ecs-svc/9876543210987654321',
          status: 'PRIMARY',
          taskDefinition,
          desiredCount,
          runningCount: 0,
          pendingCount: 0,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment ecs-svc/9876543210987654321 in progress.',
          createdAt: NOW,
        },
      ],
      events: [],
      schedulingStrategy: 'REPLICA',
      propagateTags: input.propagateTags,
      enableECSManagedTags: input.enableECSManagedTags,
      tags: input.tags,
      createdAt: NOW,
    };
    account.services.push(service);
    return { service };
  });
  ecs.on(UpdateServiceCommand).callsFake(async (input: UpdateServiceCommandInput) => {
    const service = findService(input.service);
    if (!service || service.status !== 'ACTIVE') throw serviceNotFound();
    if (input.taskDefinition) service.taskDefinition = input.taskDefinition;
    if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
    return { service };
  });
  ecs.on(DeleteServiceCommand).callsFake(async (input: { service: string }) => {
    const service = findService(input.service);
    if (!service || service.status !== 'ACTIVE') throw serviceNotFound();
    return { service: { ...service, status: 'DRAINING' } };
  });
  ecs.on(TagResourceCommand).resolves({});
}

function serveElb(elb: Mocks['elb'], account: Account): void {
  elb.on(DescribeListenersCommand).resolves({
    Listeners: [{ ListenerArn: LISTENER_ARN, LoadBalancerArn: LOAD_BALANCER_ARN, Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }],
  });
  elb.on(DescribeLoadBalancersCommand).resolves({
    LoadBalancers: [
      {
        LoadBalancerArn: LOAD_BALANCER_ARN,
        LoadBalancerName: 'dev-alb',
        DNSName: ALB_DNS_NAME,
        CanonicalHostedZoneId: ALB_ZONE_ID,
        Scheme: 'internet-facing',
        VpcId: VPC_ID,
        State: { Code: 'active' },
        Type: 'application',
        IpAddressType: 'ipv4',
      },
    ],
  });
  const targetGroupNotFound = () => new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: metadata });
  elb.on(DescribeTargetGroupsCommand).callsFake(async (input: DescribeTargetGroupsCommandInput) => {
    const groups = account.targetGroups.map(({ group }) => group);
    if (!input.Names && !input.TargetGroupArns) return { TargetGroups: groups };
    const found = groups.filter((group) => input.Names?.includes(group.TargetGroupName!) || input.TargetGroupArns?.includes(group.TargetGroupArn!));
    if (found.length === 0) throw targetGroupNotFound();
    return { TargetGroups: found };
  });
  elb.on(DescribeTagsCommand).callsFake(async (input: DescribeTagsCommandInput) => ({
    TagDescriptions: (input.ResourceArns ?? []).map((arn) => {
      const tagged =
        account.targetGroups.find(({ group }) => group.TargetGroupArn === arn) ?? account.rules.find(({ rule }) => rule.RuleArn === arn);
      if (!tagged) {
        throw arn.includes(':targetgroup/')
          ? targetGroupNotFound()
          : new RuleNotFoundException({ message: 'One or more rules not found', $metadata: metadata });
      }
      return { ResourceArn: arn, Tags: tagged.tags };
    }),
  }));
  elb.on(DescribeRulesCommand).callsFake(async () => ({ Rules: account.rules.map(({ rule }) => rule) }));
  elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
  elb.on(CreateTargetGroupCommand).callsFake(async ({ Tags = [], Matcher, ...input }: CreateTargetGroupCommandInput) => {
    const group: TargetGroup = {
      TargetGroupArn: targetGroupArn(input.Name!, NEW_TARGET_GROUP_ID),
      TargetGroupName: input.Name,
      Protocol: input.Protocol,
      ProtocolVersion: input.ProtocolVersion ?? 'HTTP1',
      Port: input.Port,
      VpcId: input.VpcId,
      HealthCheckProtocol: input.HealthCheckProtocol ?? input.Protocol,
      HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds,
      HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: input.HealthyThresholdCount,
      UnhealthyThresholdCount: input.UnhealthyThresholdCount,
      HealthCheckPath: input.HealthCheckPath,
      Matcher,
      LoadBalancerArns: [],
      TargetType: input.TargetType,
      IpAddressType: 'ipv4',
    };
    account.targetGroups.push({ group, tags: Tags });
    return { TargetGroups: [group] };
  });
  elb.on(ModifyTargetGroupAttributesCommand).callsFake(async (input: ModifyTargetGroupAttributesCommandInput) => ({
    Attributes: [...(input.Attributes ?? []), { Key: 'stickiness.enabled', Value: 'false' }, { Key: 'load_balancing.algorithm.type', Value: 'round_robin' }],
  }));
  elb.on(CreateRuleCommand).callsFake(answerCreateRule(account));
  elb.on(DeleteRuleCommand).resolves({});
  elb.on(DeleteTargetGroupCommand).resolves({});
}

/** CreateRule as ELBv2 answers it (tests that override CreateRule once fall back to this). */
export function answerCreateRule(account: Account): (input: CreateRuleCommandInput) => Promise<{ Rules: Rule[] }> {
  return async ({ Tags = [], ...input }) => {
    const rule: Rule = {
      RuleArn: ruleArn(NEW_RULE_ID),
      Priority: String(input.Priority),
      IsDefault: false,
      Conditions: (input.Conditions ?? []).map((condition) => ({ ...condition, Values: condition.HostHeaderConfig?.Values ?? [] })),
      Actions: (input.Actions ?? []).map((action) => ({ ...action, Order: 1 })),
    };
    account.rules.push({ rule, tags: Tags });
    return { Rules: [rule] };
  };
}

/** Route 53's listing order: by name with its labels reversed (`com.example.dev.pr-1`), then by type. */
const sortKey = (name: string, type = '') => `${name.toLowerCase().replace(/\.$/, '').split('.').reverse().join('.')} ${type}`;
const keyOf = (set: ResourceRecordSet) => sortKey(set.Name ?? '', set.Type);

function serveRoute53(route53: Mocks['route53'], account: Account): void {
  route53.on(ListResourceRecordSetsCommand).callsFake(async (input: ListResourceRecordSetsCommandInput) => {
    const sorted = [...account.recordSets].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    const start = input.StartRecordName ? sortKey(input.StartRecordName, input.StartRecordType) : '';
    const from = sorted.filter((set) => keyOf(set) >= start);
    const page = from.slice(0, input.MaxItems ?? 300);
    const next = from[page.length];
    return {
      ResourceRecordSets: page,
      IsTruncated: next !== undefined,
      MaxItems: input.MaxItems ?? 300,
      ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}),
    };
  });
  route53.on(ChangeResourceRecordSetsCommand).resolves({
    ChangeInfo: { Id: '/change/C2682N5HXP0BZ4', Status: 'PENDING', SubmittedAt: NOW },
  });
}
