import { CreateRuleCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { expect } from 'vitest';
import { environmentNames, preferredPriority } from '../../src/core/names.js';
import { HOUR } from './support/backends.js';
import { BASELINE, elbTags } from './support/baseline.js';
import type { CloudObservation } from './support/observation.js';
import { removalView, scenario } from './support/scenario.js';

const owner = 'github:acme/web@octocat';

scenario('a foreign rule holds the preferred priority', async ({ backend, engine, step, observe }) => {
  // Prepare: someone else's rule sits exactly where pr-6 would go first
  const preferred = preferredPriority('devenv', 'pr-6', { min: 1, max: 50_000 });
  const next = preferred === 50_000 ? 1 : preferred + 1;
  await backend.sdk.elb.send(
    new CreateRuleCommand({
      ListenerArn: backend.ids.listenerArn,
      Priority: preferred,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['foreign.dev.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: backend.ids.targetGroupArn }],
      Tags: elbTags({ team: 'other' }),
    }),
  );
  const before = await observe('before');

  // Act
  await step('create', () => engine.create({ name: 'pr-6', app: 'web', owner }));
  const after = await observe('after create');

  // Assess: the next priority, and the foreign rule as it was
  expect(after.rules[String(preferred)]).toEqual(before.rules[String(preferred)]);
  expect(after.rules[String(next)]).toMatchObject({ hosts: ['pr-6.dev.example.com'], forwardTo: [`<tg:${environmentNames(engine.config.installation, 'pr-6', BASELINE.baseDomain).targetGroup}>`] });

  // Act: destroy takes only devenv's rule
  await step('destroy', () => engine.destroy('pr-6'), removalView);
  backend.advance(HOUR);
  expect(await observe('an hour later', { environments: ['pr-6'] })).toEqual(before);
});

scenario('concurrent creates share out the last free priorities', async ({ backend, step, note, failure, inspect }) => {
  // Prepare: three Lambda instances at once, and exactly three free priorities
  const overrides = { rulePriorities: { min: 100, max: 102 } };
  const envs = ['pr-7', 'pr-8', 'pr-9'];

  // Act
  await step(
    'create three at once',
    () => Promise.all(envs.map((name, index) => backend.engine(overrides).create({ name, app: 'web', owner: `owner-${index}` }))),
    (results) => results.map((result) => result.outcome),
  );
  const cloud = await inspect({ environments: envs });
  const ours = Object.entries(cloud.rules).filter(([, rule]) => rule.tags['devenv:managed-by'] === backend.config().installation);
  note('rules', { priorities: ours.map(([priority]) => priority).sort(), hosts: ours.flatMap(([, rule]) => rule.hosts).sort() });

  // Assess: one priority each, all inside the range
  expect(ours.map(([priority]) => priority).sort()).toEqual(['100', '101', '102']);
  expect(ours.flatMap(([, rule]) => rule.hosts).sort()).toEqual(envs.map((name) => `${name}.dev.example.com`));

  // Act: a fourth finds no free priority, and leaves nothing behind
  const before = await inspect({ environments: envs });
  const busy = await failure('a fourth', () => backend.engine(overrides).create({ name: 'pr-10', app: 'web', owner: 'owner-3' }));
  expect(busy).toMatchObject({ code: 'busy', message: expect.stringMatching(/no free listener rule priority/) });
  expect(busy.rollbackFailures).toBeUndefined();
  expect(await inspect({ environments: envs })).toEqual(before);
});

scenario('a rule that takes the priority between reading the rules and creating one', async ({ backend, step, observe }) => {
  // Prepare: just before devenv's CreateRule reaches the cloud, someone else creates a rule at that very priority
  const preferred = preferredPriority('devenv', 'pr-13', { min: 1, max: 50_000 });
  const next = preferred === 50_000 ? 1 : preferred + 1;
  const before = await observe('before');
  let raced = false;
  const engine = backend.engine({}, {
    beforeSend: async (command, input) => {
      if (command !== 'CreateRuleCommand' || raced || input.Priority !== preferred) return;
      raced = true;
      await backend.sdk.elb.send(
        new CreateRuleCommand({
          ListenerArn: backend.ids.listenerArn,
          Priority: preferred,
          Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['racer.dev.example.com'] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: backend.ids.targetGroupArn }],
          Tags: elbTags({ team: 'other' }),
        }),
      );
    },
  });

  // Act: CreateRule fails with PriorityInUse; devenv reads the rules again and takes the next priority
  const created = await step('create', () => engine.create({ name: 'pr-13', app: 'web', owner }));
  const after = await observe('after create');

  // Assess
  expect(raced).toBe(true);
  expect(created.calls.filter((call) => call.command === 'CreateRule').map((call) => call.ok)).toEqual([false, true]);
  expect(after.rules[String(preferred)]).toMatchObject({ hosts: ['racer.dev.example.com'], tags: { team: 'other' } });
  expect(after.rules[String(next)]).toMatchObject({ hosts: ['pr-13.dev.example.com'], tags: { 'devenv:environment': 'pr-13' } });

  // Act: destroy takes only devenv's rule
  await step('destroy', () => engine.destroy('pr-13'), removalView);
  backend.advance(HOUR);
  const drained = await observe('an hour later', { environments: ['pr-13'] });

  // Assess: the baseline again, and the other rule as it was (moto lists the load balancer once more for that rule's
  // action: moto-target-group-load-balancer-per-action)
  expect(onceEach(drained)).toEqual(onceEach({ ...before, rules: { ...before.rules, [String(preferred)]: after.rules[String(preferred)]! } }));
});

/** The observation with each target group's load balancers listed once. */
function onceEach(cloud: CloudObservation): CloudObservation {
  const targetGroups = Object.fromEntries(Object.entries(cloud.targetGroups).map(([name, group]) => [name, { ...group, loadBalancers: [...new Set(group.loadBalancers)] }]));
  return { ...cloud, targetGroups };
}
