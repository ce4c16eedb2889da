import { CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, InvalidChangeBatch, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { BusyError, ConflictError } from '../../../../src/core/errors.js';
import { commandLog } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Account, type Mocks } from './fake-account.js';
import { seedEnvironment } from './environments.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, HOSTED_ZONE_ID, minutesFromNow, NOW, OWNER, ownershipValue, writtenOwnershipValue } from './fixtures.js';
import { hostRecordSets } from './route53-records.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const HOST = 'pr-42.dev.example.com';
const PR_42 = { name: 'pr-42', targetGroup: 'dv-pr-42-ff4e3f44', priority: 46355 };
const alias = { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false };
const txt = (value: string) => ({ Name: HOST, Type: 'TXT' as const, TTL: 60, ResourceRecords: [{ Value: `"${value}"` }] });
/** What Route 53 answers to a CREATE of a name that has records. */
const alreadyExists = () => {
  const message = `Tried to create resource record set [name='${HOST}.', type='A'] but it already exists`;
  return new InvalidChangeBatch({ message, messages: [message], $metadata: { httpStatusCode: 400 } });
};
/** Only what creates something: the claim's CREATE itself excluded. */
const creates = () => commandLog(mocks).filter((entry) => /^(Create|Register|Modify)/.test(entry.command));

let account: Account;
const createPr42 = () => newEngine().create({ name: 'pr-42', app: 'web', owner: OWNER, images: { web: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:pr-42-1a2b3c4' } });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  account = baselineAccount();
  serveAccount(mocks, account);
  route53.on(ChangeResourceRecordSetsCommand).rejectsOnce(alreadyExists()).resolves({ ChangeInfo: { Id: '/change/C3QYC83OA0KX5K', Status: 'PENDING', SubmittedAt: NOW } });
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: create — over what a create that crashed two hours ago left', () => {
    const CRASHED_AT = minutesFromNow(-120);
    let leftover: ReturnType<typeof seedEnvironment>;
    beforeEach(() => {
      leftover = seedEnvironment(account, { ...PR_42, createdAt: CRASHED_AT, service: false });
    });

    it('takes the stale claim over in one change that deletes the old records and creates the new ones', async () => {
      // Act
      await createPr42();

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[1]!.args[0].input).toEqual({
        HostedZoneId: HOSTED_ZONE_ID,
        ChangeBatch: {
          Changes: [
            { Action: 'DELETE', ResourceRecordSet: { Name: HOST, Type: 'A', AliasTarget: alias } },
            { Action: 'DELETE', ResourceRecordSet: txt(ownershipValue('pr-42', 'web', CRASHED_AT, { claim: 'claim-pr-42' })) },
            { Action: 'CREATE', ResourceRecordSet: { Name: HOST, Type: 'A', AliasTarget: alias } },
            { Action: 'CREATE', ResourceRecordSet: txt(writtenOwnershipValue('pr-42', 'web', NOW.toISOString())) },
          ],
        },
      });
    });

    it('adopts its tagged target group and rule instead of creating them again', async () => {
      // Act
      await createPr42();

      // Assess
      expect(elb).not.toHaveReceivedCommand(CreateTargetGroupCommand);
      expect(elb).not.toHaveReceivedCommand(CreateRuleCommand);
      // The crash may have come before its deregistration delay was set: setting it again on our own group is harmless.
      expect(elb).toHaveReceivedCommandTimes(ModifyTargetGroupAttributesCommand, 1);
      expect(elb).toHaveReceivedCommandWith(ModifyTargetGroupAttributesCommand, { TargetGroupArn: leftover.targetGroupArn });
      expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, {
        serviceName: 'devenv-pr-42',
        loadBalancers: [{ targetGroupArn: leftover.targetGroupArn, containerName: 'web', containerPort: 8080 }],
      });
    });
  });

  describe('Method: create — over a claim of its own two minutes old (a create that failed and could not give it back)', () => {
    it('takes it over at once: the environment\'s lock shows no create of it is running', async () => {
      // Prepare
      const claimedAt = minutesFromNow(-2);
      account.recordSets.push(...hostRecordSets('pr-42', ownershipValue('pr-42', 'web', claimedAt, { claim: 'claim-other' })));

      // Act
      await createPr42();

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[1]!.args[0].input.ChangeBatch!.Changes!.map((change) => change.Action)).toEqual([
        'DELETE',
        'DELETE',
        'CREATE',
        'CREATE',
      ]);
      expect(creates().map((entry) => entry.command)).toContain('CreateService');
    });
  });

  describe('Method: create — when its own claim is already there (a CREATE applied, its answer lost, sent again)', () => {
    it('takes the records it finds as its claim and goes on creating, without a second change', async () => {
      // Prepare: the records carry this create's own claim id (the fixed id) and time: Route 53 applied the first try
      account.recordSets.push(...hostRecordSets('pr-42', ownershipValue('pr-42', 'web', NOW.toISOString())));

      // Act
      const created = await createPr42();

      // Assess
      expect(created.outcome).toBe('created');
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(elb).toHaveReceivedCommand(CreateTargetGroupCommand);
      expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, { serviceName: 'devenv-pr-42' });
    });
  });

  describe('Method: create — where the host has records devenv did not make', () => {
    it('fails with a conflict and creates nothing', async () => {
      // Prepare: an A record someone made by hand, and no ownership record.
      account.recordSets.push(hostRecordSets('pr-42', 'unused')[0]!);

      // Act
      const error: unknown = await createPr42().catch((caught: unknown) => caught);

      // Assess
      expect(error).toBeInstanceOf(ConflictError);
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(creates()).toEqual([]);
      expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand);
    });
  });
});
