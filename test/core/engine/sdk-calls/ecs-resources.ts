import type { Service, TaskDefinition } from '@aws-sdk/client-ecs';
import {
  ACCOUNT,
  BATCH_IMAGE,
  CLUSTER_ARN,
  DB_SECRET_ARN,
  EXECUTION_ROLE_ARN,
  FLUENT_BIT_IMAGE,
  LEGACY_IMAGE,
  LEGACY_TARGET_GROUP_ARN,
  NOW,
  REGION,
  serviceArn,
  TASK_ROLE_ARN,
  taskDefinitionArn,
  WEB_IMAGE,
  WEB_TARGET_GROUP_ARN,
} from './fixtures.js';

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
