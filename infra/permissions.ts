import type { DevenvConfig } from '../src/core/config.js';
import { TARGET_GROUP_PREFIX } from '../src/core/names.js';
import { NOTICE_TAG_PREFIX, TAG } from '../src/core/tags.js';

/**
 * devenv's IAM, per function, as plain policy statements: only the actions the code calls (src/aws/*.ts), on the
 * narrowest resources AWS lets a policy name, and every action that changes or deletes something limited to what this
 * installation tagged as its own. docs/iam.md explains each statement; test/infra/ holds it to the code's real calls.
 */

export interface StatementJson {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyScope {
  /** `devenv:managed-by` value of this installation. */
  identity: string;
  partition: string;
  region: string;
  account: string;
  cluster: string;
  listenerArn: string;
  hostedZoneId: string;
  baseDomain: string;
  /** Roles the baseline (and clone) task definitions use. */
  passRoleArns: readonly string[];
  /** Slack is configured: the sweep records the expiry warnings and notices it sends in the services' tags. */
  slackNotices: boolean;
}

/** The lock table's actions (feat/lock: a lease is a conditional PutItem, released by a conditional DeleteItem). */
export const LOCK_ACTIONS = ['dynamodb:PutItem', 'dynamodb:DeleteItem'] as const;
/**
 * The installation's environment counts (src/core/quota.ts): one item of the lock table, reserved by a conditional
 * UpdateItem, read on a refusal, replaced by the sweep's recount. Only that item: `dynamodb:LeadingKeys` pins its key.
 */
export const COUNTS_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'] as const;

/** The environment leases' keys, `env#<identity>#<host>` (environmentLockKey in src/core/environment-lock.ts), as an IAM pattern. */
export function environmentLockKeys(identity: string): string {
  return `env#${identity}#*`;
}

/** The Slack receiver's replay leases' keys (replayLeaseKey in src/slack/shared-replay-guard.ts), as an IAM pattern. */
export const REPLAY_LEASE_KEYS = 'slack-replay#*';

/** The partition key of the installation's counts item (quotaKey in src/core/quota.ts). */
export function countsKey(identity: string): string {
  return `quota#${identity}`;
}
export const SECRET_ACTIONS = ['secretsmanager:GetSecretValue'] as const;

const MANAGED_BY = `aws:ResourceTag/${TAG.managedBy}`;
const REQUEST_MANAGED_BY = `aws:RequestTag/${TAG.managedBy}`;

/**
 * Region and account come from the listener ARN: the load balancer, the cluster and the hosted zone's records all
 * belong to the one account and region devenv manages.
 */
export function policyScope(config: DevenvConfig, identity: string, passRoleArns: readonly string[]): PolicyScope {
  const [, partition = 'aws', , region = '', account = ''] = config.listenerArn.split(':');
  return {
    identity,
    partition,
    region: config.region ?? region,
    account,
    cluster: clusterName(config.cluster),
    listenerArn: config.listenerArn,
    hostedZoneId: config.hostedZoneId,
    baseDomain: config.baseDomain,
    passRoleArns,
    slackNotices: config.slack !== undefined,
  };
}

/** `cluster` may be a name or an ARN (`arn:aws:ecs:…:cluster/dev`). */
function clusterName(cluster: string): string {
  return cluster.startsWith('arn:') ? cluster.slice(cluster.indexOf(':cluster/') + ':cluster/'.length) : cluster;
}

function arns(scope: PolicyScope) {
  const ecs = `arn:${scope.partition}:ecs:${scope.region}:${scope.account}`;
  const elb = `arn:${scope.partition}:elasticloadbalancing:${scope.region}:${scope.account}`;
  return {
    /** Long ARN format: the cluster is part of a service's ARN, so this names only the dev cluster's services. */
    services: `${ecs}:service/${scope.cluster}/*`,
    taskDefinitions: `${ecs}:task-definition/*`,
    /** Only target groups named like devenv's. */
    targetGroups: `${elb}:targetgroup/${TARGET_GROUP_PREFIX}*/*`,
    /** Only rules of the configured listener. */
    listenerRules: `${scope.listenerArn.replace(':listener/', ':listener-rule/')}/*`,
    hostedZone: `arn:${scope.partition}:route53:::hostedzone/${scope.hostedZoneId}`,
  };
}

const ownedResource = (scope: PolicyScope) => ({ StringEquals: { [MANAGED_BY]: scope.identity } });
const taggedRequest = (scope: PolicyScope) => ({ StringEquals: { [REQUEST_MANAGED_BY]: scope.identity } });

function recordConditions(scope: PolicyScope, actions: string[]) {
  return {
    'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`*.${scope.baseDomain}`] },
    'ForAllValues:StringEquals': {
      'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'],
      'route53:ChangeResourceRecordSetsActions': actions,
    },
  };
}

