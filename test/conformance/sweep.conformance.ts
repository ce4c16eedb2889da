import { RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { expect } from 'vitest';
import { quoteTxt } from '../../src/aws/route53-text.js';
import { environmentNames } from '../../src/core/names.js';
import { formatOwnershipRecord, ownershipTags } from '../../src/core/tags.js';
import { HOUR, START } from './support/backends.js';
import { BASELINE, ecsTags, elbTags } from './support/baseline.js';
import { expectAws } from './support/probe.js';
import { removalView, scenario } from './support/scenario.js';

const owner = 'github:acme/web@octocat';

scenario('sweep destroys what expired and collects orphans, nothing else', async ({ backend, engine, step, observe }) => {
  // Prepare: two environments, and what a crashed create of `ghost` left behind (made with plain SDK calls)
  const { sdk, ids } = backend;
  await engine.create({ name: 'pr-4', app: 'web', owner, ttl: '1h' });
  await engine.create({ name: 'pr-5', app: 'web', owner, ttl: '48h' });
  const ghost = { instance: engine.config.installation, environment: 'ghost', app: 'web', createdAt: START.toISOString() };
  const ghostNames = environmentNames(engine.config.installation, 'ghost', BASELINE.baseDomain);
  await sdk.elb.send(
    new CreateTargetGroupCommand({ Name: ghostNames.targetGroup, Protocol: 'HTTP', Port: 8080, VpcId: ids.vpcId, TargetType: 'ip', Tags: elbTags(ownershipTags(ghost)) }),
  );
  await sdk.route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: ids.hostedZoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: ghostNames.host,
              Type: 'TXT',
              TTL: 60,
              ResourceRecords: [{ Value: quoteTxt(formatOwnershipRecord({ ...ghost, claim: '00000000-0000-4000-8000-000000000000' })) }],
            },
          },
        ],
      },
    }),
  );
  await sdk.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: BASELINE.family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'repo/web:ghost', essential: true }],
      tags: ecsTags(ownershipTags(ghost)),
    }),
  );
  // A target group with devenv's name prefix but not its tags: never devenv's to remove.
  await sdk.elb.send(new CreateTargetGroupCommand({ Name: 'dv-not-ours', Protocol: 'HTTP', Port: 8080, VpcId: ids.vpcId, TargetType: 'ip', Tags: elbTags({ team: 'other' }) }));
  const before = await observe('before');

  // Act: two hours on, pr-4 has expired and the leftovers are older than the grace period; the dry run first
  backend.advance(2 * HOUR);
  const byKindAndId = (a: { kind: string; id: string }, b: { kind: string; id: string }) => `${a.kind} ${a.id}`.localeCompare(`${b.kind} ${b.id}`);
  const plan = await step('plan', () => engine.planSweep(), ({ calls: _calls, ...rest }) => ({
    ...rest,
    resources: [...rest.resources].sort(byKindAndId),
    orphans: [...rest.orphans].sort(byKindAndId),
  }));
  expect(await observe('after the dry run')).toEqual(before);
  const swept = await step('sweep', () => engine.sweep(), (report) => ({ ...removalView(report), orphans: [...report.orphans].sort((a, b) => a.id.localeCompare(b.id)) }));
  const after = await observe('after', { environments: ['pr-4', 'pr-5'] });

  // Assess: the sweep removed exactly what the dry run listed
  expect([...swept.removed].sort(byKindAndId)).toEqual([...plan.resources].sort(byKindAndId));
  expect([...swept.orphans].sort(byKindAndId)).toEqual([...plan.orphans].sort(byKindAndId));
  expect(plan.expired).toEqual(['pr-4']);
  expect(swept.expired).toEqual(['pr-4']);
  expect(swept.failures).toEqual([]);
  expect(swept.orphans.map((orphan) => orphan.kind).sort()).toEqual(['dns-records', 'target-group', 'task-definition']);
  expect(Object.keys(after.targetGroups).sort()).toEqual(['dv-not-ours', environmentNames(engine.config.installation, 'pr-5', BASELINE.baseDomain).targetGroup, BASELINE.targetGroup].sort());
  expect(Object.keys(after.taskDefinitions)).toEqual(['web:1']);
  expect(Object.keys(after.records).filter((key) => key.startsWith('pr-') || key.startsWith('ghost'))).toEqual([
    'pr-5.dev.example.com A',
    'pr-5.dev.example.com TXT',
  ]);
  expect(after.services['devenv-pr-5']).toEqual(before.services['devenv-pr-5']);
  // pr-4, read with plain SDK calls: its rule and records are gone, its service is deleted (DRAINING on AWS while its
  // tasks stop; moto makes it INACTIVE at once, see moto-deleted-service-skips-draining)
  const pr4 = environmentNames(engine.config.installation, 'pr-4', BASELINE.baseDomain);
  expect(Object.values(after.rules).filter((rule) => rule.hosts.includes(pr4.host) || rule.tags['devenv:environment'] === 'pr-4')).toEqual([]);
  expect(Object.entries(after.services).filter(([, service]) => service.tags['devenv:environment'] === 'pr-4' && service.status !== 'DRAINING')).toEqual([]);
  expectAws(backend, after.services[pr4.serviceSlots[0]!], expect.objectContaining({ status: 'DRAINING', desiredCount: 0 }));
  expect((await engine.list()).map((environment) => environment.name)).toEqual(['pr-5']);

  // Act: a second sweep has nothing left to do
  const again = await step('sweep again', () => engine.sweep(), removalView);
  expect(again).toMatchObject({ expired: [], orphans: [], removed: [], failures: [] });

  // Assess: an hour on, pr-4's service has drained away; what is left is pr-5 and the foreign target group
  backend.advance(HOUR);
  const drained = await observe('an hour later', { environments: ['pr-4', 'pr-5'] });
  expect(Object.keys(drained.services).sort()).toEqual(['devenv-pr-5', BASELINE.service]);
  expect(drained.services['devenv-pr-5']).toEqual(before.services['devenv-pr-5']);
});
