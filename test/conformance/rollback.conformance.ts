import { ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { CreateRuleCommand, CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { expect } from 'vitest';
import { environmentNames } from '../../src/core/names.js';
import { BASELINE, elbTags } from './support/baseline.js';
import { scenario } from './support/scenario.js';

const owner = 'github:acme/web@octocat';

scenario('a target group name someone else holds fails the create, which rolls back', async ({ backend, engine, failure, observe, note }) => {
  // Prepare: a target group with pr-11's name but other settings and no devenv tags, made beforehand
  const { targetGroup } = environmentNames(engine.config.installation, 'pr-11', BASELINE.baseDomain);
  await backend.sdk.elb.send(
    new CreateTargetGroupCommand({ Name: targetGroup, Protocol: 'HTTP', Port: 9090, VpcId: backend.ids.vpcId, TargetType: 'instance', Tags: elbTags({ team: 'other' }) }),
  );
  const before = await observe('before');

  // Act: the DNS claim and a new revision are made before the target group step fails
  const error = await failure('create', () => engine.create({ name: 'pr-11', app: 'web', owner, images: { web: 'repo/web:sha-1' } }));
  const after = await observe('after');
  const { taskDefinitionArns = [] } = await backend.sdk.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: BASELINE.family, status: 'INACTIVE' }));
  note('inactive revisions', taskDefinitionArns);

  // Assess: a conflict naming the target group; the records and the revision undone; the other group untouched
  expect(error).toMatchObject({ name: 'ConflictError', code: 'conflict', context: { envName: 'pr-11', resource: targetGroup } });
  expect(error.rollbackFailures).toBeUndefined();
  expect(after).toEqual(before);
  expect(taskDefinitionArns.map((arn) => arn.split('/').pop())).toEqual(['web:2']);
});

scenario('a host rule someone else made fails the create after the target group, which rolls back', async ({ backend, engine, failure, observe }) => {
  // Prepare: a rule for pr-12's host that devenv did not make
  await backend.sdk.elb.send(
    new CreateRuleCommand({
      ListenerArn: backend.ids.listenerArn,
      Priority: 20,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['pr-12.dev.example.com'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: backend.ids.targetGroupArn }],
      Tags: elbTags({ team: 'other' }),
    }),
  );
  const before = await observe('before');

  // Act: the DNS claim and the target group are made, then the rule step finds the host taken
  const error = await failure('create', () => engine.create({ name: 'pr-12', app: 'web', owner }));

  // Assess: everything devenv made is gone again, the other rule is untouched
  expect(error).toMatchObject({ name: 'ConflictError', code: 'conflict', context: { envName: 'pr-12' } });
  expect(error.rollbackFailures).toBeUndefined();
  expect(await observe('after')).toEqual(before);
});
