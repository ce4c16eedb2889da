import { CreateServiceCommand, DescribeServicesCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import { createSeededCloud } from '../../src/local/seed.js';
import { credentials, rejectionOf } from './fixtures.js';

describe('Function: attachSimulatedCloud', () => {
  it('answers a real ECSClient command from the simulated cloud with SDK-style metadata', async () => {
    // Prepare
    const { cloud } = createSeededCloud();
    const client = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    attachSimulatedCloud(client, cloud, 'ecs');

    // Act
    const output = await client.send(new ListServicesCommand({ cluster: 'dev' }));

    // Assess
    expect(output.serviceArns).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:service/dev/web',
      'arn:aws:ecs:us-east-1:123456789012:service/dev/api',
      'arn:aws:ecs:us-east-1:123456789012:service/dev/metrics',
      'arn:aws:ecs:us-east-1:123456789012:service/dev/worker',
    ]);
    expect(output.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 });
    expect(output.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes the SDK command name, without the Command suffix, and the raw input to the cloud', async () => {
    // Prepare
    const { cloud } = createSeededCloud();
    const client = new ECSClient({ region: 'us-east-1', credentials });
    attachSimulatedCloud(client, cloud, 'ecs');

    // Act
    await client.send(new DescribeServicesCommand({ cluster: 'dev', services: ['web'] }));

    // Assess
    expect(cloud.faults.calls).toEqual([{ service: 'ecs', command: 'DescribeServices', input: { cluster: 'dev', services: ['web'] } }]);
  });

  it('rejects with an error shaped like an SDK service exception when the cloud refuses', async () => {
    // Prepare
    const { cloud } = createSeededCloud();
    const client = new ECSClient({ region: 'us-east-1', credentials });
    attachSimulatedCloud(client, cloud, 'ecs');

    // Act
    const error = await rejectionOf(client.send(new CreateServiceCommand({ cluster: 'nope', serviceName: 'x', taskDefinition: 'web:1', desiredCount: 1 })));

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ClusterNotFoundException');
    expect(error.$fault).toBe('client');
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 1 });
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sees Route 53 ids with their /hostedzone/ prefix, before the SDK normalises them, and accepts both', async () => {
    // Prepare
    const { cloud, seed } = createSeededCloud();
    const client = new Route53Client({ region: 'us-east-1', credentials });
    attachSimulatedCloud(client, cloud, 'route53');

    // Act
    const prefixed = await client.send(new GetHostedZoneCommand({ Id: `/hostedzone/${seed.hostedZoneId}` }));
    const bare = await client.send(new GetHostedZoneCommand({ Id: seed.hostedZoneId }));

    // Assess
    expect(cloud.faults.calls[0]?.input).toEqual({ Id: `/hostedzone/${seed.hostedZoneId}` });
    expect(prefixed.HostedZone?.Id).toBe(`/hostedzone/${seed.hostedZoneId}`);
    expect(bare.HostedZone).toEqual(prefixed.HostedZone);
  });

  it('throws a clear error naming an operation the simulation does not implement', async () => {
    // Prepare
    const { cloud } = createSeededCloud();

    // Act
    const error = await rejectionOf(cloud.handle('ecs', 'CreateCapacityProviderCommand', {}));

    // Assess
    expect(error.name).toBe('UnknownOperationException');
    expect(error.message).toContain("'CreateCapacityProvider'");
  });
});
