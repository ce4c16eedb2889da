import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type CreateTargetGroupCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { expect } from 'vitest';
import type { Backend } from './support/backends.js';
import { attempt, expectAws } from './support/probe.js';
import { scenario } from './support/scenario.js';

/**
 * The ELBv2 rules devenv's TrafficRouter leans on, probed with plain SDK calls on both backends. Each scenario pins one
 * rule: on the simulated cloud as AWS documents it, on moto as it is or as known-differences.ts says it differs.
 */

const group = (backend: Backend, name: string, overrides: Partial<CreateTargetGroupCommandInput> = {}): CreateTargetGroupCommandInput => ({
  Name: name,
  Protocol: 'HTTP',
  Port: 8080,
  VpcId: backend.ids.vpcId,
  TargetType: 'ip',
  ...overrides,
});

const hostRule = (backend: Backend, priority: number, host: string, targetGroupArn = backend.ids.targetGroupArn) =>
  new CreateRuleCommand({
    ListenerArn: backend.ids.listenerArn,
    Priority: priority,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [host] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
  });

scenario('ELBv2: CreateTargetGroup again with the same settings returns the same group', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  const first = await elb.send(new CreateTargetGroupCommand(group(backend, 'probe-same')));
  let again: string | undefined;
  const outcome = await attempt(async () => {
    again = (await elb.send(new CreateTargetGroupCommand(group(backend, 'probe-same')))).TargetGroups?.[0]?.TargetGroupArn;
  });
  const observed = { outcome, sameGroup: again === first.TargetGroups?.[0]?.TargetGroupArn };
  note('create again', observed);
  expectAws(backend, observed, { outcome: { ok: true }, sameGroup: true });
});

scenario('ELBv2: CreateTargetGroup with a taken name and other settings fails', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  await elb.send(new CreateTargetGroupCommand(group(backend, 'probe-taken')));
  const outcome = await attempt(() => elb.send(new CreateTargetGroupCommand(group(backend, 'probe-taken', { Port: 9090 }))));
  note('create with other settings', outcome);
  expect(outcome).toEqual({ error: 'DuplicateTargetGroupNameException' });
});

scenario('ELBv2: CreateRule at a priority in use fails', async ({ backend, note }) => {
  const outcome = await attempt(() => backend.sdk.elb.send(hostRule(backend, 10, 'other.dev.example.com')));
  note('create at priority 10', outcome);
  expect(outcome).toEqual({ error: 'PriorityInUseException' });
});

scenario('ELBv2: DeleteRule of a rule that is gone fails', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  const { Rules } = await elb.send(hostRule(backend, 30, 'gone.dev.example.com'));
  const RuleArn = Rules![0]!.RuleArn!;
  await elb.send(new DeleteRuleCommand({ RuleArn }));
  const outcome = await attempt(() => elb.send(new DeleteRuleCommand({ RuleArn })));
  note('delete again', outcome);
  expectAws(backend, outcome, { error: 'RuleNotFoundException' });
});

scenario('ELBv2: DeleteTargetGroup while a rule forwards to it fails', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  const { TargetGroups } = await elb.send(new CreateTargetGroupCommand(group(backend, 'probe-in-use')));
  const arn = TargetGroups![0]!.TargetGroupArn!;
  await elb.send(hostRule(backend, 30, 'in-use.dev.example.com', arn));
  const outcome = await attempt(() => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })));
  note('delete in use', outcome);
  expect(outcome).toEqual({ error: 'ResourceInUseException' });
});

scenario('ELBv2: DescribeTags of a deleted target group fails', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  const { TargetGroups } = await elb.send(new CreateTargetGroupCommand(group(backend, 'probe-deleted', { Tags: [{ Key: 'a', Value: 'b' }] })));
  const arn = TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
  const outcome = await attempt(() => elb.send(new DescribeTagsCommand({ ResourceArns: [arn, backend.ids.targetGroupArn] })));
  note('describe tags', outcome);
  expectAws(backend, outcome, { error: 'TargetGroupNotFoundException' });
});

scenario('ELBv2: DescribeTargetGroups pages by PageSize', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  await elb.send(new CreateTargetGroupCommand(group(backend, 'probe-page')));
  const first = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 1 }));
  const observed = { onFirstPage: first.TargetGroups?.length, more: first.NextMarker !== undefined };
  note('first page', observed);
  expectAws(backend, observed, { onFirstPage: 1, more: true });
});

scenario('ELBv2: DescribeRules pages by PageSize', async ({ backend, note }) => {
  const { elb } = backend.sdk;
  await elb.send(hostRule(backend, 30, 'page.dev.example.com'));
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await elb.send(new DescribeRulesCommand({ ListenerArn: backend.ids.listenerArn, PageSize: 1, Marker: marker }));
    seen.push(...(page.Rules ?? []).map((rule) => rule.Priority!));
    marker = page.NextMarker;
    pages += 1;
  } while (marker && pages < 10);
  note('pages', { pages, priorities: seen.sort() });
  expect({ pages, priorities: seen }).toEqual({ pages: 3, priorities: ['10', '30', 'default'] });
});
