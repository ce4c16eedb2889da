import { CreateServiceCommand, ECSClient } from '@aws-sdk/client-ecs';
import { CreateRuleCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { commandLog, positionsOf } from './command-log.js';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Mocks } from './fake-account.js';
import { OWNER } from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const createPr42 = () =>
  newEngine().create({ name: 'pr-42', app: 'web', owner: OWNER, ttl: '24h', images: { web: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:pr-42-1a2b3c4' } });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  serveAccount(mocks, baselineAccount());
});

describe('Class: Engine (SDK calls) — the order of a create\'s writes', () => {
  it('starts the target group and the revision beside the host\'s claim, and routes the host only once the claim holds', async () => {
    // Act
    await createPr42();

    // Assess: the claim is sent first; the rule and the service wait for its answer
    const log = commandLog(mocks);
    const [claim] = positionsOf(log, 'ChangeResourceRecordSets');
    const firstOfEach = ['CreateTargetGroup', 'RegisterTaskDefinition', 'CreateRule', 'CreateService'].map((command) => positionsOf(log, command)[0]);
    expect(claim).toBeDefined();
    expect(firstOfEach.every((position) => position !== undefined && position > claim!)).toBe(true);
    expect(elb.commandCalls(CreateRuleCommand)[0]!.calledAfter(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!)).toBe(true);
  });

  it('creates the service only after the rule forwards to its target group and the revision is registered', async () => {
    // Act
    await createPr42();

    // Assess
    const log = commandLog(mocks);
    const [createService] = positionsOf(log, 'CreateService');
    const [createRule] = positionsOf(log, 'CreateRule');
    const [createTargetGroup] = positionsOf(log, 'CreateTargetGroup');
    const [register] = positionsOf(log, 'RegisterTaskDefinition');
    expect(createTargetGroup).toBeLessThan(createRule!);
    expect(createRule).toBeLessThan(createService!);
    expect(register).toBeLessThan(createService!);
    expect(ecs.commandCalls(CreateServiceCommand)[0]!.calledAfter(elb.commandCalls(CreateRuleCommand)[0]!)).toBe(true);
  });
});
