import { DescribeTaskDefinitionCommand, ListServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateRuleCommand, DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { rateFloorSeconds } from '../../src/local/rate-model.js';
import { rejectionOf, world, type World } from './fixtures.js';

const registerWeb = (w: World) =>
  w.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'web', image: 'repo/web:2', memory: 512 }] }));

/** A change batch of `count` A records under the seeded zone. */
function batch(w: World, action: 'CREATE' | 'UPSERT', count: number, from = 0) {
  return new ChangeResourceRecordSetsCommand({
    HostedZoneId: w.seed.hostedZoneId,
    ChangeBatch: {
      Changes: Array.from({ length: count }, (_, i) => ({
        Action: action,
        ResourceRecordSet: { Name: `h${from + i}.dev.example.com`, Type: 'A', TTL: 60, ResourceRecords: [{ Value: '10.0.0.1' }] },
      })),
    },
  });
}

describe('Class: RateModel', () => {
  it('throttles nothing unless asked: 300 reads in one instant all pass', async () => {
    // Prepare
    const w = world();

    // Act
    for (let i = 0; i < 300; i += 1) await w.ecs.send(new ListServicesCommand({ cluster: 'dev' }));

    // Assess
    expect(w.cloud.rates).toBeUndefined();
  });

  it('lets ECS RegisterTaskDefinition burst to 20, throttles the 21st, and refills one a second on the cloud clock', async () => {
    // Prepare
    const w = world({ rateModel: true });
    for (let i = 0; i < 20; i += 1) await registerWeb(w);

    // Act
    const throttled = await rejectionOf(registerWeb(w));
    w.advanceSeconds(1);
    const after = await registerWeb(w);

    // Assess
    expect(throttled).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    expect(after.taskDefinition?.revision).toBe(22);
    expect(w.cloud.rates?.throttled).toEqual([{ service: 'ecs', command: 'RegisterTaskDefinition', bucket: 'ecs:task-definition-modify', at: expect.any(Number) }]);
  });

  it('keeps ECS families apart: a drained task-definition bucket leaves reads alone', async () => {
    // Prepare
    const w = world({ rateModel: true });
    for (let i = 0; i < 20; i += 1) await registerWeb(w);

    // Act
    const read = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));

    // Assess
    expect(read.taskDefinition?.family).toBe('web');
  });

  it('changes nothing when it throttles a call', async () => {
    // Prepare
    const w = world({ rateModel: true });
    for (let i = 0; i < 20; i += 1) await registerWeb(w);

    // Act
    await rejectionOf(registerWeb(w));

    // Assess
    const latest = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));
    expect(latest.taskDefinition?.revision).toBe(21);
  });

  it('shares the ELBv2 account-level bucket between families: 40 reads leave no token for a CreateRule', async () => {
    // Prepare
    const w = world({ rateModel: true });
    for (let i = 0; i < 40; i += 1) await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));

    // Act
    const failure = await rejectionOf(
      w.elb.send(
        new CreateRuleCommand({
          ListenerArn: w.seed.listenerArn,
          Priority: 7,
          Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['a.dev.example.com'] } }],
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
        }),
      ),
    );

    // Assess
    expect(failure.name).toBe('Throttling');
    expect(w.cloud.rates?.throttled.at(-1)).toMatchObject({ command: 'CreateRule', bucket: 'elbv2:account' });
  });

  it('counts Route 53 change throughput in record changes: 1,000 creates pass, 300 upserts more do not', async () => {
    // Prepare
    const w = world({ rateModel: true });
    await w.route53.send(batch(w, 'CREATE', 1_000));

    // Act
    const failure = await rejectionOf(w.route53.send(batch(w, 'UPSERT', 300)));
    w.advanceSeconds(1);
    await w.route53.send(batch(w, 'UPSERT', 300));

    // Assess
    expect(failure.name).toBe('Throttling');
    expect(w.cloud.rates?.throttled).toEqual([expect.objectContaining({ bucket: 'route53:changes' })]);
  });

  it('gives each Route 53 action its own bucket of 50 under the account-level one', async () => {
    // Prepare
    const w = world({ rateModel: true });
    for (let i = 0; i < 50; i += 1) await w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId }));

    // Act
    const failure = await rejectionOf(w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId })));

    // Assess
    expect(failure.name).toBe('Throttling');
    expect(w.cloud.rates?.level('route53:account')).toBe(0);
  });
});

describe('Function: rateFloorSeconds', () => {
  it('is what the slowest bucket needs beyond its burst: 60 registrations take 40 s at 1/s after a burst of 20', () => {
    const calls = [
      ...Array.from({ length: 60 }, () => ({ service: 'ecs' as const, command: 'RegisterTaskDefinition' })),
      ...Array.from({ length: 300 }, () => ({ service: 'ecs' as const, command: 'DescribeServices' })),
    ];

    expect(rateFloorSeconds(calls)).toBe(40);
  });

  it('is 0 when every bucket covers its calls with its burst', () => {
    expect(rateFloorSeconds([{ service: 'elbv2', command: 'DescribeRules' }])).toBe(0);
    expect(rateFloorSeconds([])).toBe(0);
  });
});
