import type { Tag as EcsTag } from '@aws-sdk/client-ecs';
import type { Tag as ElbTag } from '@aws-sdk/client-elastic-load-balancing-v2';
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
