import { DeleteServiceCommand, DeregisterTaskDefinitionCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DeleteRuleCommand, DeleteTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, Route53Client, type Change } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { commandLog } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Account, type Mocks } from './fake-account.js';
import { seedEnvironment, type SeededEnvironment } from './environments.js';
import { webRevision } from './ecs-resources.js';
import { hostRule, targetGroup } from './elb-resources.js';
import {
  ALB_DNS_NAME,
  ALB_ZONE_ID,
  CLUSTER,
  devenvTags,
  ecsTags,
  HOSTED_ZONE_ID,
  minutesFromNow,
  OTHER_INSTANCE,
  ownershipValue,
  targetGroupArn,
  taskDefinitionArn,
} from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const TWO_DAYS_AGO = minutesFromNow(-2 * 24 * 60);
const TWO_HOURS_AGO = minutesFromNow(-120);
const UNTAGGED_TARGET_GROUP_ARN = targetGroupArn('dv-legacy-cache', 'c4c4c4c4c4c4c4c4');

let account: Account;
let env: Record<'pr1' | 'pr2' | 'pr3' | 'pr9' | 'pr10' | 'pr50', SeededEnvironment>;

/** What each delete-like command was about: a host, an ARN or a service name. */
function deletedIds(): string[] {
  return commandLog(mocks).flatMap(({ command, input }) => {
    switch (command) {
      case 'ChangeResourceRecordSets':
        return (input as { ChangeBatch: { Changes: Change[] } }).ChangeBatch.Changes.map((change) => `${change.ResourceRecordSet!.Name} ${change.ResourceRecordSet!.Type}`);
      case 'DeleteRule':
        return [input.RuleArn as string];
      case 'DeleteTargetGroup':
        return [input.TargetGroupArn as string];
      case 'UpdateService':
      case 'DeleteService':
        return [`${command} ${input.service as string}`];
      case 'DeregisterTaskDefinition':
        return [input.taskDefinition as string];
      default:
        return [];
    }
  });
}

