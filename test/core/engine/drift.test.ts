import { DeleteRuleCommand, DeleteTargetGroupCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import type { EnvironmentPart } from '../../../src/core/drift.js';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { simulated } from '../../support/simulated.js';

const owner = 'github:acme/web@octocat';
const HOST = 'pr-1.dev.example.com';
type World = ReturnType<typeof simulated>;

function sdk(world: World) {
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials });
  const route53 = new Route53Client({ region: 'us-east-1', credentials });
  attachSimulatedCloud(elb, world.cloud, 'elbv2');
  attachSimulatedCloud(route53, world.cloud, 'route53');
  return { elb, route53 };
}

/** Deletes by hand, with plain SDK calls, what an operator (or a destroy that stopped half-way) would. */
async function deleteByHand(world: World, what: 'listener rule' | 'target group' | 'DNS records' | 'alias record', targetGroupArn: string): Promise<void> {
  const { elb, route53 } = sdk(world);
  if (what === 'listener rule' || what === 'target group') {
    const { Rules } = await elb.send(new DescribeRulesCommand({ ListenerArn: world.config.listenerArn }));
    const rule = Rules!.find((each) => each.Conditions?.some((condition) => condition.HostHeaderConfig?.Values?.includes(HOST)))!;
    await elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn! }));
    // ELB refuses to delete a target group a rule still forwards to: its rule goes first, as it would by hand.
    if (what === 'target group') await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: targetGroupArn }));
    return;
  }
  const { ResourceRecordSets } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: world.config.hostedZoneId, StartRecordName: HOST }));
  const sets = ResourceRecordSets!.filter((set) => set.Name === `${HOST}.` && (what === 'DNS records' || set.Type === 'A'));
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: world.config.hostedZoneId,
      ChangeBatch: { Changes: sets.map((set) => ({ Action: 'DELETE', ResourceRecordSet: set })) },
    }),
  );
}

const CASES: Array<{ deleted: Parameters<typeof deleteByHand>[1]; missing: EnvironmentPart[] }> = [
  { deleted: 'listener rule', missing: ['listener-rule'] },
  { deleted: 'target group', missing: ['target-group', 'listener-rule'] },
  { deleted: 'DNS records', missing: ['dns-record'] },
  { deleted: 'alias record', missing: ['dns-record'] },
];

describe('Class: Engine — drift', () => {
  for (const { deleted, missing } of CASES) {
    for (const fix of ['PUT', 'repair'] as const) {
      it(`shows the ${deleted} deleted by hand as degraded, and ${fix} restores it until GET reports running with every part`, async () => {
        // Prepare: a running environment
        const world = simulated();
        const created = await world.engine.create({ name: 'pr-1', app: 'web', owner });
        world.advance(60_000);
        expect((await world.engine.get('pr-1')).status).toBe('running');
        const whole = await world.inspect();

        // Act: the part goes out of band
        await deleteByHand(world, deleted, created.environment.targetGroupArn!);

        // Assess: GET and list both name it
        const degraded = await world.engine.get('pr-1');
        expect(degraded).toMatchObject({ status: 'degraded', missing: missing.map((part) => ({ part, name: expect.any(String) })) });
        expect(degraded.statusReason).toMatch(/missing/);
        const [listed] = await world.engine.list();
        expect(listed).toMatchObject({ name: 'pr-1', status: 'degraded' });
        expect(listed!.missing!.map((each) => each.part)).toEqual(expect.arrayContaining(missing.filter((part) => part !== 'target-group')));

        // Act: the fix
        if (fix === 'PUT') {
          const put = await world.engine.create({ name: 'pr-1', app: 'web', owner });
          expect(put.outcome).toBe('updated');
          expect(put.repaired?.map((each) => each.part)).toEqual(missing);
        } else {
          const repaired = await world.engine.repair('pr-1');
          expect(repaired.repaired.map((each) => each.part)).toEqual(missing);
        }
        world.advance(60_000);

        // Assess: running, nothing missing, the same parts (by name) as before
        const fetched = await world.engine.get('pr-1');
        expect(fetched.status).toBe('running');
        expect(fetched.missing).toBeUndefined();
        const after = await world.inspect();
        expect(after.targetGroups).toEqual(whole.targetGroups);
        expect(after.records).toEqual(whole.records);
        expect(after.rules.filter((rule) => rule.endsWith(` ${HOST}`))).toHaveLength(1);
        expect((await world.engine.list())[0]).toMatchObject({ status: 'running' });
      });
    }
  }

  it('reports drift in the sweep summary, from its own listing, and removes nothing of a live environment', async () => {
    // Prepare: pr-1 loses its rule and DNS records, pr-2 is whole
    const world = simulated();
    const { environment } = await world.engine.create({ name: 'pr-1', app: 'web', owner });
    await world.engine.create({ name: 'pr-2', app: 'web', owner });
    await deleteByHand(world, 'listener rule', environment.targetGroupArn!);
    await deleteByHand(world, 'DNS records', environment.targetGroupArn!);
    const before = await world.inspect();

    // Act
    const plan = await world.engine.planSweep();
    const report = await world.engine.sweep();

    // Assess
    expect(report.drift).toEqual([
      {
        name: 'pr-1',
        missing: [
          { part: 'listener-rule', name: HOST },
          { part: 'dns-record', name: HOST },
        ],
      },
    ]);
    expect(plan.drift).toEqual(report.drift);
    expect(report.removed).toEqual([]);
    expect(await world.inspect()).toEqual(before);
    expect(report.calls.filter((call) => call.command === 'DescribeRules')).toHaveLength(1);
  });

  it('repairs nothing and reports nothing missing when every part is in place', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner });
    const before = await world.inspect();

    const { repaired } = await world.engine.repair('pr-1');

    expect(repaired).toEqual([]);
    expect(await world.inspect()).toEqual(before);
  });

  it('answers not_found to a repair of an environment that does not exist', async () => {
    const world = simulated();

    await expect(world.engine.repair('nothing-here')).rejects.toMatchObject({ code: 'not_found' });
  });
});
