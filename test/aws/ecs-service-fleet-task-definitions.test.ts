import {
  ClientException,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.js';
import { ecs, fleet } from './ecs-service-fleet-setup.js';
import { describedTaskDefinition, taskDefinitionArn } from './fixtures.js';

beforeEach(() => {
  ecs.reset();
});

describe('Class: EcsServiceFleet', () => {
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
            // Only the names: a secret's source stays in ECS.
            secretNames: ['DB_PASSWORD'],
          },
          {
            name: 'log-router',
            image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
            containerPorts: [],
            hostPorts: [],
            environment: {},
            secretNames: [],
          },
        ],
        taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
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

    it('registers from a revision it described or registered before without describing it again', async () => {
      // Prepare
      const ecsFleet = fleet();
      const described = await ecsFleet.describeTaskDefinition('web:7');

      // Act: from the described revision, then from the one just registered
      const first = await ecsFleet.registerRevision({ ...spec, from: described.arn });
      await ecsFleet.registerRevision({ ...spec, from: first.arn });

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(DescribeTaskDefinitionCommand, 1);
      expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 2);
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)[1]!.args[0].input.containerDefinitions?.[0]?.image).toBe('web:pr-1');
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
});
