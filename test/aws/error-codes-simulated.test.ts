import { describe, expect, it } from 'vitest';
import { createAwsClients, createAwsCloud } from '../../src/aws/clients.js';
import { NotFoundError, PriorityTakenError, RecordExistsError, TargetGroupNameTakenError } from '../../src/core/errors.js';
import type { Cloud, TargetGroupSpec } from '../../src/core/ports.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { ensureLockTable, SIMULATED_LOCK_TABLE } from '../../src/local/dynamodb.js';
import { createSeededCloud } from '../../src/local/seed.js';

/**
 * Issue 11 point 7: the simulated cloud raises AWS's codes, so the adapters' code checks (error-codes*.test.ts) hold
 * on it too and the scenario tests run the same recognition as AWS does. Real adapters, real SDK clients.
 */
function adaptersOnSimulatedCloud(): { cloud: Cloud; seed: ReturnType<typeof createSeededCloud>['seed'] } {
  const { cloud: simulated, seed } = createSeededCloud();
  const clients = createAwsClients({ region: 'us-east-1' });
  attachSimulatedCloud(clients.ecs, simulated, 'ecs');
  attachSimulatedCloud(clients.elb, simulated, 'elbv2');
  attachSimulatedCloud(clients.route53, simulated, 'route53');
  attachSimulatedCloud(clients.dynamodb, simulated, 'dynamodb');
  ensureLockTable(simulated.dynamodb, SIMULATED_LOCK_TABLE);
  const retry = { sleep: async () => undefined };
  return { cloud: createAwsCloud(clients, { cluster: seed.clusterName, hostedZoneId: seed.hostedZoneId, lockTable: SIMULATED_LOCK_TABLE, retry }), seed };
}

const webGroup = (seed: ReturnType<typeof createSeededCloud>['seed']) => seed.apps.web.targetGroupArn ?? '';

describe('AWS error codes on the simulated cloud', () => {
  it('finds no task definition when ECS cannot describe it (ClientException)', async () => {
    const { cloud } = adaptersOnSimulatedCloud();

    await expect(cloud.services.describeTaskDefinition('ghost:1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('takes a revision ECS does not know as deregistered already (ClientException)', async () => {
    const { cloud, seed } = adaptersOnSimulatedCloud();

    await expect(cloud.services.deregisterRevision(`arn:aws:ecs:us-east-1:${seed.accountId}:task-definition/ghost:1`)).resolves.toBeUndefined();
  });

  it('takes a service that does not exist as deleted already (ServiceNotFoundException)', async () => {
    const { cloud } = adaptersOnSimulatedCloud();

    await expect(cloud.services.deleteService('ghost')).resolves.toBeUndefined();
  });

  it('reports a priority taken by another rule as PriorityTakenError (PriorityInUseException)', async () => {
    // Prepare
    const { cloud, seed } = adaptersOnSimulatedCloud();
    const rule = { listenerArn: seed.listenerArn, priority: 4242, hostHeader: 'a.dev.example.com', targetGroupArn: webGroup(seed), tags: {} };
    await cloud.router.createRule(rule);

    // Act
    const second = cloud.router.createRule({ ...rule, hostHeader: 'b.dev.example.com' });

    // Assess
    await expect(second).rejects.toBeInstanceOf(PriorityTakenError);
  });

  it('reports a target group name held with other settings as TargetGroupNameTakenError (DuplicateTargetGroupNameException)', async () => {
    // Prepare
    const { cloud, seed } = adaptersOnSimulatedCloud();
    const group: TargetGroupSpec = {
      name: 'devenv-web-pr-1',
      protocol: 'HTTP',
      port: 8080,
      vpcId: seed.vpcId,
      targetType: 'ip',
      healthCheck: { path: '/health' },
      deregistrationDelaySeconds: 30,
      tags: {},
    };
    await cloud.router.createTargetGroup(group);

    // Act
    const second = cloud.router.createTargetGroup({ ...group, port: 9090 });

    // Assess
    await expect(second).rejects.toBeInstanceOf(TargetGroupNameTakenError);
  });

  it('takes a target group or rule that does not exist as deleted already (TargetGroupNotFound, RuleNotFound)', async () => {
    const { cloud, seed } = adaptersOnSimulatedCloud();
    const elb = `arn:aws:elasticloadbalancing:us-east-1:${seed.accountId}`;

    await expect(cloud.router.deleteTargetGroup(`${elb}:targetgroup/ghost/0123456789abcdef`)).resolves.toBeUndefined();
    await expect(cloud.router.deleteRule(`${seed.listenerArn.replace(':listener/', ':listener-rule/')}/0123456789abcdef`)).resolves.toBeUndefined();
  });

  it('reports a DNS record that exists as RecordExistsError (InvalidChangeBatch)', async () => {
    // Prepare
    const { cloud, seed } = adaptersOnSimulatedCloud();
    const records = {
      host: 'pr-1.dev.example.com',
      alias: { dnsName: seed.loadBalancerDnsName, hostedZoneId: seed.canonicalHostedZoneId, evaluateTargetHealth: false },
      ownership: { value: 'devenv:v1 environment=pr-1', ttl: 60 },
    };
    await cloud.dns.create(records);

    // Act
    const second = cloud.dns.create(records);

    // Assess
    await expect(second).rejects.toBeInstanceOf(RecordExistsError);
  });

  it('answers "held" to a lease another owner holds (ConditionalCheckFailedException)', async () => {
    // Prepare
    const { cloud } = adaptersOnSimulatedCloud();
    const lease = { key: 'environment/pr-1', operation: 'create', now: new Date('2026-11-25T10:00:00Z'), until: new Date('2026-11-25T10:15:00Z') };
    await cloud.locks.acquire({ ...lease, owner: 'first' });

    // Act
    const taken = await cloud.locks.acquire({ ...lease, owner: 'second' });

    // Assess
    expect(taken).toBe(false);
  });
});
