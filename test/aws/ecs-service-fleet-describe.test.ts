import { DescribeServicesCommand, ListServicesCommand, type DescribeServicesCommandInput } from '@aws-sdk/client-ecs';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../src/core/errors.js';
import { ecs, fleet, throttled } from './ecs-service-fleet-setup.js';
import { CLUSTER, describedService, serviceArn, targetGroupArn, taskDefinitionArn } from './fixtures.js';
import { DEFAULT_RETRY } from '../../src/aws/retry.js';

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

    it('describes only the services whose names start with the prefix asked for, and none when no name does', async () => {
      // Prepare: the team's own services beside devenv's
      ecs.on(ListServicesCommand).resolves({ serviceArns: [serviceArn('web'), serviceArn('devenv-pr-1'), serviceArn('payments'), serviceArn('devenv-pr-2--1')] });
      ecs.on(DescribeServicesCommand).resolves({ services: [describedService('devenv-pr-1'), describedService('devenv-pr-2--1')] });

      // Act
      const services = await fleet().listServices({ namePrefix: 'devenv-' });
      const described = ecs.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input.services);
      ecs.resetHistory();
      ecs.on(ListServicesCommand).resolves({ serviceArns: [serviceArn('web')] });
      const none = await fleet().listServices({ namePrefix: 'devenv-' });

      // Assess
      expect(described).toEqual([[serviceArn('devenv-pr-1'), serviceArn('devenv-pr-2--1')]]);
      expect(services.map((service) => service.name)).toEqual(['devenv-pr-1', 'devenv-pr-2--1']);
      expect(none).toEqual([]);
      expect(ecs).not.toHaveReceivedCommand(DescribeServicesCommand);
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
      expect(ecs).toHaveReceivedCommandTimes(ListServicesCommand, DEFAULT_RETRY.maxAttempts);
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'ecs:ListServices' });
    });
  });
});
