import {
  CreateServiceCommand,
  DeleteServiceCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloneServiceSpec } from '../../src/core/ports.js';
import { ecs, fleet } from './ecs-service-fleet-setup.js';
import { CLUSTER, describedService, serviceArn, targetGroupArn, taskDefinitionArn } from './fixtures.js';

beforeEach(() => {
  ecs.reset();
});

describe('Class: EcsServiceFleet', () => {
  describe('Method: createService', () => {
    const spec: CloneServiceSpec = {
      name: 'web-pr-1',
      taskDefinitionArn: taskDefinitionArn('web', 8),
      placement: { kind: 'launch-type', launchType: 'FARGATE' },
      platformVersion: 'LATEST',
      network: { subnets: ['subnet-aaa'], securityGroups: ['sg-123'], assignPublicIp: 'DISABLED' },
      enableExecuteCommand: true,
      desiredCount: 1,
      loadBalancer: { targetGroupArn: targetGroupArn('devenv-web-pr-1'), containerName: 'web', containerPort: 8080 },
      circuitBreaker: { enable: true, rollback: false },
      clientToken: 'devenv-web-pr-1-5f2a',
      tags: { 'devenv:environment': 'pr-1' },
    };

    it('sends the full CreateService input', async () => {
      // Prepare
      ecs.on(CreateServiceCommand).resolves({ service: describedService('web-pr-1') });

      // Act
      await fleet().createService(spec);

      // Assess
      const input = ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input;
      expect(input).toEqual({
        cluster: CLUSTER,
        serviceName: 'web-pr-1',
        taskDefinition: taskDefinitionArn('web', 8),
        desiredCount: 1,
        launchType: 'FARGATE',
        platformVersion: 'LATEST',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-aaa'], securityGroups: ['sg-123'], assignPublicIp: 'DISABLED' },
        },
        enableExecuteCommand: true,
        loadBalancers: [{ targetGroupArn: targetGroupArn('devenv-web-pr-1'), containerName: 'web', containerPort: 8080 }],
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
        clientToken: 'devenv-web-pr-1-5f2a',
        tags: [{ key: 'devenv:environment', value: 'pr-1' }],
        propagateTags: 'SERVICE',
        enableECSManagedTags: true,
      });
    });

    it('sends a capacity provider strategy instead of a launch type', async () => {
      // Prepare
      ecs.on(CreateServiceCommand).resolves({ service: describedService('web-pr-1') });
      const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];

      // Act
      await fleet().createService({ ...spec, placement: { kind: 'capacity-providers', strategy } });

      // Assess
      const input = ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input;
      expect(input.capacityProviderStrategy).toEqual(strategy);
      expect(input).not.toHaveProperty('launchType');
    });

    it('sends neither network nor load balancers for a service without them', async () => {
      // Prepare
      ecs.on(CreateServiceCommand).resolves({ service: describedService('web-pr-1') });
      const { network: _network, loadBalancer: _loadBalancer, ...bare } = spec;

      // Act
      await fleet().createService(bare);

      // Assess
      const input = ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input;
      expect(input).not.toHaveProperty('networkConfiguration');
      expect(input).not.toHaveProperty('loadBalancers');
      expect(input).not.toHaveProperty('serviceRegistries');
    });

    it('returns the created service', async () => {
      // Prepare
      ecs.on(CreateServiceCommand).resolves({ service: describedService('web-pr-1') });

      // Act
      const service = await fleet().createService(spec);

      // Assess
      expect(service).toMatchObject({ name: 'web-pr-1', arn: serviceArn('web-pr-1'), status: 'ACTIVE' });
    });
  });

  describe('Method: updateService', () => {
    it('sends only the fields of the update', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).resolves({});

      // Act
      await fleet().updateService('web-pr-1', { taskDefinitionArn: taskDefinitionArn('web', 9), forceNewDeployment: true });

      // Assess
      const input = ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input;
      expect(input).toEqual({
        cluster: CLUSTER,
        service: 'web-pr-1',
        taskDefinition: taskDefinitionArn('web', 9),
        forceNewDeployment: true,
      });
    });
  });

  describe('Method: tagService', () => {
    it('tags the service by ARN', async () => {
      // Prepare
      ecs.on(TagResourceCommand).resolves({});

      // Act
      await fleet().tagService(serviceArn('web-pr-1'), { 'devenv:expires-at': '2026-11-26T10:00:00.000Z' });

      // Assess
      expect(ecs).toHaveReceivedCommandWith(TagResourceCommand, {
        resourceArn: serviceArn('web-pr-1'),
        tags: [{ key: 'devenv:expires-at', value: '2026-11-26T10:00:00.000Z' }],
      });
    });
  });

  describe('Method: deleteService', () => {
    it('deletes in one forced DeleteService (ECS stops the tasks), without scaling to zero first', async () => {
      // Prepare
      ecs.on(DeleteServiceCommand).resolves({});

      // Act
      await fleet().deleteService('web-pr-1');

      // Assess
      expect(ecs.calls().map((call) => call.args[0].constructor)).toEqual([DeleteServiceCommand]);
      expect(ecs).toHaveReceivedCommandWith(DeleteServiceCommand, { cluster: CLUSTER, service: 'web-pr-1', force: true });
      expect(ecs).not.toHaveReceivedCommand(UpdateServiceCommand);
    });

    it('succeeds when the service does not exist', async () => {
      // Prepare
      ecs.on(DeleteServiceCommand).rejects(new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} }));

      // Act
      const done = fleet().deleteService('web-pr-1');

      // Assess
      await expect(done).resolves.toBeUndefined();
    });

    it('succeeds when the service is no longer active', async () => {
      // Prepare
      ecs.on(DeleteServiceCommand).rejects(new ServiceNotActiveException({ message: 'Service was not ACTIVE.', $metadata: {} }));

      // Act
      const done = fleet().deleteService('web-pr-1');

      // Assess
      await expect(done).resolves.toBeUndefined();
    });

    it('throws other errors', async () => {
      // Prepare
      ecs.on(DeleteServiceCommand).rejects(new Error('AccessDenied'));

      // Act
      const done = fleet().deleteService('web-pr-1');

      // Assess
      await expect(done).rejects.toThrow(/AccessDenied|DeleteService/);
    });
  });
});
