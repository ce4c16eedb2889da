import {
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  ECSServiceException,
  ListTaskDefinitionsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { DeleteRuleCommand, DeleteTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { commandLog, positionsOf } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Account, type Mocks } from './fake-account.js';
import { seedEnvironment, type SeededEnvironment } from './environments.js';
import { webRevision } from './ecs-resources.js';
import { hostRule } from './elb-resources.js';
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
  taskDefinitionArn,
  WEB_TARGET_GROUP_ARN,
} from './fixtures.js';
import { hostRecordSets } from './route53-records.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const HOST = 'pr-42.dev.example.com';
const CREATED_AT = minutesFromNow(-24 * 60);
const PR_42 = { name: 'pr-42', targetGroup: 'dv-pr-42-ff4e3f44', priority: 46355, createdAt: CREATED_AT };
/** A hand-made rule for the same host, without devenv's tags: someone else's, never deleted. */
const HAND_MADE_RULE = hostRule('a11ce0000000beef', 5, HOST, WEB_TARGET_GROUP_ARN);
/** Every command that deletes or scales down something. */
const DELETES = /^(Delete|Deregister|UpdateService|ChangeResourceRecordSets)/;

let account: Account;

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  account = baselineAccount();
  account.rules.push({ rule: HAND_MADE_RULE, tags: [] });
  // pr-420 starts with "pr-42": found by exact name and tags, it must never be touched.
  seedEnvironment(account, { name: 'pr-420', targetGroup: 'dv-pr-420-08213294', priority: 31549, revision: 20 });
  serveAccount(mocks, account);
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: destroy — an environment with every resource', () => {
    let pr42: SeededEnvironment;
    beforeEach(() => {
      pr42 = seedEnvironment(account, { ...PR_42, revision: 8, recordTtl: 300 });
    });

    it('deletes exactly the records it read, in one change', async () => {
      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toEqual({
        HostedZoneId: HOSTED_ZONE_ID,
        ChangeBatch: {
          Changes: [
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: HOST, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false } },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: {
                Name: HOST,
                Type: 'TXT',
                TTL: 300,
                ResourceRecords: [{ Value: `"${ownershipValue('pr-42', 'web', CREATED_AT, { claim: 'claim-pr-42' })}"` }],
              },
            },
          ],
        },
      });
    });

    it('deletes its own listener rule and no other rule for the same host', async () => {
      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DeleteRuleCommand, 1);
      expect(elb.commandCalls(DeleteRuleCommand)[0]!.args[0].input).toEqual({ RuleArn: pr42.ruleArn });
      expect(elb).not.toHaveReceivedCommandWith(DeleteRuleCommand, { RuleArn: HAND_MADE_RULE.RuleArn! });
    });

    it('deletes the service in one forced DeleteService, without scaling it to zero first', async () => {
      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
      expect(ecs).toHaveReceivedCommandTimes(DeleteServiceCommand, 1);
      expect(ecs.commandCalls(DeleteServiceCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, service: 'devenv-pr-42', force: true });
    });

    it('deletes the target group only after the rule that forwards to it', async () => {
      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DeleteTargetGroupCommand, 1);
      expect(elb.commandCalls(DeleteTargetGroupCommand)[0]!.args[0].input).toEqual({ TargetGroupArn: pr42.targetGroupArn });
      const log = commandLog(mocks);
      expect(positionsOf(log, 'DeleteTargetGroup')[0]).toBeGreaterThan(positionsOf(log, 'DeleteRule')[0]!);
    });

    it('deregisters the revision devenv registered for it', async () => {
      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(DeregisterTaskDefinitionCommand, 1);
      expect(ecs.commandCalls(DeregisterTaskDefinitionCommand)[0]!.args[0].input).toEqual({ taskDefinition: taskDefinitionArn('web', 8) });
    });

    it('sends nothing else that deletes, and nothing at all to pr-420', async () => {
      // Act
      const result = await newEngine().destroy('pr-42');

      // Assess
      expect(result).toMatchObject({ name: 'pr-42', found: true });
      expect(result.removed).toHaveLength(5);
      const deletes = commandLog(mocks).filter((entry) => DELETES.test(entry.command));
      expect(deletes.map((entry) => entry.command).sort()).toEqual(
        ['ChangeResourceRecordSets', 'DeleteRule', 'DeleteService', 'DeleteTargetGroup', 'DeregisterTaskDefinition'],
      );
      expect(JSON.stringify(deletes)).not.toMatch(/pr-420|8e1a328c|web:20/);
    });
  });

  describe('Method: destroy — what earlier failures left', () => {
    it('deregisters the revision an update could not clean up, named by the service, without searching the family', async () => {
      // Prepare: the service runs web:8 and names web:9, which an earlier update failed to deregister
      seedEnvironment(account, { ...PR_42, revision: 8 });
      account.taskDefinitions.push({ taskDefinition: webRevision(9, 'repo/web:pr-42-old'), tags: ecsTags(devenvTags('pr-42', 'web', CREATED_AT)) });
      const service = account.services.find((each) => each.serviceName === 'devenv-pr-42')!;
      service.tags = [...(service.tags ?? []), { key: 'devenv:stale-revision', value: taskDefinitionArn('web', 9) }];

      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(ecs).not.toHaveReceivedCommand(ListTaskDefinitionsCommand);
      expect(ecs).toHaveReceivedCommandTimes(DeregisterTaskDefinitionCommand, 2);
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 8) });
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 9) });
    });

    it('deregisters a revision a half-done destroy left, found by its tags in the app family once the service is gone', async () => {
      // Prepare: the service is gone; its revision (web:8) and an older one of an earlier update (web:9) are not
      seedEnvironment(account, { ...PR_42, revision: 8, service: false });
      account.taskDefinitions.push({ taskDefinition: webRevision(9, 'repo/web:pr-42-old'), tags: ecsTags(devenvTags('pr-42', 'web', CREATED_AT)) });

      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(ecs).toHaveReceivedCommandWith(ListTaskDefinitionsCommand, { familyPrefix: 'web', status: 'ACTIVE' });
      expect(ecs).toHaveReceivedCommandTimes(DeregisterTaskDefinitionCommand, 2);
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 8) });
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 9) });
      expect(ecs).not.toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 20) });
    });

    it('keeps the target group and revision when the service could not be deleted', async () => {
      // Prepare
      seedEnvironment(account, { ...PR_42, revision: 8 });
      ecs.on(DeleteServiceCommand).rejects(new ECSServiceException({ name: 'ServerException', $fault: 'server', message: 'injected', $metadata: {} }));

      // Act
      const failure = newEngine().destroy('pr-42');

      // Assess
      await expect(failure).rejects.toMatchObject({ code: 'cloud_failure', message: expect.stringMatching(/service devenv-pr-42/) });
      expect(elb).toHaveReceivedCommand(DeleteRuleCommand);
      expect(elb).not.toHaveReceivedCommand(DeleteTargetGroupCommand);
      expect(ecs).not.toHaveReceivedCommand(DeregisterTaskDefinitionCommand);
    });
  });

  describe('Method: destroy — resources without devenv tags', () => {
    it('leaves the baseline revision registered when the environment runs it', async () => {
      // Prepare: created without overrides, pr-42 runs web:7, which carries no devenv tags.
      seedEnvironment(account, PR_42);

      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(ecs).not.toHaveReceivedCommand(DeregisterTaskDefinitionCommand);
      expect(ecs).toHaveReceivedCommandWith(DeleteServiceCommand, { service: 'devenv-pr-42' });
    });

    it('leaves a target group with the environment name alone when it lacks devenv tags', async () => {
      // Prepare
      const pr42 = seedEnvironment(account, { ...PR_42, revision: 8 });
      account.targetGroups.find(({ group }) => group.TargetGroupArn === pr42.targetGroupArn)!.tags = [];

      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(elb).not.toHaveReceivedCommand(DeleteTargetGroupCommand);
      expect(elb).toHaveReceivedCommandExactlyOnceWith(DeleteRuleCommand, { RuleArn: pr42.ruleArn });
    });

    it('leaves DNS records alone when another devenv instance owns them', async () => {
      // Prepare
      const pr42 = seedEnvironment(account, { ...PR_42, revision: 8 });
      account.recordSets = account.recordSets
        .filter((set) => !pr42.records.includes(set))
        .concat(hostRecordSets('pr-42', ownershipValue('pr-42', 'web', CREATED_AT, { instance: OTHER_INSTANCE })));

      // Act
      await newEngine().destroy('pr-42');

      // Assess
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    });
  });

  describe('Method: destroy — nothing left', () => {
    it('reports found: false and sends no delete when the environment does not exist', async () => {
      // Act
      const result = await newEngine().destroy('pr-42');

      // Assess
      expect(result).toEqual({ name: 'pr-42', found: false, removed: [], calls: [] });
      expect(commandLog(mocks).filter((entry) => DELETES.test(entry.command))).toEqual([]);
    });
  });
});
