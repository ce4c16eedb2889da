import type { ECSClient, Service, Tag as EcsTag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client, Rule, Tag as ElbTag, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { batchService, batchTaskDefinition, legacyService, legacyTaskDefinition, webService, webTaskDefinition } from './ecs-resources.js';
import { defaultRule, hostRule, legacyTargetGroup, webTargetGroup } from './elb-resources.js';
import { WEB_TARGET_GROUP_ARN } from './fixtures.js';
import { zoneApexRecords } from './route53-records.js';
import { serveEcs } from './serve-ecs.js';
import { serveElb } from './serve-elbv2.js';
import { serveRoute53 } from './serve-route53.js';

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

export function serveAccount(mocks: Mocks, account: Account): void {
  serveEcs(mocks.ecs, account);
  serveElb(mocks.elb, account);
  serveRoute53(mocks.route53, account);
}
