import type { Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { RetryOptions } from '../../src/aws/retry.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const CLUSTER = 'dev';

/** Instant backoff for adapter tests: no real waiting, no jitter. */
export const INSTANT_RETRY: RetryOptions = { sleep: async () => undefined, random: () => 0 };

export const serviceArn = (name: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${name}`;
export const taskDefinitionArn = (family: string, revision: number): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;

export const LOAD_BALANCER_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/dev-alb/50dc6c495c0c9188`;
export const LISTENER_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`;
export const ALB_DNS_NAME = 'dev-alb-1234567890.us-east-1.elb.amazonaws.com';
/** The CanonicalHostedZoneId of Application Load Balancers in us-east-1. */
export const ALB_ZONE_ID = 'Z35SXDOTRQ7X7K';
export const VPC_ID = 'vpc-0a1b2c3d4e5f67890';

export const targetGroupArn = (name: string, id = '73e2d6bc24d8a067'): string =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/${id}`;
export const ruleArn = (id: string): string =>
  `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/dev-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/${id}`;

export const HOSTED_ZONE_ID = 'Z0123456789ABCDEFGHIJ';
export const BASE_DOMAIN = 'dev.example.com';

export const OWNERSHIP_VALUE = 'devenv:v1 managed-by=devenv-dev environment=pr-1 app=web created-at=2026-11-25T10:00:00.000Z';

/** A service as DescribeServices returns it (Fargate, behind the ALB). */
export function describedService(name: string, overrides: Partial<Service> = {}): Service {
  return {
    serviceName: name,
    serviceArn: serviceArn(name),
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
    status: 'ACTIVE',
    taskDefinition: taskDefinitionArn('web', 7),
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-aaa', 'subnet-bbb'], securityGroups: ['sg-123'], assignPublicIp: 'DISABLED' },
    },
    enableExecuteCommand: false,
    loadBalancers: [{ targetGroupArn: targetGroupArn('web'), containerName: 'web', containerPort: 8080 }],
    deployments: [
      {
        id: 'ecs-svc/1234567890123456789',
        status: 'PRIMARY',
        taskDefinition: taskDefinitionArn('web', 7),
        desiredCount: 1,
        runningCount: 1,
        rolloutState: 'COMPLETED',
        rolloutStateReason: 'ECS deployment ecs-svc/1234567890123456789 completed.',
        createdAt: new Date('2026-11-20T09:00:00.000Z'),
      },
    ],
    events: [
      { id: 'e2', createdAt: new Date('2026-11-20T09:05:00.000Z'), message: `(service ${name}) has reached a steady state.` },
      { id: 'e1', createdAt: new Date('2026-11-20T09:00:00.000Z'), message: `(service ${name}) has started 1 tasks.` },
    ],
    tags: [{ key: 'team', value: 'web' }],
    createdAt: new Date('2026-11-20T09:00:00.000Z'),
    ...overrides,
  };
}

/** A full, realistic DescribeTaskDefinition `taskDefinition` (Fargate, two containers), read-only fields included. */
export function describedTaskDefinition(): TaskDefinition {
  return {
    taskDefinitionArn: taskDefinitionArn('web', 7),
    family: 'web',
    revision: 7,
    status: 'ACTIVE',
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/web-task`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'web',
        image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:main`,
        cpu: 0,
        essential: true,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
        environment: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'FEATURE_FLAG', value: '' },
          { name: 'API_URL', value: 'https://api.example.com' },
        ],
        environmentFiles: [],
        mountPoints: [{ sourceVolume: 'cache', containerPath: '/cache', readOnly: false }],
        volumesFrom: [],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:db-AbCdEf` }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/web', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'web' },
          secretOptions: [],
        },
        healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], interval: 30, timeout: 5, retries: 3 },
        systemControls: [],
      },
      {
        name: 'log-router',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
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
    volumes: [{ name: 'cache' }],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [
      { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
      { name: 'ecs.capability.execution-role-awslogs' },
      { name: 'com.amazonaws.ecs.capability.ecr-auth' },
      { name: 'ecs.capability.secrets.asm.environment-variables' },
      { name: 'ecs.capability.task-eni' },
    ],
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    ephemeralStorage: { sizeInGiB: 30 },
    proxyConfiguration: undefined,
    inferenceAccelerators: [],
    pidMode: 'task',
    ipcMode: undefined,
    registeredAt: new Date('2026-11-01T12:00:00.000Z'),
    deregisteredAt: undefined,
    registeredBy: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`,
    enableFaultInjection: false,
  };
}
