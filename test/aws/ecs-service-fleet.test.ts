import {
  ClientException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ECSServiceException,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotActiveException,
  ServiceNotFoundException,
  TagResourceCommand,
  UpdateServiceCommand,
  type DescribeServicesCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { EcsServiceFleet } from '../../src/aws/ecs-service-fleet.js';
import { CloudError, NotFoundError } from '../../src/core/errors.js';
import type { CloneServiceSpec } from '../../src/core/ports.js';
import {
  CLUSTER,
  describedService,
  describedTaskDefinition,
  INSTANT_RETRY,
  serviceArn,
  targetGroupArn,
  taskDefinitionArn,
} from './fixtures.js';

const ecs = mockClient(ECSClient);
const fleet = () => new EcsServiceFleet(new ECSClient({}), { cluster: CLUSTER, retry: INSTANT_RETRY });

const throttled = () => new ECSServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: {}, message: 'Rate exceeded' });

beforeEach(() => {
  ecs.reset();
});

describe('Class: EcsServiceFleet', () => {
  describe('Method: describeServices', () => {
    it('asks for the services of the cluster with their tags', async () => {
      // Prepare
      ecs.on(DescribeServicesCommand).resolves({ services: [describedService('web')], failures: [] });

      // Act
      await fleet().describeServices(['web']);

      // Assess
      expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, { cluster: CLUSTER, services: ['web'], include: ['TAGS'] });
    });

    it('splits 23 names into 3 calls of at most 10', async () => {
      // Prepare
      const names = Array.from({ length: 23 }, (_, index) => `svc-${index}`);
      ecs.on(DescribeServicesCommand).callsFake(async (input: DescribeServicesCommandInput) => ({
        services: (input.services ?? []).map((name) => describedService(name)),
      }));

      // Act
      const services = await fleet().describeServices(names);

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 3);
      const batches = ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services);
      expect(batches).toEqual([names.slice(0, 10), names.slice(10, 20), names.slice(20)]);
      expect(services.map((service) => service.name)).toEqual(names);
    });

    it('makes no call for no names', async () => {
      // Act
      const services = await fleet().describeServices([]);

      // Assess
      expect(services).toEqual([]);
      expect(ecs).not.toHaveReceivedCommand(DescribeServicesCommand);
    });

    it('leaves out the names ECS reports as failures', async () => {
      // Prepare
      ecs.on(DescribeServicesCommand).resolves({
        services: [describedService('web')],
        failures: [{ arn: serviceArn('ghost'), reason: 'MISSING' }],
      });

      // Act
      const services = await fleet().describeServices(['web', 'ghost']);

      // Assess
      expect(services.map((service) => service.name)).toEqual(['web']);
    });

    it('maps a Fargate service to a snapshot', async () => {
      // Prepare
      ecs.on(DescribeServicesCommand).resolves({ services: [describedService('web')] });

      // Act
      const [web] = await fleet().describeServices(['web']);

      // Assess
      expect(web).toEqual({
        name: 'web',
        arn: serviceArn('web'),
        status: 'ACTIVE',
        taskDefinitionArn: taskDefinitionArn('web', 7),
        desiredCount: 1,
        runningCount: 1,
        placement: { kind: 'launch-type', launchType: 'FARGATE' },
        platformVersion: 'LATEST',
        network: { subnets: ['subnet-aaa', 'subnet-bbb'], securityGroups: ['sg-123'], assignPublicIp: 'DISABLED' },
        enableExecuteCommand: false,
        loadBalancers: [{ targetGroupArn: targetGroupArn('web'), containerName: 'web', containerPort: 8080 }],
        deployments: [
          {
            id: 'ecs-svc/1234567890123456789',
            status: 'PRIMARY',
            taskDefinitionArn: taskDefinitionArn('web', 7),
            rolloutState: 'COMPLETED',
            rolloutStateReason: 'ECS deployment ecs-svc/1234567890123456789 completed.',
            desiredCount: 1,
            runningCount: 1,
            createdAt: new Date('2026-11-20T09:00:00.000Z'),
          },
        ],
        events: [
          { message: '(service web) has reached a steady state.', createdAt: new Date('2026-11-20T09:05:00.000Z') },
          { message: '(service web) has started 1 tasks.', createdAt: new Date('2026-11-20T09:00:00.000Z') },
        ],
        tags: { team: 'web' },
        createdAt: new Date('2026-11-20T09:00:00.000Z'),
      });
    });

    it('reads the placement from the capacity provider strategy when there is one', async () => {
      // Prepare
      const strategy = [
        { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      ];
      ecs.on(DescribeServicesCommand).resolves({
        services: [describedService('web', { launchType: undefined, capacityProviderStrategy: strategy })],
      });

      // Act
      const [web] = await fleet().describeServices(['web']);

      // Assess
      expect(web?.placement).toEqual({ kind: 'capacity-providers', strategy });
    });

    it('orders events newest first', async () => {
      // Prepare
      const events = [
        { id: 'a', createdAt: new Date('2026-11-20T09:00:00.000Z'), message: 'old' },
        { id: 'b', createdAt: new Date('2026-11-20T10:00:00.000Z'), message: 'new' },
      ];
      ecs.on(DescribeServicesCommand).resolves({ services: [describedService('web', { events })] });

      // Act
      const [web] = await fleet().describeServices(['web']);

      // Assess
      expect(web?.events.map((event) => event.message)).toEqual(['new', 'old']);
    });
  });

  describe('Method: listServices', () => {
    it('follows nextToken to the end, 100 at a time, then describes every service', async () => {
      // Prepare
      ecs
        .on(ListServicesCommand)
        .resolvesOnce({ serviceArns: [serviceArn('a'), serviceArn('b')], nextToken: 'page-2' })
        .resolvesOnce({ serviceArns: [serviceArn('c')] });
      ecs.on(DescribeServicesCommand).resolves({
        services: [describedService('a'), describedService('b'), describedService('c')],
      });

      // Act
      const services = await fleet().listServices();

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, 2);
      expect(ecs).toHaveReceivedNthCommandWith(ListServicesCommand, 1, { cluster: CLUSTER, maxResults: 100 });
      expect(ecs).toHaveReceivedNthCommandWith(ListServicesCommand, 2, { cluster: CLUSTER, maxResults: 100, nextToken: 'page-2' });
      expect(ecs).toHaveReceivedCommandWith(DescribeServicesCommand, {
        cluster: CLUSTER,
        services: [serviceArn('a'), serviceArn('b'), serviceArn('c')],
        include: ['TAGS'],
      });
      expect(services.map((service) => service.name)).toEqual(['a', 'b', 'c']);
    });

    it('returns ACTIVE services only', async () => {
      // Prepare
      ecs.on(ListServicesCommand).resolves({ serviceArns: [serviceArn('a'), serviceArn('b')] });
      ecs.on(DescribeServicesCommand).resolves({
        services: [describedService('a'), describedService('b', { status: 'DRAINING' })],
      });

      // Act
      const services = await fleet().listServices();

      // Assess
      expect(services.map((service) => service.name)).toEqual(['a']);
    });
  });

  describe('Method: describeTaskDefinition', () => {
    it('asks for tags and reads them from the top level of the response', async () => {
      // Prepare
      ecs.on(DescribeTaskDefinitionCommand).resolves({
        taskDefinition: describedTaskDefinition(),
        tags: [{ key: 'team', value: 'web' }],
      });

      // Act
      const snapshot = await fleet().describeTaskDefinition('web:7');

      // Assess
      expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, { taskDefinition: 'web:7', include: ['TAGS'] });
      expect(snapshot).toEqual({
        arn: taskDefinitionArn('web', 7),
        family: 'web',
        revision: 7,
        status: 'ACTIVE',
        networkMode: 'awsvpc',
        containers: [
          {
            name: 'web',
            image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:main',
            containerPorts: [8080],
            hostPorts: [8080],
            environment: { LOG_LEVEL: 'info', FEATURE_FLAG: '', API_URL: 'https://api.example.com' },
          },
          {
            name: 'log-router',
            image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
            containerPorts: [],
            hostPorts: [],
            environment: {},
          },
        ],
        tags: { team: 'web' },
      });
    });

    it('throws NotFoundError when ECS cannot describe the task definition', async () => {
      // Prepare
      ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }));

      // Act
      const failure = fleet().describeTaskDefinition('ghost:1');

      // Assess
      await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    });

    it('turns another ClientException into a CloudError', async () => {
      // Prepare
      ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: 'Not authorized.', $metadata: {} }));

      // Act
      const failure = fleet().describeTaskDefinition('web:7');

      // Assess
      await expect(failure).rejects.toMatchObject({ name: 'CloudError', operation: 'ecs:DescribeTaskDefinition' });
    });
  });

  describe('Method: registerRevision', () => {
    const spec = {
      from: 'web:7',
      images: { web: 'web:pr-1' },
      environment: { web: { LOG_LEVEL: 'debug' } },
      dynamicHostPorts: false,
      tags: { 'devenv:environment': 'pr-1' },
    };

    beforeEach(() => {
      ecs.on(DescribeTaskDefinitionCommand).resolves({
        taskDefinition: describedTaskDefinition(),
        tags: [{ key: 'team', value: 'web' }],
      });
      ecs.on(RegisterTaskDefinitionCommand).callsFake(async (input: RegisterTaskDefinitionCommandInput) => ({
        taskDefinition: { ...input, taskDefinitionArn: taskDefinitionArn('web', 8), revision: 8, status: 'ACTIVE' },
        tags: input.tags,
      }));
    });

    it('describes the source with its tags first', async () => {
      // Act
      await fleet().registerRevision(spec);

      // Assess
      expect(ecs).toHaveReceivedCommandWith(DescribeTaskDefinitionCommand, { taskDefinition: 'web:7', include: ['TAGS'] });
    });

    it('registers the cleaned copy with the spec applied and exactly the spec tags', async () => {
      // Act
      await fleet().registerRevision(spec);

      // Assess
      const input = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
      expect(input).toMatchObject({
        family: 'web',
        cpu: '512',
        memory: '1024',
        runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
        volumes: [{ name: 'cache' }],
        tags: [{ key: 'devenv:environment', value: 'pr-1' }],
      });
      expect(input).not.toHaveProperty('taskDefinitionArn');
      expect(input).not.toHaveProperty('compatibilities');
      expect(input.containerDefinitions?.[0]).toMatchObject({
        image: 'web:pr-1',
        environment: expect.arrayContaining([{ name: 'LOG_LEVEL', value: 'debug' }]),
      });
    });

    it('returns the registered revision', async () => {
      // Act
      const snapshot = await fleet().registerRevision(spec);

      // Assess
      expect(snapshot).toMatchObject({ arn: taskDefinitionArn('web', 8), revision: 8, tags: { 'devenv:environment': 'pr-1' } });
      expect(snapshot.containers[0]?.image).toBe('web:pr-1');
    });
  });

  describe('Method: deregisterRevision', () => {
    it('deregisters the revision', async () => {
      // Prepare
      ecs.on(DeregisterTaskDefinitionCommand).resolves({});

      // Act
      await fleet().deregisterRevision(taskDefinitionArn('web', 8));

      // Assess
      expect(ecs).toHaveReceivedCommandWith(DeregisterTaskDefinitionCommand, { taskDefinition: taskDefinitionArn('web', 8) });
    });

    it('succeeds when ECS no longer knows the revision', async () => {
      // Prepare
      ecs.on(DeregisterTaskDefinitionCommand).rejects(new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }));

      // Act
      const done = fleet().deregisterRevision(taskDefinitionArn('web', 8));

      // Assess
      await expect(done).resolves.toBeUndefined();
    });
  });

  describe('Method: listRevisions', () => {
    it('lists ACTIVE revisions page by page and keeps only the exact family', async () => {
      // Prepare
      ecs
        .on(ListTaskDefinitionsCommand)
        .resolvesOnce({ taskDefinitionArns: [taskDefinitionArn('web', 7), taskDefinitionArn('web-worker', 3)], nextToken: 't2' })
        .resolvesOnce({ taskDefinitionArns: [taskDefinitionArn('web', 8)] });

      // Act
      const arns = await fleet().listRevisions('web');

      // Assess
      expect(ecs).toHaveReceivedNthCommandWith(ListTaskDefinitionsCommand, 1, { familyPrefix: 'web', status: 'ACTIVE' });
      expect(ecs).toHaveReceivedNthCommandWith(ListTaskDefinitionsCommand, 2, { familyPrefix: 'web', status: 'ACTIVE', nextToken: 't2' });
      expect(arns).toEqual([taskDefinitionArn('web', 7), taskDefinitionArn('web', 8)]);
    });
  });

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
    it('scales to zero, then deletes', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).resolves({});
      ecs.on(DeleteServiceCommand).resolves({});

      // Act
      await fleet().deleteService('web-pr-1');

      // Assess
      expect(ecs.calls().map((call) => call.args[0].constructor)).toEqual([UpdateServiceCommand, DeleteServiceCommand]);
      expect(ecs).toHaveReceivedCommandWith(UpdateServiceCommand, { cluster: CLUSTER, service: 'web-pr-1', desiredCount: 0 });
      expect(ecs).toHaveReceivedCommandWith(DeleteServiceCommand, { cluster: CLUSTER, service: 'web-pr-1' });
    });

    it('succeeds without deleting when the service does not exist', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).rejects(new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} }));

      // Act
      await fleet().deleteService('web-pr-1');

      // Assess
      expect(ecs).not.toHaveReceivedCommand(DeleteServiceCommand);
    });

    it('succeeds when the service is no longer active', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).rejects(new ServiceNotActiveException({ message: 'Service was not ACTIVE.', $metadata: {} }));

      // Act
      const done = fleet().deleteService('web-pr-1');

      // Assess
      await expect(done).resolves.toBeUndefined();
    });

    it('succeeds when the service disappears between scaling and deleting', async () => {
      // Prepare
      ecs.on(UpdateServiceCommand).resolves({});
      ecs.on(DeleteServiceCommand).rejects(new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} }));

      // Act
      const done = fleet().deleteService('web-pr-1');

      // Assess
      await expect(done).resolves.toBeUndefined();
    });
  });

  describe('Throttling', () => {
    it('retries a throttled call until it succeeds', async () => {
      // Prepare
      ecs
        .on(DescribeServicesCommand)
        .rejectsOnce(throttled())
        .rejectsOnce(throttled())
        .resolves({ services: [describedService('web')] });

      // Act
      const services = await fleet().describeServices(['web']);

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(DescribeServicesCommand, 3);
      expect(services).toHaveLength(1);
    });

    it('throws a CloudError naming the operation when throttling never stops', async () => {
      // Prepare
      ecs.on(ListServicesCommand).rejects(throttled());

      // Act
      const failure = await fleet().listServices().catch((error: unknown) => error);

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, 8);
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'ecs:ListServices' });
    });
  });
});
