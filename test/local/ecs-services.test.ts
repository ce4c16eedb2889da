import { CreateServiceCommand, DeleteServiceCommand, DescribeServicesCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { attachedTargetGroup, createClone, describeOne, rejectionOf, webCloneInput, world } from './fixtures.js';

describe('Class: SimulatedEcs', () => {
  describe('Method: CreateService', () => {
    it('rejects a service name longer than 255 characters', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'long' });

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'a'.repeat(256), tg))));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects a service name with characters other than letters, digits, hyphens and underscores', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'dots' });

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr.1', tg))));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects a second service with the name of an ACTIVE one', async () => {
      const w = world();
      const { tg } = await createClone(w, 'pr-1');

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr-1', tg))));

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'Creation of service was not idempotent.' });
    });

    it('rejects re-creating a service whose namesake is still DRAINING', async () => {
      const w = world();
      const { tg } = await createClone(w, 'pr-1');
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1', force: true }));

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr-1', tg))));

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'Unable to Start a service that is still Draining.' });
    });

    it('re-creates a service once its namesake is INACTIVE, under the same ARN', async () => {
      const w = world({ drainingSeconds: 30 });
      const { tg, service: first } = await createClone(w, 'pr-1');
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1', force: true }));
      w.advanceSeconds(30);

      const { service } = await w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr-1', tg)));

      expect(service).toMatchObject({ serviceArn: first.serviceArn, status: 'ACTIVE' });
    });

    it('returns the same service for a retry with the same client token and parameters', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'retry' });
      const input = { ...webCloneInput(w, 'pr-1', tg), clientToken: 'token-123' };
      const first = await w.ecs.send(new CreateServiceCommand(input));

      const retry = await w.ecs.send(new CreateServiceCommand(input));

      expect(retry.service?.serviceArn).toBe(first.service?.serviceArn);
      expect(retry.service?.deployments?.map((d) => d.id)).toEqual(first.service?.deployments?.map((d) => d.id));
      const list = await w.ecs.send(new ListServicesCommand({ cluster: 'dev', maxResults: 100 }));
      expect(list.serviceArns?.filter((arn) => arn.endsWith('/pr-1'))).toHaveLength(1);
    });

    it('rejects a retry with the same client token but different parameters', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'retry' });
      await w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, 'pr-1', tg), clientToken: 'token-123' }));

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, 'pr-1', tg), clientToken: 'token-123', desiredCount: 3 })));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects a client token longer than 36 characters', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'token' });

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, 'pr-1', tg), clientToken: 'x'.repeat(37) })));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects a launch type together with a capacity provider strategy', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'both' });

      const error = await rejectionOf(
        w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, 'pr-1', tg), capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }] })),
      );

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('Specifying both a launch type and capacity provider strategy') });
    });

    it('rejects a target group that no listener rule or default action forwards to', async () => {
      const w = world();
      const created = await w.elb.send(new CreateTargetGroupCommand({ Name: 'loose', Protocol: 'HTTP', Port: 8080, VpcId: w.seed.vpcId, TargetType: 'ip' }));
      const tg = created.TargetGroups![0]!.TargetGroupArn!;

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr-1', tg))));

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: `The target group with targetGroupArn ${tg} does not have an associated load balancer.` });
    });

    it('rejects a target group that does not exist', async () => {
      const w = world();
      const missing = w.seed.apps.web.targetGroupArn!.replace(/[0-9a-f]{16}$/, '0000000000000000');

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr-1', missing))));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects a load balancer container port the task definition does not declare', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'port' });
      const input = webCloneInput(w, 'pr-1', tg);

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand({ ...input, loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 9999 }] })));

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'The container web did not have a container port 9999 defined.' });
    });

    it('rejects a load balancer container name the task definition does not declare', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'container' });
      const input = webCloneInput(w, 'pr-1', tg);

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand({ ...input, loadBalancers: [{ targetGroupArn: tg, containerName: 'nginx', containerPort: 8080 }] })));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects an instance target group for an awsvpc task definition', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'inst', targetType: 'instance' });

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(webCloneInput(w, 'pr-1', tg))));

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('incompatible with the awsvpc network mode') });
    });

    it('rejects an awsvpc service without a network configuration', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'nonet' });
      const { networkConfiguration: _omitted, ...input } = webCloneInput(w, 'pr-1', tg);

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand(input)));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('rejects a subnet that does not exist', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'subnet' });
      const input = webCloneInput(w, 'pr-1', tg);

      const error = await rejectionOf(
        w.ecs.send(new CreateServiceCommand({ ...input, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0000000000000000'], securityGroups: w.seed.securityGroups } } })),
      );

      expect(error).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('subnet-0000000000000000') });
    });

    it('rejects an unknown cluster with ClusterNotFoundException', async () => {
      const w = world();
      const tg = await attachedTargetGroup(w, { name: 'cluster' });

      const error = await rejectionOf(w.ecs.send(new CreateServiceCommand({ ...webCloneInput(w, 'pr-1', tg), cluster: 'prod' })));

      expect(error.name).toBe('ClusterNotFoundException');
    });

    it('keeps tags, propagateTags, enableExecuteCommand, platformVersion, network and deployment configuration', async () => {
      const w = world();
      const tags = [{ key: 'devenv:env', value: 'pr-1' }, { key: 'team', value: 'platform' }];
      const deploymentConfiguration = { maximumPercent: 200, minimumHealthyPercent: 50, deploymentCircuitBreaker: { enable: true, rollback: false } };

      await createClone(w, 'pr-1', 100, { tags, propagateTags: 'SERVICE', enableExecuteCommand: true, deploymentConfiguration });

      const service = await describeOne(w, 'pr-1', ['TAGS']);
      expect(service).toMatchObject({
        tags,
        propagateTags: 'SERVICE',
        enableExecuteCommand: true,
        platformVersion: '1.4.0',
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: w.seed.subnets, securityGroups: w.seed.securityGroups, assignPublicIp: 'DISABLED' } },
        deploymentConfiguration,
      });
      expect(service.capacityProviderStrategy).toBeUndefined();
    });
  });

  describe('Method: DescribeServices', () => {
    it('rejects more than 10 services per call', async () => {
      const w = world();

      const error = await rejectionOf(w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: Array.from({ length: 11 }, (_, i) => `s${i}`) })));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('returns tags only when asked with include: TAGS', async () => {
      const w = world();

      const without = await describeOne(w, 'web');
      const withTags = await describeOne(w, 'web', ['TAGS']);

      expect(without.tags).toBeUndefined();
      expect(withTags.tags).toEqual([{ key: 'team', value: 'platform' }, { key: 'environment', value: 'dev' }, { key: 'app', value: 'web' }]);
    });

    it('reports unknown services as MISSING failures, by ARN', async () => {
      const w = world();

      const output = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['web', 'ghost'] }));

      expect(output.services?.map((s) => s.serviceName)).toEqual(['web']);
      expect(output.failures).toEqual([{ arn: 'arn:aws:ecs:us-east-1:123456789012:service/dev/ghost', reason: 'MISSING' }]);
    });

    it('accepts long service ARNs as well as names', async () => {
      const w = world();

      const output = await w.ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['arn:aws:ecs:us-east-1:123456789012:service/dev/api'] }));

      expect(output.services?.[0]?.serviceName).toBe('api');
    });

    it('still shows a deleted service, DRAINING and then INACTIVE', async () => {
      const w = world({ drainingSeconds: 30 });
      await createClone(w, 'pr-1');
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1', force: true }));

      const draining = await describeOne(w, 'pr-1');
      w.advanceSeconds(30);
      const inactive = await describeOne(w, 'pr-1');

      expect(draining.status).toBe('DRAINING');
      expect(inactive.status).toBe('INACTIVE');
    });
  });

  describe('Method: ListServices', () => {
    it('rejects maxResults outside 1–100', async () => {
      const w = world();

      const errors = [await rejectionOf(w.ecs.send(new ListServicesCommand({ cluster: 'dev', maxResults: 0 }))), await rejectionOf(w.ecs.send(new ListServicesCommand({ cluster: 'dev', maxResults: 101 })))];

      expect(errors.map((e) => e.name)).toEqual(['InvalidParameterException', 'InvalidParameterException']);
    });

    it('pages 10 at a time by default with an opaque nextToken', async () => {
      const w = world();
      for (let i = 1; i <= 8; i += 1) await createClone(w, `pr-${i}`, 100 + i);

      const first = await w.ecs.send(new ListServicesCommand({ cluster: 'dev' }));
      const second = await w.ecs.send(new ListServicesCommand({ cluster: 'dev', nextToken: first.nextToken }));

      expect(first.serviceArns).toHaveLength(10);
      expect(first.nextToken).toEqual(expect.any(String));
      expect(second.serviceArns).toHaveLength(2);
      expect(second.nextToken).toBeUndefined();
      expect(new Set([...first.serviceArns!, ...second.serviceArns!]).size).toBe(12);
    });

    it('rejects a nextToken it did not issue', async () => {
      const w = world();

      const error = await rejectionOf(w.ecs.send(new ListServicesCommand({ cluster: 'dev', nextToken: 'bogus' })));

      expect(error.name).toBe('InvalidParameterException');
    });

    it('lists ACTIVE services only: a deleted one leaves the list as soon as it is DRAINING', async () => {
      const w = world({ drainingSeconds: 30 });
      await createClone(w, 'pr-1', 101);
      await createClone(w, 'pr-2', 102);
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-1', force: true }));
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-2', force: true }));
      w.advanceSeconds(31);
      await createClone(w, 'pr-3', 103);
      await w.ecs.send(new DeleteServiceCommand({ cluster: 'dev', service: 'pr-3', force: true }));

      const output = await w.ecs.send(new ListServicesCommand({ cluster: 'dev', maxResults: 100 }));

      // AWS DeleteService reference: a DRAINING service "is no longer visible … in the ListServices API operation".
      expect(output.serviceArns?.map((arn) => arn.split('/').pop())).toEqual(['web', 'api', 'metrics', 'worker']);
    });
  });
});
