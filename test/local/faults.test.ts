import { CreateRuleCommand, DescribeRulesCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListServicesCommand } from '@aws-sdk/client-ecs';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { rejectionOf, world } from './fixtures.js';

describe('Class: FaultInjector', () => {
  describe('Method: inject', () => {
    it('fails the next call of the command with the given error, then lets calls through', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.inject({ command: 'DescribeTargetGroupsCommand', error: { name: 'InternalFailure', message: 'boom' } });

      // Act
      const error = await rejectionOf(w.elb.send(new DescribeTargetGroupsCommand({})));
      const after = await w.elb.send(new DescribeTargetGroupsCommand({}));

      // Assess
      expect(error).toMatchObject({ name: 'InternalFailure', message: 'boom', $fault: 'client' });
      expect(after.TargetGroups).toHaveLength(3);
    });

    it('with afterRunning, makes the change and then answers the error (a response lost on the way back)', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.inject({ command: 'CreateRule', error: { name: 'RequestTimeout' }, afterRunning: true });

      // Act
      const error = await rejectionOf(
        w.elb.send(
          new CreateRuleCommand({
            ListenerArn: w.seed.listenerArn,
            Priority: 77,
            Conditions: [{ Field: 'host-header', Values: ['lost.dev.example.com'] }],
            Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
          }),
        ),
      );

      // Assess
      expect(error).toMatchObject({ name: 'RequestTimeout' });
      const { Rules = [] } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));
      expect(Rules.map((rule) => rule.Priority)).toContain('77');
    });

    it('fails only the calls whose input matches `when`, `times` times', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.inject({ command: 'CreateRule', error: { name: 'PriorityInUseException' }, times: 2, when: (input) => input.Priority === 7 });
      const rule = (Priority: number) =>
        new CreateRuleCommand({
          ListenerArn: w.seed.listenerArn,
          Priority,
          Conditions: [{ Field: 'host-header', Values: [`p${Priority}.dev.example.com`] }],
          Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
        });

      // Act
      const other = await w.elb.send(rule(8));
      const first = await rejectionOf(w.elb.send(rule(7)));
      const second = await rejectionOf(w.elb.send(rule(7)));
      const third = await w.elb.send(rule(7));

      // Assess
      expect(other.Rules?.[0]?.Priority).toBe('8');
      expect([first.name, second.name]).toEqual(['PriorityInUseException', 'PriorityInUseException']);
      expect(third.Rules?.[0]?.Priority).toBe('7');
    });

    it('keeps failing with times: Infinity until cleared', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.inject({ command: 'ListServices', error: { name: 'ServerException' }, times: Infinity });

      // Act
      const failures = [await rejectionOf(w.ecs.send(new ListServicesCommand({ cluster: 'dev' }))), await rejectionOf(w.ecs.send(new ListServicesCommand({ cluster: 'dev' })))];
      w.cloud.faults.clear();
      const after = await w.ecs.send(new ListServicesCommand({ cluster: 'dev' }));

      // Assess
      expect(failures.map((e) => e.name)).toEqual(['ServerException', 'ServerException']);
      expect(after.serviceArns).toHaveLength(4);
    });
  });

  describe('Method: throttle', () => {
    it('uses each service’s own throttling error name', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.throttle('ListServices');
      w.cloud.faults.throttle('DescribeTargetGroups');
      w.cloud.faults.throttle('ListHostedZones');

      // Act
      const errors = [
        await rejectionOf(w.ecs.send(new ListServicesCommand({ cluster: 'dev' }))),
        await rejectionOf(w.elb.send(new DescribeTargetGroupsCommand({}))),
        await rejectionOf(w.route53.send(new ListHostedZonesCommand({}))),
      ];

      // Assess
      expect(errors.map((e) => e.name)).toEqual(['ThrottlingException', 'Throttling', 'Throttling']);
      expect(errors[0]?.message).toBe('Rate exceeded');
    });
  });

  describe('Option: retried', () => {
    it('runs the call, loses its answer, and answers the SDK retry of the same request', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.inject({ command: 'CreateRule', error: { name: 'RequestTimeout' }, retried: true });
      const create = new CreateRuleCommand({
        ListenerArn: w.seed.listenerArn,
        Priority: 78,
        Conditions: [{ Field: 'host-header', Values: ['retried.dev.example.com'] }],
        Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      });

      // Act: the retry meets the first attempt's rule
      const error = await rejectionOf(w.elb.send(create));

      // Assess
      expect(error.name).toBe('PriorityInUseException');
      expect(w.cloud.faults.callsOf('CreateRule')).toHaveLength(2);
      const { Rules = [] } = await w.elb.send(new DescribeRulesCommand({ ListenerArn: w.seed.listenerArn }));
      expect(Rules.filter((rule) => rule.Priority === '78')).toHaveLength(1);
    });
  });

  describe('Method: hold', () => {
    it('keeps matching calls from running until released, and lets others through meanwhile', async () => {
      // Prepare
      const w = world();
      const held = w.cloud.faults.hold({ command: 'ListServices' });
      let answered = false;

      // Act
      const listing = w.ecs.send(new ListServicesCommand({ cluster: 'dev' })).then((out) => {
        answered = true;
        return out;
      });
      await held.reached;
      await w.elb.send(new DescribeTargetGroupsCommand({}));
      const answeredWhileHeld = answered;
      held.release();
      const listed = await listing;

      // Assess
      expect(answeredWhileHeld).toBe(false);
      expect(listed.serviceArns?.length).toBeGreaterThan(0);
    });
  });

  describe('Property: calls', () => {
    it('records every call in order, failed ones included, with a copy of the input', async () => {
      // Prepare
      const w = world();
      w.cloud.faults.throttle('ListServices');
      const input = { cluster: 'dev' };

      // Act
      await rejectionOf(w.ecs.send(new ListServicesCommand(input)));
      await w.ecs.send(new ListServicesCommand(input));
      input.cluster = 'mutated';

      // Assess
      expect(w.cloud.faults.calls).toEqual([
        { service: 'ecs', command: 'ListServices', input: { cluster: 'dev' } },
        { service: 'ecs', command: 'ListServices', input: { cluster: 'dev' } },
      ]);
      expect(w.cloud.faults.callsOf('ListServicesCommand')).toHaveLength(2);
    });
  });
});