const recordDeletes = (seeded: SeededEnvironment, app: string, createdAt: string): Change[] => [
  {
    Action: 'DELETE',
    ResourceRecordSet: { Name: seeded.host, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false } },
  },
  {
    Action: 'DELETE',
    ResourceRecordSet: {
      Name: seeded.host,
      Type: 'TXT',
      TTL: 60,
      ResourceRecords: [{ Value: `"${ownershipValue(seeded.host.split('.')[0]!, app, createdAt, { claim: `claim-${seeded.host.split('.')[0]}` })}"` }],
    },
  },
];

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  account = baselineAccount();
  env = {
    // Expired an hour ago and a minute ago.
    pr1: seedEnvironment(account, { name: 'pr-1', targetGroup: 'dv-pr-1-42483799', priority: 8167, revision: 11, createdAt: TWO_DAYS_AGO, expiresAt: minutesFromNow(-60) }),
    pr2: seedEnvironment(account, { name: 'pr-2', app: 'legacy', targetGroup: 'dv-pr-2-0957163f', priority: 6645, revision: 4, createdAt: TWO_DAYS_AGO, expiresAt: minutesFromNow(-1) }),
    // Live for another day, running web:13.
    pr3: seedEnvironment(account, { name: 'pr-3', targetGroup: 'dv-pr-3-88a3fdcd', priority: 22703, revision: 13, createdAt: TWO_DAYS_AGO }),
    // What a create that crashed two hours ago left, and what a create still running has made so far.
    pr9: seedEnvironment(account, { name: 'pr-9', targetGroup: 'dv-pr-9-052cf14b', priority: 23345, revision: 14, createdAt: TWO_HOURS_AGO, service: false }),
    pr10: seedEnvironment(account, { name: 'pr-10', targetGroup: 'dv-pr-10-167733f2', priority: 42780, createdAt: minutesFromNow(-5), service: false }),
    // Another devenv installation's environment, expired by its own clock.
    pr50: seedEnvironment(account, {
      name: 'pr-50',
      instance: OTHER_INSTANCE,
      targetGroup: 'dv-pr-50-b25910c9',
      priority: 31450,
      revision: 15,
      createdAt: TWO_DAYS_AGO,
      expiresAt: minutesFromNow(-60),
    }),
  };
  // pr-3's revision before its last update (the update could not deregister it), and an old untagged revision.
  account.taskDefinitions.push({ taskDefinition: webRevision(12, 'repo/web:pr-3-old'), tags: ecsTags(devenvTags('pr-3', 'web', minutesFromNow(-180))) });
  account.taskDefinitions.push({ taskDefinition: webRevision(6, 'repo/web:2026-10'), tags: [] });
  // A target group named like devenv's and its rule, made by hand: no tags.
  account.targetGroups.push({ group: targetGroup('dv-legacy-cache', UNTAGGED_TARGET_GROUP_ARN), tags: [] });
  account.rules.push({ rule: hostRule('cace0000cace0000', 7, 'legacy-cache.dev.example.com', UNTAGGED_TARGET_GROUP_ARN), tags: [] });
  serveAccount(mocks, account);
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: sweep', () => {
    it('destroys every expired environment: service deleted (forced), rule, target group, revision', async () => {
      // Act
      const report = await newEngine().sweep();

      // Assess
      expect(report.expired).toEqual(['pr-1', 'pr-2']);
      for (const seeded of [env.pr1, env.pr2]) {
        expect(ecs).toHaveReceivedCommandWith(DeleteServiceCommand, { cluster: CLUSTER, service: seeded.serviceName, force: true });
        expect(elb).toHaveReceivedCommandWith(DeleteRuleCommand, { RuleArn: seeded.ruleArn });
        expect(elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: seeded.targetGroupArn });
        expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: seeded.revisionArn });
      }
      expect(ecs).toHaveReceivedCommandTimes(DeleteServiceCommand, 2);
      expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
    });

    it('puts the DNS deletions of every environment into one ChangeResourceRecordSets call', async () => {
      // Act
      await newEngine().sweep();

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      const input = route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input;
      expect(input.HostedZoneId).toBe(HOSTED_ZONE_ID);
      const expected = [
        ...recordDeletes(env.pr1, 'web', TWO_DAYS_AGO),
        ...recordDeletes(env.pr2, 'legacy', TWO_DAYS_AGO),
        ...recordDeletes(env.pr9, 'web', TWO_HOURS_AGO),
      ];
      expect(input.ChangeBatch!.Changes).toHaveLength(expected.length);
      expect(input.ChangeBatch!.Changes).toEqual(expect.arrayContaining(expected));
    });

    it('collects the leftovers of a crashed create and a revision the live environment no longer runs', async () => {
      // Act
      const report = await newEngine().sweep();

      // Assess
      expect(elb).toHaveReceivedCommandWith(DeleteRuleCommand, { RuleArn: env.pr9.ruleArn });
      expect(elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: env.pr9.targetGroupArn });
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: env.pr9.revisionArn });
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 12) });
      expect(report.orphans).toEqual(
        expect.arrayContaining([
          { kind: 'dns-records', id: env.pr9.host },
          { kind: 'listener-rule', id: env.pr9.ruleArn },
          { kind: 'target-group', id: 'dv-pr-9-052cf14b' },
          { kind: 'task-definition', id: env.pr9.revisionArn },
          { kind: 'task-definition', id: taskDefinitionArn('web', 12) },
        ]),
      );
      expect(report.orphans).toHaveLength(5);
    });

    it('deletes exactly the expired and orphaned resources, nothing more', async () => {
      // Act
      await newEngine().sweep();

      // Assess
      expect(deletedIds().sort()).toEqual(
        [
          ...[env.pr1, env.pr2, env.pr9].flatMap((seeded) => [`${seeded.host} A`, `${seeded.host} TXT`, seeded.ruleArn, seeded.targetGroupArn, seeded.revisionArn!]),
          ...[env.pr1, env.pr2].map((seeded) => `DeleteService ${seeded.serviceName}`),
          taskDefinitionArn('web', 12),
        ].sort(),
      );
    });

    it('never sends a delete for another instance, untagged resources, a live environment or the baselines', async () => {
      // Act
      await newEngine().sweep();

      // Assess
      const ids = deletedIds();
      const everything = (seeded: SeededEnvironment) => [
        `${seeded.host} A`,
        `${seeded.host} TXT`,
        seeded.ruleArn,
        seeded.targetGroupArn,
        `UpdateService ${seeded.serviceName}`,
        `DeleteService ${seeded.serviceName}`,
        seeded.revisionArn!,
      ];
      const untagged = [UNTAGGED_TARGET_GROUP_ARN, 'dev.example.com A', 'dev.example.com TXT', 'web.dev.example.com A', taskDefinitionArn('web', 6)];
      const baselines = [
        ...['web', 'legacy', 'batch'].flatMap((name) => [`UpdateService ${name}`, `DeleteService ${name}`]),
        taskDefinitionArn('web', 7),
        taskDefinitionArn('legacy', 3),
        taskDefinitionArn('batch', 2),
      ];
      for (const id of [...everything(env.pr3), ...everything(env.pr50), ...untagged, ...baselines]) expect(ids).not.toContain(id);
      expect(ids.filter((id) => id.endsWith('/cace0000cace0000'))).toEqual([]);
    });

    it('leaves what a create still in progress has made when it is younger than the grace period', async () => {
      // Act
      const report = await newEngine().sweep();

      // Assess
      expect(elb).not.toHaveReceivedCommandWith(DeleteRuleCommand, { RuleArn: env.pr10.ruleArn });
      expect(elb).not.toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: env.pr10.targetGroupArn });
      expect(deletedIds()).not.toContain(`${env.pr10.host} TXT`);
      expect(report.failures).toEqual([]);
    });

    it('deletes each target group only after the rule that forwards to it', async () => {
      // Act
      await newEngine().sweep();

      // Assess
      const rules = elb.commandCalls(DeleteRuleCommand);
      for (const call of elb.commandCalls(DeleteTargetGroupCommand)) {
        const forwarding = account.rules.find(({ rule }) => rule.Actions?.[0]?.TargetGroupArn === call.args[0].input.TargetGroupArn)!;
        const ruleDeleted = rules.find((ruleCall) => ruleCall.args[0].input.RuleArn === forwarding.rule.RuleArn)!;
        expect(call.calledAfter(ruleDeleted)).toBe(true);
      }
    });
  });
});
