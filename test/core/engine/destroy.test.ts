import { DeleteRuleCommand, DeleteTargetGroupCommand, DescribeRulesCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { MINUTE, simulated } from '../../support/simulated.js';

const owner = 'alice';
/** Long enough for a deleted service to stop draining. */
const DRAINED = 5 * MINUTE;
const injected = (command: string) => ({ name: 'InternalFailure', message: `injected failure in ${command}` });

/** Removes an environment's rule and target group behind devenv's back, as a person in the console (or a half-done destroy of an older devenv) would. */
async function deleteTargetGroupByHand(world: ReturnType<typeof simulated>, targetGroupArn: string): Promise<void> {
  const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  attachSimulatedCloud(elb, world.cloud, 'elbv2');
  const { Rules = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: world.config.listenerArn }));
  const rule = Rules.find((each) => each.Actions?.some((action) => action.TargetGroupArn === targetGroupArn))!;
  await elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn! }));
  await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: targetGroupArn }));
}

describe('Class: Engine — destroy', () => {
  // A destroy deletes a service in one forced DeleteService (no scaling to zero first): that is the call that can fail.
  for (const command of ['DeleteService']) {
    it(`keeps the target group and revision of a service whose ${command} failed, so list() still reads every environment`, async () => {
      // Prepare
      const world = simulated();
      const before = await world.inspect();
      await world.engine.create({ name: 'pr-4', app: 'web', owner });
      const created = await world.engine.create({ name: 'pr-5', app: 'web', owner, images: { web: 'repo/web:5' } });
      world.cloud.faults.inject({ command, error: injected(command) });

      // Act
      const failure = await world.engine.destroy('pr-5').then(() => undefined, (error: unknown) => error);

      // Assess: the destroy says what it could not do and keeps what the service still uses
      expect(failure).toMatchObject({ code: 'cloud_failure', message: expect.stringMatching(/service devenv-pr-5/) });
      const listed = await world.engine.list();
      expect(listed.map((environment) => environment.name)).toEqual(['pr-4', 'pr-5']);
      expect((await world.inspect()).targetGroups).toContain(created.environment.targetGroupArn!.split('/')[1]);
      expect((await world.inspect()).revisions).toContain(created.environment.service.taskDefinitionArn.split('/')[1]);

      // Act: destroying again finishes the job
      await world.engine.destroy('pr-5');
      await world.engine.destroy('pr-4');

      // Assess
      world.advance(DRAINED);
      expect(await world.inspect()).toEqual(before);
    });
  }

  it('shows an environment whose target group is gone as degraded, naming it, and still lists the others', async () => {
    // Prepare
    const world = simulated();
    await world.engine.create({ name: 'pr-4', app: 'web', owner });
    const { environment } = await world.engine.create({ name: 'pr-5', app: 'web', owner });
    await deleteTargetGroupByHand(world, environment.targetGroupArn!);

    // Act
    const listed = await world.engine.list();
    const broken = await world.engine.get('pr-5');

    // Assess
    expect(listed.map((each) => each.name)).toEqual(['pr-4', 'pr-5']);
    expect(broken).toMatchObject({
      status: 'degraded',
      missing: [
        { part: 'target-group', name: environment.targetGroupArn!.split('/')[1] },
        { part: 'listener-rule', name: 'pr-5.dev.example.com' },
      ],
      statusReason: expect.stringContaining(`target group ${environment.targetGroupArn!.split('/')[1]}`),
    });
    expect(listed.find((each) => each.name === 'pr-5')!.status).toBe('degraded');
    expect(listed.find((each) => each.name === 'pr-4')!.status).not.toBe('degraded');
  });

  it('deregisters a revision that a half-done destroy left behind when destroyed again', async () => {
    // Prepare: the first destroy removes everything but the revision
    const world = simulated();
    const before = await world.inspect();
    await world.engine.create({ name: 'pr-6', app: 'web', owner, images: { web: 'repo/web:6' } });
    world.cloud.faults.inject({ command: 'DeregisterTaskDefinition', error: injected('DeregisterTaskDefinition') });
    await expect(world.engine.destroy('pr-6')).rejects.toMatchObject({ code: 'cloud_failure' });
    expect((await world.inspect()).revisions).toHaveLength(before.revisions.length + 1);

    // Act
    const again = await world.engine.destroy('pr-6');

    // Assess
    expect(again).toMatchObject({ found: true, removed: [{ kind: 'task-definition', id: expect.any(String) }] });
    expect((await world.inspect()).revisions).toEqual(before.revisions);
  });

  it('deregisters the revision an update could not clean up', async () => {
    // Prepare
    const world = simulated();
    const before = await world.inspect();
    await world.engine.create({ name: 'pr-7', app: 'web', owner, images: { web: 'repo/web:1' } });
    world.cloud.faults.inject({ command: 'DeregisterTaskDefinition', error: injected('DeregisterTaskDefinition') });
    await world.engine.create({ name: 'pr-7', app: 'web', owner, images: { web: 'repo/web:2' } });
    expect((await world.inspect()).revisions).toHaveLength(before.revisions.length + 2);

    // Act
    const destroyed = await world.engine.destroy('pr-7');

    // Assess
    expect(destroyed.removed.filter((removed) => removed.kind === 'task-definition')).toHaveLength(2);
    expect((await world.inspect()).revisions).toEqual(before.revisions);
  });

  it('survives throttling from ECS, ELBv2 and Route 53 and removes everything', async () => {
    // Prepare: every command a destroy sends is throttled twice, and Route 53 answers PriorRequestNotComplete
    // once more: 3 failures of the retry budget's 4 attempts
    const rehearsal = simulated();
    await rehearsal.engine.create({ name: 'pr-8', app: 'web', owner, images: { web: 'repo/web:8' } });
    const commands = new Set((await rehearsal.engine.destroy('pr-8')).calls.map((call) => call.command));
    const world = simulated();
    const before = await world.inspect();
    await world.engine.create({ name: 'pr-8', app: 'web', owner, images: { web: 'repo/web:8' } });
    for (const command of commands) world.cloud.faults.throttle(command, 2);
    world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'PriorRequestNotComplete' } });

    // Act
    const destroyed = await world.engine.destroy('pr-8');

    // Assess
    expect(destroyed.found).toBe(true);
    for (const command of commands) expect(world.cloud.faults.callsOf(command).length, command).toBeGreaterThanOrEqual(3);
    world.advance(DRAINED);
    expect(await world.inspect()).toEqual(before);
  });
});
