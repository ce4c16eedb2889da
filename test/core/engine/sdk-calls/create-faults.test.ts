import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
  InvalidParameterException,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  PriorityInUseException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../../../src/core/errors.js';
import { commandLog, positionsOf } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Account, type Mocks } from './fake-account.js';
import { answerCreateRule } from './serve-elbv2.js';
import { hostRule } from './elb-resources.js';
import {
  ALB_DNS_NAME,
  ALB_ZONE_ID,
  devenvTags,
  elbTags,
  HOSTED_ZONE_ID,
  LISTENER_ARN,
  minutesFromNow,
  NEW_RULE_ID,
  NEW_TARGET_GROUP_ID,
  NOW,
  OWNER,
  writtenOwnershipValue,
  ruleArn,
  targetGroupArn,
  taskDefinitionArn,
} from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const HOST = 'pr-42.dev.example.com';
const TARGET_GROUP_ARN = targetGroupArn('dv-pr-42-ff4e3f44', NEW_TARGET_GROUP_ID);
const RULE_ARN = ruleArn(NEW_RULE_ID);
const REVISION_ARN = taskDefinitionArn('web', 8);
const PRIORITY = 46355;
const metadata = { httpStatusCode: 400, requestId: '5d4a1c36-0000-4000-8000-000000000000' };

