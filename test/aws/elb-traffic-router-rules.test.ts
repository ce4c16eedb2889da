import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  PriorityInUseException,
  TooManyRulesException,
  RuleNotFoundException,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError, PriorityTakenError, QuotaExceededError } from '../../src/core/errors.js';
import { defaultRule, elb, hostRule, router, tagEverything, throttled } from './elb-traffic-router-setup.js';
import { LISTENER_ARN, ruleArn, targetGroupArn } from './fixtures.js';
import { DEFAULT_RETRY } from '../../src/aws/retry.js';

beforeEach(() => {
  elb.reset();
});

describe('Class: ElbTrafficRouter', () => {
  describe('Method: listRules', () => {
    it('pages with PageSize 400 and Marker', async () => {
      // Prepare
      elb
        .on(DescribeRulesCommand)
        .resolvesOnce({ Rules: [hostRule('r1', 10, 'pr-1.dev.example.com', 'devenv-a')], NextMarker: 'm2' })
        .resolvesOnce({ Rules: [defaultRule] });
      tagEverything();

      // Act
      const rules = await router().listRules(LISTENER_ARN);

      // Assess
      expect(elb).toHaveReceivedNthCommandWith(DescribeRulesCommand, 1, { ListenerArn: LISTENER_ARN, PageSize: 400 });
      expect(elb).toHaveReceivedNthCommandWith(DescribeRulesCommand, 2, { ListenerArn: LISTENER_ARN, PageSize: 400, Marker: 'm2' });
      expect(rules).toHaveLength(2);
    });

    it('reads the tags of only the rules routing the host when a host is given (case-insensitively)', async () => {
      // Prepare
      elb.on(DescribeRulesCommand).resolves({
        Rules: [hostRule('r1', 10, 'pr-1.dev.example.com', 'devenv-a'), hostRule('r2', 11, 'PR-2.dev.example.com', 'devenv-b'), defaultRule],
      });
      tagEverything();

      // Act
      const rules = await router().listRules(LISTENER_ARN, { host: 'pr-2.dev.example.com' });

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DescribeTagsCommand, 1);
      expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [ruleArn('r2')] });
      expect(rules.map((rule) => [rule.arn, rule.tags])).toEqual([
        [ruleArn('r1'), {}],
        [ruleArn('r2'), { owner: 'devenv' }],
        [ruleArn('default'), {}],
      ]);
    });

    it('maps host headers, forward targets, numeric priority and tags', async () => {
      // Prepare
      elb.on(DescribeRulesCommand).resolves({ Rules: [hostRule('r1', 10, 'pr-1.dev.example.com', 'devenv-a'), defaultRule] });
      tagEverything();

      // Act
      const rules = await router().listRules(LISTENER_ARN);

      // Assess
      expect(rules).toEqual([
        {
          arn: ruleArn('r1'),
          priority: 10,
          hostHeaders: ['pr-1.dev.example.com'],
          targetGroupArns: [targetGroupArn('devenv-a')],
          tags: { owner: 'devenv' },
        },
        { arn: ruleArn('default'), priority: 'default', hostHeaders: [], targetGroupArns: [], tags: {} },
      ]);
    });

    it('reads legacy host-header Values and weighted forward target groups', async () => {
      // Prepare
      const legacy: Rule = {
        RuleArn: ruleArn('r2'),
        Priority: '20',
        Conditions: [{ Field: 'host-header', Values: ['legacy.dev.example.com'] }],
        Actions: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: targetGroupArn('blue'), Weight: 90 },
                { TargetGroupArn: targetGroupArn('green'), Weight: 10 },
              ],
            },
          },
        ],
      };
      elb.on(DescribeRulesCommand).resolves({ Rules: [legacy] });
      tagEverything();

      // Act
      const [rule] = await router().listRules(LISTENER_ARN);

      // Assess
      expect(rule?.hostHeaders).toEqual(['legacy.dev.example.com']);
      expect(rule?.targetGroupArns).toEqual([targetGroupArn('blue'), targetGroupArn('green')]);
    });

    it('asks tags of non-default rules only, at most 20 per call', async () => {
      // Prepare
      const rules = Array.from({ length: 25 }, (_, index) => hostRule(`r${index}`, index + 1, `pr-${index}.dev.example.com`, 'g'));
      elb.on(DescribeRulesCommand).resolves({ Rules: [...rules, defaultRule] });
      tagEverything();

      // Act
      await router().listRules(LISTENER_ARN);

      // Assess
      const batches = elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns ?? []);
      expect(batches.map((batch) => batch.length)).toEqual([20, 5]);
      expect(batches.flat()).not.toContain(ruleArn('default'));
    });
  });

  describe('Method: createRule', () => {
    const spec = {
      listenerArn: LISTENER_ARN,
      priority: 17,
      hostHeader: 'pr-1.dev.example.com',
      targetGroupArn: targetGroupArn('devenv-web-pr-1'),
      tags: { 'devenv:environment': 'pr-1' },
    };

    it('creates a host-header rule that forwards to the group, with tags', async () => {
      // Prepare
      elb.on(CreateRuleCommand).resolves({ Rules: [hostRule('r17', 17, 'pr-1.dev.example.com', 'devenv-web-pr-1')] });

      // Act
      const rule = await router().createRule(spec);

      // Assess
      expect(elb.commandCalls(CreateRuleCommand)[0]!.args[0].input).toEqual({
        ListenerArn: LISTENER_ARN,
        Priority: 17,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['pr-1.dev.example.com'] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn('devenv-web-pr-1') }],
        Tags: [{ Key: 'devenv:environment', Value: 'pr-1' }],
      });
      expect(rule).toEqual({
        arn: ruleArn('r17'),
        priority: 17,
        hostHeaders: ['pr-1.dev.example.com'],
        targetGroupArns: [targetGroupArn('devenv-web-pr-1')],
        tags: { 'devenv:environment': 'pr-1' },
      });
    });

    it('throws PriorityTakenError when the priority is in use', async () => {
      // Prepare
      const error = new PriorityInUseException({ message: "Priority '17' is currently in use", $metadata: {} });
      elb.on(CreateRuleCommand).rejects(error);

      // Act
      const failure = await router().createRule(spec).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(PriorityTakenError);
      expect(failure).toMatchObject({ priority: 17, cause: error });
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, 1);
    });

    it('throws QuotaExceededError, sent once, when the load balancer has all the rules AWS allows', async () => {
      // Prepare
      elb.on(CreateRuleCommand).rejects(new TooManyRulesException({ message: "You've reached the limit on the number of rules per load balancer", $metadata: {} }));

      // Act
      const failure = await router().createRule(spec).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(QuotaExceededError);
      expect((failure as Error).message).toMatch(/listener rules .* raise the quota/);
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, 1);
    });
  });

  describe('Method: deleteRule', () => {
    it('deletes the rule by ARN', async () => {
      // Prepare
      elb.on(DeleteRuleCommand).resolves({});

      // Act
      await router().deleteRule(ruleArn('r17'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DeleteRuleCommand, { RuleArn: ruleArn('r17') });
    });

    it('succeeds when the rule is already gone', async () => {
      // Prepare
      elb.on(DeleteRuleCommand).rejects(new RuleNotFoundException({ message: 'One or more rules not found', $metadata: {} }));

      // Act
      const done = router().deleteRule(ruleArn('r17'));

      // Assess
      await expect(done).resolves.toBeUndefined();
    });
  });

  describe('Throttling', () => {
    it('retries throttled DescribeRules until it succeeds', async () => {
      // Prepare
      elb.on(DescribeRulesCommand).rejectsOnce(throttled()).resolves({ Rules: [defaultRule] });

      // Act
      const rules = await router().listRules(LISTENER_ARN);

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DescribeRulesCommand, 2);
      expect(rules).toHaveLength(1);
    });

    it('throws a CloudError naming the operation when throttling never stops', async () => {
      // Prepare
      elb.on(CreateRuleCommand).rejects(throttled());

      // Act
      const failure = await router()
        .createRule({ listenerArn: LISTENER_ARN, priority: 1, hostHeader: 'a.example.com', targetGroupArn: targetGroupArn('a'), tags: {} })
        .catch((e: unknown) => e);

      // Assess
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, DEFAULT_RETRY.maxAttempts);
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'elasticloadbalancing:CreateRule' });
    });
  });
});
