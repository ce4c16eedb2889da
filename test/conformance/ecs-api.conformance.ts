import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { expect } from 'vitest';
import type { Backend } from './support/backends.js';
import { BASELINE } from './support/baseline.js';
import { attempt, expectAws } from './support/probe.js';
import { scenario } from './support/scenario.js';

/**
 * The ECS rules devenv's ServiceFleet leans on, probed with plain SDK calls on both backends. Each scenario pins one
 * rule: on the simulated cloud as AWS documents it, on moto as it is or as known-differences.ts says it differs.
 */

const service = (backend: Backend, name: string, overrides: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput => ({
  cluster: BASELINE.cluster,
  serviceName: name,
  taskDefinition: `${BASELINE.family}:1`,
  desiredCount: 0,
  launchType: 'FARGATE',
  networkConfiguration: { awsvpcConfiguration: { subnets: backend.ids.subnets, securityGroups: backend.ids.securityGroups, assignPublicIp: 'DISABLED' } },
  ...overrides,
});

const listServiceNames = async (backend: Backend) => {
  const { serviceArns = [] } = await backend.sdk.ecs.send(new ListServicesCommand({ cluster: BASELINE.cluster, maxResults: 100 }));
  return serviceArns.map((arn) => arn.split('/').pop()!).sort();
};

scenario('ECS: ListServices pages by maxResults', async ({ backend, note }) => {
  const { ecs } = backend.sdk;
  await ecs.send(new CreateServiceCommand(service(backend, 'probe-a')));
  await ecs.send(new CreateServiceCommand(service(backend, 'probe-b')));
  const first = await ecs.send(new ListServicesCommand({ cluster: BASELINE.cluster, maxResults: 1 }));
  const observed = { onFirstPage: first.serviceArns?.length, more: first.nextToken !== undefined };
  note('first page', observed);
  expectAws(backend, observed, { onFirstPage: 1, more: true });
});

scenario('ECS: a deleted service leaves ListServices at once', async ({ backend, note }) => {
  const { ecs } = backend.sdk;
  await ecs.send(new CreateServiceCommand(service(backend, 'probe-deleted')));
  await ecs.send(new DeleteServiceCommand({ cluster: BASELINE.cluster, service: 'probe-deleted' }));
  const listed = await listServiceNames(backend);
  const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: ['probe-deleted'] }));
  const observed = { listed, describedAs: services[0]?.status };
  note('after delete', observed);
  // Still described (DRAINING while tasks stop, then INACTIVE), but no longer listed.
  expect(observed.describedAs).toMatch(/^(DRAINING|INACTIVE)$/);
  expectAws(backend, observed.listed, [BASELINE.service]);
});

scenario('ECS: CreateService with the name of an ACTIVE service fails', async ({ backend, note }) => {
  const outcome = await attempt(() => backend.sdk.ecs.send(new CreateServiceCommand(service(backend, BASELINE.service, { desiredCount: 3 }))));
  const [baseline] = (await backend.sdk.ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [BASELINE.service] }))).services ?? [];
  const observed = { outcome, baselineDesiredCount: baseline?.desiredCount };
  note('create over the baseline', observed);
  expectAws(backend, observed, { outcome: { error: 'InvalidParameterException' }, baselineDesiredCount: 1 });
});

scenario('ECS: DeleteService of a service with desired tasks needs force', async ({ backend, note }) => {
  const { ecs } = backend.sdk;
  await ecs.send(new CreateServiceCommand(service(backend, 'probe-scaled', { desiredCount: 1 })));
  const unforced = await attempt(() => ecs.send(new DeleteServiceCommand({ cluster: BASELINE.cluster, service: 'probe-scaled' })));
  await ecs.send(new UpdateServiceCommand({ cluster: BASELINE.cluster, service: 'probe-scaled', desiredCount: 0 }));
  const scaledDown = await attempt(() => ecs.send(new DeleteServiceCommand({ cluster: BASELINE.cluster, service: 'probe-scaled' })));
  note('delete', { unforced, scaledDown });
  expect({ unforced, scaledDown }).toEqual({ unforced: { error: 'InvalidParameterException' }, scaledDown: { ok: true } });
});

scenario('ECS: CreateService with a target group no listener uses fails', async ({ backend, note }) => {
  const { TargetGroups } = await backend.sdk.elb.send(
    new CreateTargetGroupCommand({ Name: 'probe-unattached', Protocol: 'HTTP', Port: BASELINE.port, VpcId: backend.ids.vpcId, TargetType: 'ip' }),
  );
  const outcome = await attempt(() =>
    backend.sdk.ecs.send(
      new CreateServiceCommand(
        service(backend, 'probe-unattached', {
          desiredCount: 1,
          loadBalancers: [{ targetGroupArn: TargetGroups![0]!.TargetGroupArn!, containerName: BASELINE.container, containerPort: BASELINE.port }],
        }),
      ),
    ),
  );
  note('create', outcome);
  expectAws(backend, outcome, { error: 'InvalidParameterException' });
});

scenario('ECS: DescribeServices reports unknown names as MISSING failures', async ({ backend, note }) => {
  const out = await backend.sdk.ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [BASELINE.service, 'probe-unknown'] }));
  const observed = { found: (out.services ?? []).map((found) => found.serviceName), missing: (out.failures ?? []).map((failure) => [failure.arn?.split('/').pop(), failure.reason]) };
  note('describe', observed);
  expect(observed).toEqual({ found: [BASELINE.service], missing: [['probe-unknown', 'MISSING']] });
});

scenario('ECS: tags come back only when asked for', async ({ backend, note }) => {
  const { ecs } = backend.sdk;
  const plain = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${BASELINE.family}:1` }));
  const withTags = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${BASELINE.family}:1`, include: ['TAGS'] }));
  const services = await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [BASELINE.service] }));
  const servicesWithTags = await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [BASELINE.service], include: ['TAGS'] }));
  const observed = {
    taskDefinition: { plain: plain.tags ?? null, withTags: withTags.tags },
    service: { plain: services.services?.[0]?.tags ?? null, withTags: servicesWithTags.services?.[0]?.tags },
  };
  note('describe', observed);
  expect(observed).toEqual({
    taskDefinition: { plain: null, withTags: [{ key: 'team', value: 'platform' }] },
    service: { plain: null, withTags: expect.arrayContaining([{ key: 'team', value: 'platform' }, { key: 'app', value: 'web' }]) },
  });
});

scenario('ECS: TagResource adds to and replaces a service\'s tags', async ({ backend, note }) => {
  const { ecs } = backend.sdk;
  const [before] = (await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [BASELINE.service] }))).services ?? [];
  await ecs.send(new TagResourceCommand({ resourceArn: before!.serviceArn!, tags: [{ key: 'app', value: 'web-2' }, { key: 'extra', value: 'yes' }] }));
  const [after] = (await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: [BASELINE.service], include: ['TAGS'] }))).services ?? [];
  const tags = Object.fromEntries((after?.tags ?? []).map((tag) => [tag.key, tag.value]));
  note('tags', tags);
  expect(tags).toEqual({ team: 'platform', app: 'web-2', extra: 'yes' });
});