/** The API also reads the listener, its load balancer and target health; the sweep needs none of them. */
const ELB_READS = ['elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTags', 'elasticloadbalancing:DescribeTargetGroups'];
const ELB_ENVIRONMENT_READS = [
  'elasticloadbalancing:DescribeListeners',
  'elasticloadbalancing:DescribeLoadBalancers',
  ...ELB_READS,
  'elasticloadbalancing:DescribeTargetHealth',
];

/** Reads of a function that looks at environments. ELBv2 Describe and ECS List calls take no resource-level scoping in IAM. */
function readStatements(scope: PolicyScope, elbReads: readonly string[]): StatementJson[] {
  const arn = arns(scope);
  return [
    {
      Sid: 'EcsRead',
      Effect: 'Allow',
      Action: ['ecs:DescribeTaskDefinition', 'ecs:ListServices', 'ecs:ListTaskDefinitions'],
      Resource: ['*'],
    },
    { Sid: 'EcsDescribeClusterServices', Effect: 'Allow', Action: ['ecs:DescribeServices'], Resource: [arn.services] },
    {
      Sid: 'ElbRead',
      Effect: 'Allow',
      Action: [...elbReads],
      Resource: ['*'],
    },
    { Sid: 'DnsReadZone', Effect: 'Allow', Action: ['route53:ListResourceRecordSets'], Resource: [arn.hostedZone] },
  ];
}

/** Removing an environment: the sweep's whole write access, and part of the API's. */
function removeStatements(scope: PolicyScope): StatementJson[] {
  const arn = arns(scope);
  return [
    {
      // A destroy deletes a service in one forced DeleteService: removing needs no UpdateService.
      Sid: 'EcsChangeOwnServices',
      Effect: 'Allow',
      Action: ['ecs:DeleteService'],
      Resource: [arn.services],
      Condition: ownedResource(scope),
    },
    {
      // AWS supports neither a resource ARN nor a tag condition on DeregisterTaskDefinition; the engine deregisters only
      // revisions it finds tagged as its own (and a deregistered revision keeps running wherever it runs).
      Sid: 'EcsDeregisterRevisions',
      Effect: 'Allow',
      Action: ['ecs:DeregisterTaskDefinition'],
      Resource: ['*'],
    },
    {
      Sid: 'ElbDeleteOwnTargetGroups',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DeleteTargetGroup'],
      Resource: [arn.targetGroups],
      Condition: ownedResource(scope),
    },
    {
      Sid: 'ElbDeleteOwnRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:DeleteRule'],
      Resource: [arn.listenerRules],
      Condition: ownedResource(scope),
    },
  ];
}

/**
 * The API and the Slack worker: everything an environment's life needs. Creates must carry this installation's tag
 * (`aws:RequestTag`), tag-on-create is allowed only as part of devenv's own creates (`…:CreateAction`), and changes or
 * deletes need the tag on the resource (`aws:ResourceTag`).
 */
