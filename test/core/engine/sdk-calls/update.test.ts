import {
  CreateServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { commandLog, positionsOf } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Account, type Mocks } from './fake-account.js';
import { seedEnvironment, webRegistration } from './environments.js';
import { CLUSTER, devenvTags, NOW, OWNER, serviceArn, taskDefinitionArn } from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const SHA_1 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:sha-1';
const SHA_2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:sha-2';
const CURRENT = taskDefinitionArn('web', 8);
const NEXT = taskDefinitionArn('web', 9);

let account: Account;
const update = (request: { images?: Record<string, string>; ttl?: string } = {}) =>
  newEngine().create({ name: 'pr-42', app: 'web', owner: OWNER, ...request });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  account = baselineAccount();
  serveAccount(mocks, account);
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: create — on an environment that runs a revision devenv registered', () => {
    beforeEach(() => {
      // pr-42 runs web:8, registered by devenv with SHA_1 and FEATURE_X=on.
      seedEnvironment(account, { name: 'pr-42', targetGroup: 'dv-pr-42-ff4e3f44', priority: 46355, revision: 8, image: SHA_1, variables: { FEATURE_X: 'on' } });
    });

    it('registers the new image on a copy of the current revision, not of the baseline', async () => {
      // Act
      const result = await update({ images: { web: SHA_2 } });

      // Assess
      expect(result.outcome).toBe('updated');
      expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, { taskDefinition: CURRENT, include: ['TAGS'] });
      expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 1);
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input).toEqual(
        webRegistration(SHA_2, devenvTags('pr-42', 'web', NOW.toISOString()), { FEATURE_X: 'on' }),
      );
    });

    it('points the service at the new revision in place', async () => {
      // Act
      await update({ images: { web: SHA_2 } });

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1);
      expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, service: 'devenv-pr-42', taskDefinition: NEXT });
      expect(ecs).not.toHaveReceivedCommand(CreateServiceCommand);
    });

    it('deregisters the replaced revision once the service no longer uses it', async () => {
      // Act
      await update({ images: { web: SHA_2 } });

      // Assess
      expect(ecs).toHaveReceivedCommandExactlyOnceWith(DeregisterTaskDefinitionCommand, { taskDefinition: CURRENT });
      const log = commandLog(mocks);
      expect(positionsOf(log, 'DeregisterTaskDefinition')[0]).toBeGreaterThan(positionsOf(log, 'UpdateService')[0]!);
    });

    it('changes neither routing nor DNS when every part is in place, and only reads the host records', async () => {
      // Act
      await update({ images: { web: SHA_2 } });

      // Assess
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
      expect(commandLog(mocks).filter((entry) => /^(Create|Delete|Modify)/.test(entry.command))).toEqual([]);
    });

    it('forces a new deployment and registers nothing when the same image comes again', async () => {
      // Act
      await update({ images: { web: SHA_1 } });

      // Assess
      expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand);
      expect(ecs).not.toHaveReceivedCommand(DeregisterTaskDefinitionCommand);
      expect(ecs).toHaveReceivedCommandTimes(UpdateServiceCommand, 1);
      expect(ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({ cluster: CLUSTER, service: 'devenv-pr-42', forceNewDeployment: true });
    });

    it('moves the expiry with one TagResource when the request gives a TTL', async () => {
      // Act
      await update({ images: { web: SHA_1 }, ttl: '4h' });

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(TagResourceCommand, 1);
      expect(ecs.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({
        resourceArn: serviceArn('devenv-pr-42'),
        tags: [{ key: 'devenv:expires-at', value: '2026-11-25T14:00:00.000Z' }],
      });
    });

    it('deregisters the new revision and keeps the current one when UpdateService fails', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).rejects(new ServiceNotActiveException({ message: 'Service was not ACTIVE.', $metadata: {} }));

      // Act
      await expect(update({ images: { web: SHA_2 } })).rejects.toThrow(/UpdateService/);

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(DeregisterTaskDefinitionCommand, 1);
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: NEXT });
    });
  });

  describe('Method: create — on an environment that runs the baseline revision', () => {
    it('registers from the baseline revision and never deregisters it', async () => {
      // Prepare: created without overrides, pr-42 runs the baseline's own web:7 (no devenv tags).
      seedEnvironment(account, { name: 'pr-42', targetGroup: 'dv-pr-42-ff4e3f44', priority: 46355 });

      // Act
      await update({ images: { web: SHA_2 } });

      // Assess
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input).toEqual(webRegistration(SHA_2, devenvTags('pr-42', 'web', NOW.toISOString())));
      expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { service: 'devenv-pr-42', taskDefinition: taskDefinitionArn('web', 8) });
      expect(ecs).not.toHaveReceivedCommand(DeregisterTaskDefinitionCommand);
    });
  });
});
