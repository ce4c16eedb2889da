import { describe, expect, it } from 'vitest';
import { simulated } from '../../support/simulated.js';

const owner = 'github:acme/web@octocat';

describe('Class: Engine — a host the listener routes with a rule devenv did not make', () => {
  it('refuses the create with a conflict naming that rule, and leaves nothing of its own behind', async () => {
    // Prepare: a hand-made rule for pr-1's host, forwarding to the baseline's own target group
    const world = simulated();
    const baselineGroup = (world.cloud.invoke('elbv2', 'DescribeTargetGroups', {}) as { TargetGroups: Array<{ TargetGroupArn: string }> }).TargetGroups[0]!.TargetGroupArn;
    const { Rules } = world.cloud.invoke('elbv2', 'CreateRule', {
      ListenerArn: world.config.listenerArn,
      Priority: 7,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['pr-1.dev.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: baselineGroup }],
    }) as { Rules: Array<{ RuleArn: string }> };
    const before = await world.inspect();

    // Act
    const error = await world.engine.create({ name: 'pr-1', app: 'web', owner }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: 'conflict', context: { envName: 'pr-1', resource: Rules[0]!.RuleArn } });
    expect(await world.inspect()).toEqual(before);
  });

  it('makes one rule for the host when its first CreateRule was applied and only the answer was lost', async () => {
    // Prepare: the SDK sends the CreateRule again after a lost answer; AWS refuses the priority our own rule now holds
    const world = simulated();
    world.cloud.faults.inject({ command: 'CreateRule', error: { name: 'RequestTimeout' }, retried: true });

    // Act
    const created = await world.engine.create({ name: 'pr-1', app: 'web', owner });

    // Assess
    expect(created.outcome).toBe('created');
    expect((await world.inspect()).rules.filter((rule) => rule.includes('pr-1.dev.example.com'))).toHaveLength(1);
  });
});
