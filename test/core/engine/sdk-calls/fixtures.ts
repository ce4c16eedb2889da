import type { Service, Tag as EcsTag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Rule, Tag as ElbTag, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { parseConfig } from '../../../../src/core/config.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const CLUSTER = 'dev';
export const CLUSTER_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`;
/**
 * The `devenv:managed-by` value of the engine under test (its installation identity: CONFIG's `instance` label and the
 * hash of its cluster, listener, zone and base domain), and of another installation sharing the account.
 */
export const INSTANCE = 'devenv-48ecc342e5';
export const OTHER_INSTANCE = 'devenv-staging';
export const BASE_DOMAIN = 'dev.example.com';
export const HOSTED_ZONE_ID = 'Z0123456789ABCDEFGHIJ';
export const VPC_ID = 'vpc-0a1b2c3d4e5f67890';

export const NOW = new Date('2026-11-25T10:00:00.000Z');
/** Longer than ECS's 36-character client token on purpose: the engine must cut it. */
export const FIXED_ID = 'fixed-id-7f3c9a2e-1b4d-4e8f-9a6c-5d2e1f0b3a47';
export const OWNER = 'github:acme/web@octocat';

export const LOAD_BALANCER_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/dev-alb/50dc6c495c0c9188`;
export const LISTENER_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`;
export const ALB_DNS_NAME = 'dev-alb-1234567890.us-east-1.elb.amazonaws.com';
/** The CanonicalHostedZoneId of Application Load Balancers in us-east-1 (not the zone devenv writes to). */
export const ALB_ZONE_ID = 'Z35SXDOTRQ7X7K';

export const serviceArn = (name: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${name}`;
export const taskDefinitionArn = (family: string, revision: number): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;
export const targetGroupArn = (name: string, id: string): string =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/${id}`;
export const ruleArn = (id: string): string =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/${id}`;

/** What the fake account answers to the creates (ELBv2 and ECS make these up; the engine must use what comes back). */
export const NEW_TARGET_GROUP_ID = '6d0ecf831eec9f09';
export const NEW_RULE_ID = '9683b2d02a6cabee';

export const WEB_TARGET_GROUP_ARN = targetGroupArn('web', '73e2d6bc24d8a067');
export const LEGACY_TARGET_GROUP_ARN = targetGroupArn('legacy', '0467ef3c8400ae65');
export const WEB_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:main`;
export const FLUENT_BIT_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable';
export const LEGACY_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/legacy:2024.11`;
export const BATCH_IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/batch:main`;
export const TASK_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/web-task`;
export const EXECUTION_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
export const DB_SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf`;

/** Three apps: `web` (Fargate, awsvpc), `legacy` (EC2 capacity provider, bridge), `batch` (EC2, network mode none). */
export const CONFIG = parseConfig({
  instance: 'devenv',
  cluster: CLUSTER,
  listenerArn: LISTENER_ARN,
  hostedZoneId: HOSTED_ZONE_ID,
  baseDomain: BASE_DOMAIN,
  apps: { web: { service: 'web' }, legacy: { service: 'legacy' }, batch: { service: 'batch' } },
});

/** An ISO time `minutes` from NOW (negative: in the past). */
export const minutesFromNow = (minutes: number): string => new Date(NOW.getTime() + minutes * 60_000).toISOString();

export function devenvTags(env: string, app: string, createdAt: string, instance = INSTANCE): Record<string, string> {
  return { 'devenv:managed-by': instance, 'devenv:environment': env, 'devenv:app': app, 'devenv:created-at': createdAt };
}

export const ecsTags = (tags: Record<string, string>): EcsTag[] => Object.entries(tags).map(([key, value]) => ({ key, value }));
export const elbTags = (tags: Record<string, string>): ElbTag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The TXT ownership value devenv writes, unquoted. */
export function ownershipValue(env: string, app: string, createdAt: string, { instance = INSTANCE, claim = FIXED_ID } = {}): string {
  return `heritage=devenv,managed-by=${instance},environment=${env},app=${app},created-at=${createdAt},claim=${claim}`;
}

/** The ownership TXT value devenv writes now (format 2: short keys, created-at in Unix seconds); the one above is format 1, still read. */
export function writtenOwnershipValue(env: string, app: string, createdAt: string, { instance = INSTANCE, claim = FIXED_ID } = {}): string {
  return `devenv=2,m=${instance},e=${env},a=${app},t=${new Date(createdAt).getTime() / 1000},c=${claim}`;
}

/** The `web` baseline: Fargate, awsvpc, behind the ALB, registered in Cloud Map. */
export function webService(): Service {
  return {
    serviceName: 'web',
    serviceArn: serviceArn('web'),
    clusterArn: CLUSTER_ARN,
    status: 'ACTIVE',
    taskDefinition: taskDefinitionArn('web', 7),
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    platformFamily: 'Linux',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-0aa11', 'subnet-0bb22'], securityGroups: ['sg-0web'], assignPublicIp: 'DISABLED' },
    },
    enableExecuteCommand: true,
    loadBalancers: [{ targetGroupArn: WEB_TARGET_GROUP_ARN, containerName: 'web', containerPort: 8080 }],
    serviceRegistries: [{ registryArn: `arn:aws:servicediscovery:${REGION}:${ACCOUNT}:service/srv-web0123456789` }],
    healthCheckGracePeriodSeconds: 60,
    schedulingStrategy: 'REPLICA',
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, maximumPercent: 200, minimumHealthyPercent: 100 },
    deployments: [
      {
        id: 'ecs-svc/1234567890123456789',
        status: 'PRIMARY',
        taskDefinition: taskDefinitionArn('web', 7),
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0,
        rolloutState: 'COMPLETED',
        createdAt: new Date('2026-11-20T09:00:00.000Z'),
      },
    ],
    events: [{ id: 'e1', createdAt: new Date('2026-11-20T09:05:00.000Z'), message: '(service web) has reached a steady state.' }],
    propagateTags: 'NONE',
    tags: [{ key: 'team', value: 'web' }],
    createdAt: new Date('2026-11-20T09:00:00.000Z'),
  };
}

/** The `web` baseline's revision as DescribeTaskDefinition returns it, read-only fields included. */
export function webTaskDefinition(): TaskDefinition {
  return {
    taskDefinitionArn: taskDefinitionArn('web', 7),
    family: 'web',
    revision: 7,
    status: 'ACTIVE',
    taskRoleArn: TASK_ROLE_ARN,
    executionRoleArn: EXECUTION_ROLE_ARN,
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'web',
        image: WEB_IMAGE,
        cpu: 0,
        essential: true,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
        environment: [{ name: 'LOG_LEVEL', value: 'info' }],
        mountPoints: [],
        volumesFrom: [],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: DB_SECRET_ARN }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'web' } },
        systemControls: [],
      },
      {
        name: 'log-router',
        image: FLUENT_BIT_IMAGE,
        cpu: 0,
        essential: false,
        portMappings: [],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        user: '0',
        firelensConfiguration: { type: 'fluentbit' },
      },
    ],
    volumes: [],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'ecs.capability.task-eni' }, { name: 'com.amazonaws.ecs.capability.ecr-auth' }],
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    registeredAt: new Date('2026-11-01T12:00:00.000Z'),
    registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
  };
}

/** A revision of `web` that devenv registered (or not, without tags) with another image for the `web` container. */
export function webRevision(revision: number, image: string): TaskDefinition {
  const baseline = webTaskDefinition();
  const [web, ...others] = baseline.containerDefinitions ?? [];
  return {
    ...baseline,
    taskDefinitionArn: taskDefinitionArn('web', revision),
    revision,
    containerDefinitions: [{ ...web, image }, ...others],
    registeredAt: NOW,
  };
}

/** The `legacy` baseline: an EC2 capacity provider, bridge network mode, no launch type. */
export function legacyService(): Service {
  return {
    serviceName: 'legacy',
    serviceArn: serviceArn('legacy'),
    clusterArn: CLUSTER_ARN,
    status: 'ACTIVE',
    taskDefinition: taskDefinitionArn('legacy', 3),
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    capacityProviderStrategy: [{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }],
    enableExecuteCommand: false,
    loadBalancers: [{ targetGroupArn: LEGACY_TARGET_GROUP_ARN, containerName: 'api', containerPort: 3000 }],
    placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
    schedulingStrategy: 'REPLICA',
    deployments: [
      { id: 'ecs-svc/2234567890123456789', status: 'PRIMARY', taskDefinition: taskDefinitionArn('legacy', 3), desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' },
    ],
    events: [],
    tags: [],
    createdAt: new Date('2026-10-01T09:00:00.000Z'),
  };
}

export function legacyTaskDefinition(): TaskDefinition {
  return {
    taskDefinitionArn: taskDefinitionArn('legacy', 3),
    family: 'legacy',
    revision: 3,
    status: 'ACTIVE',
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: 'api',
        image: LEGACY_IMAGE,
        cpu: 256,
        memory: 512,
        essential: true,
        portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
      },
    ],
    volumes: [],
    placementConstraints: [],
    compatibilities: ['EXTERNAL', 'EC2'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.ecr-auth' }],
    requiresCompatibilities: ['EC2'],
    registeredAt: new Date('2026-10-01T08:00:00.000Z'),
    registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
  };
}

/** The `batch` baseline: EC2 launch type, network mode none, no load balancer. */
export function batchService(): Service {
  return {
    serviceName: 'batch',
    serviceArn: serviceArn('batch'),
    clusterArn: CLUSTER_ARN,
    status: 'ACTIVE',
    taskDefinition: taskDefinitionArn('batch', 2),
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    launchType: 'EC2',
    enableExecuteCommand: false,
    loadBalancers: [],
    schedulingStrategy: 'REPLICA',
    deployments: [
      { id: 'ecs-svc/3234567890123456789', status: 'PRIMARY', taskDefinition: taskDefinitionArn('batch', 2), desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' },
    ],
    events: [],
    tags: [],
    createdAt: new Date('2026-10-01T09:00:00.000Z'),
  };
}

export function batchTaskDefinition(): TaskDefinition {
  return {
    taskDefinitionArn: taskDefinitionArn('batch', 2),
    family: 'batch',
    revision: 2,
    status: 'ACTIVE',
    networkMode: 'none',
    containerDefinitions: [
      { name: 'job', image: BATCH_IMAGE, cpu: 128, memory: 256, essential: true, portMappings: [], environment: [], mountPoints: [], volumesFrom: [] },
    ],
    compatibilities: ['EXTERNAL', 'EC2'],
    requiresCompatibilities: ['EC2'],
    registeredAt: new Date('2026-10-01T08:00:00.000Z'),
  };
}

/** A target group as DescribeTargetGroups returns it. */
export function targetGroup(name: string, arn: string, overrides: Partial<TargetGroup> = {}): TargetGroup {
  return {
    TargetGroupArn: arn,
    TargetGroupName: name,
    Protocol: 'HTTP',
    ProtocolVersion: 'HTTP1',
    Port: 8080,
    VpcId: VPC_ID,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/healthz',
    Matcher: { HttpCode: '200-399' },
    LoadBalancerArns: [LOAD_BALANCER_ARN],
    TargetType: 'ip',
    IpAddressType: 'ipv4',
    ...overrides,
  };
}

export const webTargetGroup = (): TargetGroup => targetGroup('web', WEB_TARGET_GROUP_ARN);
export const legacyTargetGroup = (): TargetGroup =>
  targetGroup('legacy', LEGACY_TARGET_GROUP_ARN, { Port: 3000, TargetType: 'instance', HealthCheckPath: '/ping', Matcher: { HttpCode: '200' } });

/** A listener rule as DescribeRules returns it: both condition shapes, and the forward action with its ForwardConfig. */
export function hostRule(id: string, priority: number, host: string, forwardTo: string): Rule {
  return {
    RuleArn: ruleArn(id),
    Priority: String(priority),
    IsDefault: false,
    Conditions: [{ Field: 'host-header', Values: [host], HostHeaderConfig: { Values: [host] } }],
    Actions: [
      {
        Type: 'forward',
        TargetGroupArn: forwardTo,
        Order: 1,
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: forwardTo, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
      },
    ],
  };
}

export function defaultRule(): Rule {
  return {
    RuleArn: ruleArn('default0000000000'),
    Priority: 'default',
    IsDefault: true,
    Conditions: [],
    Actions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'no such environment' } }],
  };
}

/** The alias A and ownership TXT record sets at `<env>.<baseDomain>`, as ListResourceRecordSets returns them. */
export function hostRecordSets(env: string, ownership: string, ttl = 60): ResourceRecordSet[] {
  const name = `${env}.${BASE_DOMAIN}.`;
  return [
    { Name: name, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: `${ALB_DNS_NAME}.`, EvaluateTargetHealth: false } },
    { Name: name, Type: 'TXT', TTL: ttl, ResourceRecords: [{ Value: `"${ownership}"` }] },
  ];
}

/** What every zone has, plus a TXT record at the apex that is nobody's ownership record. */
export function zoneApexRecords(): ResourceRecordSet[] {
  const apex = `${BASE_DOMAIN}.`;
  return [
    { Name: apex, Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk.' }, { Value: 'ns-0.awsdns-00.com.' }] },
    {
      Name: apex,
      Type: 'SOA',
      TTL: 900,
      ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }],
    },
    { Name: apex, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 include:_spf.example.com ~all"' }] },
    { Name: `web.${apex}`, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: `${ALB_DNS_NAME}.`, EvaluateTargetHealth: true } },
  ];
}
