import { CreateServiceCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { attachSimulatedCloud } from '../../../src/local/attach.js';
import { simulated } from '../../support/simulated.js';

const owner = 'github:acme/web@octocat';

function route53(world: ReturnType<typeof simulated>): Route53Client {
  const client = new Route53Client({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  attachSimulatedCloud(client, world.cloud, 'route53');
  return client;
}

async function addRecord(world: ReturnType<typeof simulated>, name: string, type: 'CNAME' | 'A', value: string): Promise<void> {
  await route53(world).send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: world.config.hostedZoneId,
      ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: name, Type: type, TTL: 300, ResourceRecords: [{ Value: value }] } }] },
    }),
  );
}

describe('Class: Engine — a host name held by records devenv did not make', () => {
  it('refuses the create with a conflict naming the CNAME, and makes nothing, when a CNAME holds the name', async () => {
    // Prepare
    const world = simulated();
    await addRecord(world, 'legacy.dev.example.com', 'CNAME', 'old-site.example.org');
    const before = await world.inspect();

    // Act
    const error = await world.engine.create({ name: 'legacy', app: 'web', owner }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('legacy.dev.example.com already has a CNAME record (old-site.example.org)'),
      context: { envName: 'legacy', resource: 'legacy.dev.example.com CNAME' },
    });
    expect(await world.inspect()).toEqual(before);
  });

  it('refuses the create with a conflict naming the record when a plain A record holds the name', async () => {
    const world = simulated();
    await addRecord(world, 'pr-1.dev.example.com', 'A', '192.0.2.10');
    const before = await world.inspect();

    await expect(world.engine.create({ name: 'pr-1', app: 'web', owner })).rejects.toMatchObject({
      code: 'conflict',
      context: { resource: 'pr-1.dev.example.com A' },
    });
    expect(await world.inspect()).toEqual(before);
  });

  it('answers GET and DELETE with the same conflict, and removes nothing, when a service devenv did not make holds the name', async () => {
    // Prepare: someone's own service sits in the environment's first service slot
    const world = simulated();
    const ecs = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    attachSimulatedCloud(ecs, world.cloud, 'ecs');
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: world.config.cluster, services: ['web'] }));
    const web = services![0]!;
    await ecs.send(
      new CreateServiceCommand({
        cluster: world.config.cluster,
        serviceName: 'devenv-legacy',
        taskDefinition: web.taskDefinition!,
        desiredCount: 0,
        launchType: 'FARGATE',
        networkConfiguration: web.networkConfiguration!,
      }),
    );
    const before = await world.inspect();

    // Act
    const onGet = await world.engine.get('legacy').catch((caught: unknown) => caught);
    const onDelete = await world.engine.destroy('legacy').catch((caught: unknown) => caught);

    // Assess
    expect(onGet).toMatchObject({ code: 'conflict', message: expect.stringContaining('ECS service devenv-legacy exists but devenv did not create it') });
    expect(onDelete).toMatchObject({ code: (onGet as { code: string }).code, message: (onGet as Error).message });
    expect(await world.inspect()).toEqual(before);
  });
});
