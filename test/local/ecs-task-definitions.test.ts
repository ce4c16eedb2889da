import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { rejectionOf, world, type World } from './fixtures.js';

const READ_ONLY_FIELDS = ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'deregisteredAt', 'registeredBy'];

/** What devenv does to copy a revision: drop the read-only fields of DescribeTaskDefinition's output. */
async function reusableInput(w: World, reference: string): Promise<RegisterTaskDefinitionCommandInput> {
  const { taskDefinition } = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference }));
  return Object.fromEntries(Object.entries(taskDefinition!).filter(([key]) => !READ_ONLY_FIELDS.includes(key))) as RegisterTaskDefinitionCommandInput;
}

const minimal = (family: string): RegisterTaskDefinitionCommandInput => ({
  family,
  containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/docker/library/busybox:1.36', memory: 64 }],
});

describe('Class: SimulatedEcs — task definitions', () => {
  describe('Method: RegisterTaskDefinition', () => {
    it('registers the next revision of the family', async () => {
      const w = world();

      const { taskDefinition } = await w.ecs.send(new RegisterTaskDefinitionCommand(await reusableInput(w, 'web')));

      expect(taskDefinition).toMatchObject({ family: 'web', revision: 2, status: 'ACTIVE', taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2' });
    });

    it('round-trips a described revision unchanged apart from its read-only fields', async () => {
      const w = world();
      const input = await reusableInput(w, 'web:1');

      await w.ecs.send(new RegisterTaskDefinitionCommand(input));

      expect(await reusableInput(w, 'web:2')).toEqual(input);
    });

    it.each(READ_ONLY_FIELDS)('rejects the read-only field %s with ClientException', async (field) => {
      const w = world();
      const input = { ...minimal('bad'), [field]: field === 'revision' ? 3 : 'x' } as RegisterTaskDefinitionCommandInput;

      const error = await rejectionOf(w.ecs.send(new RegisterTaskDefinitionCommand(input)));

      expect(error).toMatchObject({ name: 'ClientException', message: expect.stringContaining(`"${field}"`) });
    });

    it('rejects a Fargate task definition without task-level cpu', async () => {
      const w = world();

      const error = await rejectionOf(
        w.ecs.send(new RegisterTaskDefinitionCommand({ ...minimal('fg'), networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], memory: '512' })),
      );

      expect(error).toMatchObject({ name: 'ClientException', message: expect.stringContaining("'cpu'") });
    });

    it('rejects an EC2 container without memory or memoryReservation when the task sets no memory', async () => {
      const w = world();

      const error = await rejectionOf(w.ecs.send(new RegisterTaskDefinitionCommand({ family: 'nomem', containerDefinitions: [{ name: 'app', image: 'busybox' }] })));

      expect(error).toMatchObject({ name: 'ClientException', message: expect.stringContaining("'memory' or 'memoryReservation'") });
    });

    it('fills in the defaults AWS returns: hostPort 0 in bridge mode, protocol tcp, essential, empty lists', async () => {
      const w = world();

      const { taskDefinition } = await w.ecs.send(
        new RegisterTaskDefinitionCommand({ family: 'br', containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64, portMappings: [{ containerPort: 80 }] }] }),
      );

      expect(taskDefinition?.networkMode).toBe('bridge');
      expect(taskDefinition?.containerDefinitions?.[0]).toMatchObject({ portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }], essential: true, environment: [], mountPoints: [], volumesFrom: [], cpu: 0 });
    });
  });

  describe('Method: DescribeTaskDefinition', () => {
    it('finds a revision by family, family:revision and ARN', async () => {
      const w = world();
      await w.ecs.send(new RegisterTaskDefinitionCommand(await reusableInput(w, 'web')));

      const byFamily = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));
      const byRevision = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
      const byArn = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1' }));

      expect(byFamily.taskDefinition?.revision).toBe(2);
      expect(byRevision.taskDefinition?.revision).toBe(1);
      expect(byArn.taskDefinition).toEqual(byRevision.taskDefinition);
    });

    it('returns the read-only fields registration does not accept', async () => {
      const w = world();

      const { taskDefinition } = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));

      expect(taskDefinition).toMatchObject({
        taskDefinitionArn: expect.any(String),
        revision: 1,
        status: 'ACTIVE',
        requiresAttributes: expect.arrayContaining([{ name: 'ecs.capability.task-eni' }]),
        compatibilities: ['EC2', 'FARGATE'],
        registeredAt: expect.any(Date),
        registeredBy: expect.any(String),
      });
    });

    it('returns tags at the top level of the response only with include: TAGS', async () => {
      const w = world();

      const without = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
      const withTags = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1', include: ['TAGS'] }));

      expect(without.tags).toBeUndefined();
      expect(withTags.tags).toEqual([{ key: 'team', value: 'platform' }, { key: 'environment', value: 'dev' }]);
      expect(withTags.taskDefinition).not.toHaveProperty('tags');
    });

    it('rejects an unknown task definition with ClientException', async () => {
      const w = world();

      const error = await rejectionOf(w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:9' })));

      expect(error.name).toBe('ClientException');
    });
  });

  describe('Method: DeregisterTaskDefinition', () => {
    it('marks the revision INACTIVE, after which the family resolves to the latest ACTIVE revision', async () => {
      const w = world();
      await w.ecs.send(new RegisterTaskDefinitionCommand(await reusableInput(w, 'web')));

      const { taskDefinition } = await w.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }));
      const latest = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web' }));

      expect(taskDefinition).toMatchObject({ status: 'INACTIVE', deregisteredAt: expect.any(Date) });
      expect(latest.taskDefinition?.revision).toBe(1);
    });
  });

  describe('Method: ListTaskDefinitions', () => {
    it('filters on the exact family, on status, and sorts DESC on request', async () => {
      const w = world();
      await w.ecs.send(new RegisterTaskDefinitionCommand(minimal('web-extra')));
      await w.ecs.send(new RegisterTaskDefinitionCommand(await reusableInput(w, 'web')));
      await w.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:1' }));

      const active = await w.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web' }));
      const inactive = await w.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'web', status: 'INACTIVE' }));
      const all = await w.ecs.send(new ListTaskDefinitionsCommand({ sort: 'DESC' }));

      expect(active.taskDefinitionArns?.map((a) => a.split('/').pop())).toEqual(['web:2']);
      expect(inactive.taskDefinitionArns?.map((a) => a.split('/').pop())).toEqual(['web:1']);
      expect(all.taskDefinitionArns?.map((a) => a.split('/').pop())).toEqual(['worker:1', 'web-extra:1', 'web:2', 'metrics:1', 'api:1']);
    });

    it('pages with maxResults and nextToken', async () => {
      const w = world();

      const first = await w.ecs.send(new ListTaskDefinitionsCommand({ maxResults: 3 }));
      const second = await w.ecs.send(new ListTaskDefinitionsCommand({ maxResults: 3, nextToken: first.nextToken }));

      expect(first.taskDefinitionArns?.map((a) => a.split('/').pop())).toEqual(['api:1', 'metrics:1', 'web:1']);
      expect(second.taskDefinitionArns?.map((a) => a.split('/').pop())).toEqual(['worker:1']);
      expect(second.nextToken).toBeUndefined();
    });
  });
});
