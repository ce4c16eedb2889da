import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { createClone, describeOne, rejectionOf, world } from './fixtures.js';

describe('Class: SimulatedEcs — service updates and deletion', () => {
  describe('Method: UpdateService', () => {
    it('starts a new PRIMARY deployment on forceNewDeployment, keeping the old one ACTIVE until it completes', async () => {
      const w = world({ deploymentSeconds: 5 });

      const { service } = await w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'web', forceNewDeployment: true }));

      expect(service?.deployments?.map((d) => [d.status, d.rolloutState, d.runningCount])).toEqual([
        ['PRIMARY', 'IN_PROGRESS', 0],
        ['ACTIVE', 'COMPLETED', 2],
      ]);
      w.advanceSeconds(5);
      const after = await describeOne(w, 'web');
      expect(after.deployments?.map((d) => [d.status, d.rolloutState, d.runningCount])).toEqual([['PRIMARY', 'COMPLETED', 2]]);
    });

    it('deploys a new task definition revision', async () => {
      const w = world({ deploymentSeconds: 0 });
      const { service: created } = await createClone(w, 'pr-1');
      await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['pr-1'] }));
      const { taskDefinition } = await w.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:1' }));
      const { taskDefinitionArn: _a, revision: _r, status: _s, requiresAttributes: _ra, compatibilities: _c, registeredAt: _at, registeredBy: _by, ...reusable } = taskDefinition!;
      await w.ecs.send(new RegisterTaskDefinitionCommand(reusable as never));

      const { service } = await w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'pr-1', taskDefinition: 'web:2' }));

      expect(created.taskDefinition).toMatch(/web:1$/);
      expect(service?.taskDefinition).toMatch(/web:2$/);
      expect(service?.deployments?.[0]).toMatchObject({ status: 'PRIMARY', taskDefinition: service?.taskDefinition, rolloutState: 'IN_PROGRESS' });
    });

    it('scales a completed deployment to the new desired count without a new deployment', async () => {
      const w = world();

      await w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'web', desiredCount: 3 }));

      const service = await describeOne(w, 'web');
      expect(service).toMatchObject({ desiredCount: 3, runningCount: 3 });
      expect(service.deployments).toHaveLength(1);
      expect(service.deployments?.[0]?.rolloutState).toBe('COMPLETED');
    });

    it('rejects updating a service that is not ACTIVE with ServiceNotActiveException', async () => {
      const w = world();
      await createClone(w, 'pr-1');
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1', force: true }));

      const error = await rejectionOf(w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'pr-1', desiredCount: 1 })));

      expect(error.name).toBe('ServiceNotActiveException');
    });

    it('rejects updating a service that never existed with ServiceNotFoundException', async () => {
      const w = world();

      const error = await rejectionOf(w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'ghost', desiredCount: 1 })));

      expect(error.name).toBe('ServiceNotFoundException');
    });
  });

  describe('Method: DeleteService', () => {
    it('rejects deleting a service scaled above 0 without force', async () => {
      const w = world();
      await createClone(w, 'pr-1');

      const error = await rejectionOf(w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1' })));

      expect(error.name).toBe('InvalidParameterException');
      expect((await describeOne(w, 'pr-1')).status).toBe('ACTIVE');
    });

    it('deletes a service scaled to 0 without force, DRAINING until drainingSeconds pass', async () => {
      const w = world({ drainingSeconds: 10 });
      await createClone(w, 'pr-1');
      await w.ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'pr-1', desiredCount: 0 }));

      const { service } = await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1' }));
      w.advanceSeconds(9);
      const stillDraining = await describeOne(w, 'pr-1');
      w.advanceSeconds(1);
      const inactive = await describeOne(w, 'pr-1');

      expect([service?.status, stillDraining.status, inactive.status]).toEqual(['DRAINING', 'DRAINING', 'INACTIVE']);
    });

    it('rejects deleting a missing service with ServiceNotFoundException', async () => {
      const w = world();

      const error = await rejectionOf(w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'ghost', force: true })));

      expect(error.name).toBe('ServiceNotFoundException');
    });

    it('deregisters the service’s targets, which drain out of the target group', async () => {
      const w = world({ deploymentSeconds: 0 });
      const { tg } = await createClone(w, 'pr-1');
      await w.elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '60' }] }));
      const before = await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));

      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1', force: true }));
      const draining = await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
      w.advanceSeconds(60);
      const gone = await w.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));

      expect(before.TargetHealthDescriptions?.map((t) => t.TargetHealth?.State)).toEqual(['healthy']);
      expect(draining.TargetHealthDescriptions?.map((t) => t.TargetHealth?.State)).toEqual(['draining']);
      expect(gone.TargetHealthDescriptions).toEqual([]);
    });
  });
});