let account: Account;
const createPr42 = () => newEngine().create({ name: 'pr-42', app: 'web', owner: OWNER, images: { web: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:pr-42-1a2b3c4' } });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  account = baselineAccount();
  serveAccount(mocks, account);
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: create — another create takes the rule priority first', () => {
    beforeEach(() => {
      // Between our DescribeRules and our CreateRule, another environment's create takes the same priority.
      const takePriorityFirst = async () => {
        const rival = targetGroupArn('dv-pr-77-adc54bd6', '1c2d3e4f5a6b7c8d');
        account.rules.push({
          rule: hostRule('77aa77aa77aa77aa', PRIORITY, 'pr-77.dev.example.com', rival),
          tags: elbTags(devenvTags('pr-77', 'web', minutesFromNow(0))),
        });
        throw new PriorityInUseException({ message: `Priority '${PRIORITY}' is currently in use`, $metadata: metadata });
      };
      elb
        .on(CreateRuleCommand)
        .callsFakeOnce(takePriorityFirst)
        .callsFake(answerCreateRule(account));
    });

    it('reads the rules again and creates the rule at the next free priority', async () => {
      // Act
      const result = await createPr42();

      // Assess: its target group is new, so it tried the preferred priority while reading the rules; refused, it reads
      // them afresh (its own try may have been applied, its answer lost) and counts the taken priority as used
      expect(result.outcome).toBe('created');
      expect(elb).toHaveReceivedCommandTimes(DescribeRulesCommand, 2);
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, 2);
      expect(elb).toHaveReceivedNthCommandWith(CreateRuleCommand, 1, { ListenerArn: LISTENER_ARN, Priority: PRIORITY });
      expect(elb.commandCalls(CreateRuleCommand)[1]!.args[0].input).toEqual({
        ListenerArn: LISTENER_ARN,
        Priority: PRIORITY + 1,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [HOST] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: TARGET_GROUP_ARN }],
        Tags: elbTags(devenvTags('pr-42', 'web', NOW.toISOString())),
      });
    });

    it('rolls nothing back: the lost race is not a failure', async () => {
      // Act
      await createPr42();

      // Assess
      expect(elb).not.toHaveReceivedCommand(DeleteRuleCommand);
      expect(elb).not.toHaveReceivedCommand(DeleteTargetGroupCommand);
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, {
        loadBalancers: [{ targetGroupArn: TARGET_GROUP_ARN, containerName: 'web', containerPort: 8080 }],
      });
    });
  });

  describe('Method: create — CreateService fails after everything else was made', () => {
    const rejection = new InvalidParameterException({
      message: `The target group with targetGroupArn ${TARGET_GROUP_ARN} does not have an associated load balancer.`,
      $metadata: metadata,
    });

    beforeEach(() => {
      ecs.on(CreateServiceCommand).rejects(rejection);
    });

    it('throws the CreateService failure itself, with the AWS error as its cause', async () => {
      // Act
      const error: unknown = await createPr42().catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(CloudError);
      expect((error as CloudError).message).toMatch(/^ecs:CreateService failed: .*does not have an associated load balancer/);
      expect((error as CloudError).cause).toBe(rejection);
      expect(error).not.toHaveProperty('rollbackFailures');
    });

    it('deletes exactly what it made: the revision, the rule, the target group and the claimed records', async () => {
      // Act
      await createPr42().catch(() => undefined);

      // Assess
      expect(ecs).toHaveReceivedCommandExactlyOnceWith(DeregisterTaskDefinitionCommand, { taskDefinition: REVISION_ARN });
      expect(elb).toHaveReceivedCommandExactlyOnceWith(DeleteRuleCommand, { RuleArn: RULE_ARN });
      expect(elb).toHaveReceivedCommandExactlyOnceWith(DeleteTargetGroupCommand, { TargetGroupArn: TARGET_GROUP_ARN });
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[1]!.args[0].input).toEqual({
        HostedZoneId: HOSTED_ZONE_ID,
        ChangeBatch: {
          Changes: [
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: HOST, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false } },
            },
            {
              Action: 'DELETE',
              ResourceRecordSet: { Name: HOST, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${writtenOwnershipValue('pr-42', 'web', NOW.toISOString())}"` }] },
            },
          ],
        },
      });
      expect(ecs).not.toHaveReceivedCommand(DeleteServiceCommand);
      expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
    });

    it('undoes in reverse order of creation: the rule before its target group, the records last', async () => {
      // Act
      await createPr42().catch(() => undefined);

      // Assess: a resource counts as made when its last create command is sent (a target group once its attributes are set)
      const log = commandLog(mocks);
      const action = (input: Record<string, unknown>) => (input as { ChangeBatch: { Changes: Array<{ Action: string }> } }).ChangeBatch.Changes[0]!.Action;
      const made: Array<[number, string]> = [
        [positionsOf(log, 'ChangeResourceRecordSets', (input) => action(input) === 'CREATE')[0]!, 'ChangeResourceRecordSets'],
        [positionsOf(log, 'ModifyTargetGroupAttributes')[0]!, 'DeleteTargetGroup'],
        [positionsOf(log, 'CreateRule')[0]!, 'DeleteRule'],
        [positionsOf(log, 'RegisterTaskDefinition')[0]!, 'DeregisterTaskDefinition'],
      ];
      const expectedUndo = made.sort(([a], [b]) => b - a).map(([, undo]) => undo);
      const [failed] = positionsOf(log, 'CreateService');
      // First it asks whether the failed call made the service anyway (it did not: no DeleteService follows).
      const [check, ...undo] = log.slice(failed! + 1).map((entry) => entry.command);
      expect(check).toBe('DescribeServices');
      expect(undo).toEqual(expectedUndo);
      // What AWS requires whatever the timing: no rule may forward to a deleted target group; the claim goes last.
      expect(undo.indexOf('DeleteRule')).toBeLessThan(undo.indexOf('DeleteTargetGroup'));
      expect(undo.at(-1)).toBe('ChangeResourceRecordSets');
    });

    it('runs every undo step when one fails, keeps the host\'s claim and the quota place, and names what is left', async () => {
      // Prepare
      elb.on(DeleteRuleCommand).rejects(
        new ElasticLoadBalancingV2ServiceException({ name: 'AccessDenied', $fault: 'client', message: 'not authorized to DeleteRule', $metadata: metadata }),
      );

      // Act
      const error: unknown = await createPr42().catch((caught: unknown) => caught);

      // Assess
      expect((error as CloudError).cause).toBe(rejection);
      const left = [`listener rule ${RULE_ARN}`, `DNS records for ${HOST}`, `quota place of ${OWNER}`];
      expect(error).toHaveProperty('rollbackFailures', left);
      expect((error as CloudError).context.leftBehind).toEqual(left);
      expect(elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: TARGET_GROUP_ARN });
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: REVISION_ARN });
      // The claim only: a rule still routes the host, so no one else may take it until the sweep removes the rule.
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
    });
  });
});