export function environmentStatements(scope: PolicyScope): StatementJson[] {
  const arn = arns(scope);
  const statements: StatementJson[] = [
    ...readStatements(scope, ELB_ENVIRONMENT_READS),
    ...removeStatements(scope),
    { Sid: 'EcsUpdateOwnServices', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: [arn.services], Condition: ownedResource(scope) },
    {
      Sid: 'ElbModifyOwnTargetGroups',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:ModifyTargetGroupAttributes'],
      Resource: [arn.targetGroups],
      Condition: ownedResource(scope),
    },
    { Sid: 'EcsCreateTaggedServices', Effect: 'Allow', Action: ['ecs:CreateService'], Resource: [arn.services], Condition: taggedRequest(scope) },
    {
      Sid: 'EcsRegisterTaggedRevisions',
      Effect: 'Allow',
      Action: ['ecs:RegisterTaskDefinition'],
      Resource: [arn.taskDefinitions],
      Condition: taggedRequest(scope),
    },
    {
      Sid: 'EcsTagOnCreate',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: [arn.services, arn.taskDefinitions],
      Condition: {
        StringEquals: { 'ecs:CreateAction': ['CreateService', 'RegisterTaskDefinition'], [REQUEST_MANAGED_BY]: scope.identity },
      },
    },
    {
      // extend: a new expiry on a service this installation owns; the ownership tag itself cannot be changed.
      Sid: 'EcsRetagOwnServices',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: [arn.services],
      Condition: {
        StringEquals: { [MANAGED_BY]: scope.identity },
        StringEqualsIfExists: { [REQUEST_MANAGED_BY]: scope.identity },
      },
    },
    {
      Sid: 'ElbCreateTaggedTargetGroups',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateTargetGroup'],
      Resource: [arn.targetGroups],
      Condition: taggedRequest(scope),
    },
    {
      Sid: 'ElbCreateTaggedRules',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:CreateRule'],
      // The listener, and its rules: whichever of the two AWS authorizes a CreateRule against, only this listener's.
      Resource: [scope.listenerArn, arn.listenerRules],
      Condition: taggedRequest(scope),
    },
    {
      Sid: 'ElbTagOnCreate',
      Effect: 'Allow',
      Action: ['elasticloadbalancing:AddTags'],
      Resource: [arn.targetGroups, arn.listenerRules],
      Condition: {
        StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateRule'], [REQUEST_MANAGED_BY]: scope.identity },
      },
    },
    {
      Sid: 'DnsChangeRecordsUnderBaseDomain',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: [arn.hostedZone],
      Condition: recordConditions(scope, ['CREATE', 'DELETE']),
    },
  ];
  if (scope.passRoleArns.length > 0) {
    statements.push({
      Sid: 'PassBaselineTaskRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [...scope.passRoleArns],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
  }
  return statements;
}

/**
 * The sweep: reads, and removes what this installation owns; it never creates, and DNS changes are deletes only. With
 * Slack configured it also tags its own services, with `devenv:notice:*` keys only (the warnings it sent).
 */
export function sweepStatements(scope: PolicyScope): StatementJson[] {
  const arn = arns(scope);
  const notices: StatementJson[] = scope.slackNotices
    ? [
        {
          Sid: 'EcsRecordNoticesOnOwnServices',
          Effect: 'Allow',
          Action: ['ecs:TagResource'],
          Resource: [arn.services],
          Condition: { StringEquals: { [MANAGED_BY]: scope.identity }, 'ForAllValues:StringLike': { 'aws:TagKeys': [`${NOTICE_TAG_PREFIX}*`] } },
        },
      ]
    : [];
  return [
    ...notices,
    ...readStatements(scope, ELB_READS),
    ...removeStatements(scope),
    {
      Sid: 'DnsDeleteRecordsUnderBaseDomain',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets'],
      Resource: [arn.hostedZone],
      Condition: recordConditions(scope, ['DELETE']),
    },
  ];
}
