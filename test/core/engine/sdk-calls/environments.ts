import { createHash } from 'node:crypto';
import type { RegisterTaskDefinitionCommandInput, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { Account } from './fake-account.js';
import { legacyTaskDefinition, webTaskDefinition } from './ecs-resources.js';
import { hostRule, targetGroup } from './elb-resources.js';
import {
  BASE_DOMAIN,
  CLUSTER_ARN,
  DB_SECRET_ARN,
  devenvTags,
  ecsTags,
  elbTags,
  EXECUTION_ROLE_ARN,
  FLUENT_BIT_IMAGE,
  INSTANCE,
  LOAD_BALANCER_ARN,
  minutesFromNow,
  OWNER,
  ownershipValue,
  REGION,
  serviceArn,
  TASK_ROLE_ARN,
  targetGroupArn,
  taskDefinitionArn,
} from './fixtures.js';
import { hostRecordSets } from './route53-records.js';

/** An environment already in the account, as an earlier create made it (or left half-made). */
export interface EnvironmentSeed {
  name: string;
  app?: 'web' | 'legacy';
  instance?: string;
  /** The target group name, as a literal (`dv-<name>-<hash of instance/name>`). */
  targetGroup: string;
  priority: number;
  /** ISO; default a day ago. */
  createdAt?: string;
  /** ISO, the service's `devenv:expires-at`; default a day ahead. */
  expiresAt?: string;
  /** The revision devenv registered for it (tagged); absent: the service runs the baseline's revision. */
  revision?: number;
  image?: string;
  /** Variables the revision sets beyond the baseline's. */
  variables?: Record<string, string>;
  /** False for the leftovers of a crashed create: no service. */
  service?: boolean;
  recordTtl?: number;
}

export interface SeededEnvironment {
  serviceName: string;
  serviceArn: string;
  targetGroupArn: string;
  ruleArn: string;
  revisionArn: string | undefined;
  host: string;
  records: ResourceRecordSet[];
}

/** Stable, distinct hex ids for the made-up ARNs of each seeded environment. */
const hexOf = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

export function seedEnvironment(account: Account, seed: EnvironmentSeed): SeededEnvironment {
  const { name, app = 'web', instance = INSTANCE, createdAt = minutesFromNow(-24 * 60), expiresAt = minutesFromNow(24 * 60) } = seed;
  const tags = devenvTags(name, app, createdAt, instance);
  const host = `${name}.${BASE_DOMAIN}`;
  const baseline = app === 'web' ? webTaskDefinition() : legacyTaskDefinition();
  const [container, ...others] = baseline.containerDefinitions!;

  let revisionArn: string | undefined;
  if (seed.revision !== undefined) {
    revisionArn = taskDefinitionArn(baseline.family!, seed.revision);
    const variables = Object.entries(seed.variables ?? {}).map(([key, value]) => ({ name: key, value }));
    const revision: TaskDefinition = {
      ...baseline,
      taskDefinitionArn: revisionArn,
      revision: seed.revision,
      registeredAt: new Date(createdAt),
      containerDefinitions: [
        {
          ...container,
          image: seed.image ?? container!.image,
          environment: [...(container!.environment ?? []), ...variables],
          ...(app === 'legacy' ? { portMappings: container!.portMappings!.map((mapping) => ({ ...mapping, hostPort: 0 })) } : {}),
        },
        ...others,
      ],
    };
    account.taskDefinitions.push({ taskDefinition: revision, tags: ecsTags(tags) });
  }

  const groupArn = targetGroupArn(seed.targetGroup, hexOf(name, 16));
  account.targetGroups.push({
    group: targetGroup(seed.targetGroup, groupArn, {
      Port: app === 'web' ? 8080 : 3000,
      TargetType: app === 'web' ? 'ip' : 'instance',
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
      LoadBalancerArns: [LOAD_BALANCER_ARN],
    }),
    tags: elbTags(tags),
  });
  const rule = hostRule(hexOf(`rule-${name}`, 16), seed.priority, host, groupArn);
  account.rules.push({ rule, tags: elbTags(tags) });
  const records = hostRecordSets(name, ownershipValue(name, app, createdAt, { instance, claim: `claim-${name}` }), seed.recordTtl);
  account.recordSets.push(...records);

  const serviceName = `devenv-${name}`;
  if (seed.service !== false) account.services.push(environmentService(serviceName, { app, revisionArn: revisionArn ?? baseline.taskDefinitionArn!, groupArn, tags: { ...tags, 'devenv:owner': OWNER, 'devenv:expires-at': expiresAt } }));
  return { serviceName, serviceArn: serviceArn(serviceName), targetGroupArn: groupArn, ruleArn: rule.RuleArn!, revisionArn, host, records };
}

function environmentService(name: string, { app, revisionArn, groupArn, tags }: { app: string; revisionArn: string; groupArn: string; tags: Record<string, string> }): Service {
  return {
    serviceName: name,
    serviceArn: serviceArn(name),
    clusterArn: CLUSTER_ARN,
    status: 'ACTIVE',
    taskDefinition: revisionArn,
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    ...(app === 'web'
      ? {
          launchType: 'FARGATE',
          platformVersion: '1.4.0',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aa11', 'subnet-0bb22'], securityGroups: ['sg-0web'], assignPublicIp: 'DISABLED' } },
        }
      : { capacityProviderStrategy: [{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }] }),
    enableExecuteCommand: app === 'web',
    loadBalancers: [{ targetGroupArn: groupArn, containerName: app === 'web' ? 'web' : 'api', containerPort: app === 'web' ? 8080 : 3000 }],
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 },
    deployments: [{ id: `ecs-svc/${BigInt(`0x${hexOf(name, 15)}`)}`, status: 'PRIMARY', taskDefinition: revisionArn, desiredCount: 1, runningCount: 1, rolloutState: 'COMPLETED' }],
    events: [],
    schedulingStrategy: 'REPLICA',
    propagateTags: 'SERVICE',
    enableECSManagedTags: true,
    tags: ecsTags(tags),
    createdAt: new Date(tags['devenv:created-at']!),
  };
}

/**
 * The RegisterTaskDefinition input that copies webTaskDefinition() with another `web` image (written out by hand:
 * it is what the engine must send, not what it computes).
 */
export function webRegistration(image: string, tags: Record<string, string>, variables: Record<string, string> = {}): RegisterTaskDefinitionCommandInput {
  return {
    family: 'web',
    taskRoleArn: TASK_ROLE_ARN,
    executionRoleArn: EXECUTION_ROLE_ARN,
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'web',
        image,
        cpu: 0,
        essential: true,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
        environment: [{ name: 'LOG_LEVEL', value: 'info' }, ...Object.entries(variables).map(([name, value]) => ({ name, value }))],
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
    requiresCompatibilities: ['FARGATE'],
    cpu: '512',
    memory: '1024',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
    tags: ecsTags(tags),
  };
}
