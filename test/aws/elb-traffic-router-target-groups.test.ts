import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2ServiceException,
  ModifyTargetGroupAttributesCommand,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError, NotFoundError, TargetGroupNameTakenError } from '../../src/core/errors.js';
import type { TargetGroupSpec } from '../../src/core/ports.js';
import { elb, router, tagEverything, targetGroup } from './elb-traffic-router-setup.js';
import { LOAD_BALANCER_ARN, targetGroupArn, VPC_ID } from './fixtures.js';

beforeEach(() => {
  elb.reset();
});

describe('Class: ElbTrafficRouter', () => {
  describe('Method: describeTargetGroup', () => {
    it('describes the group by ARN with its tags', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });
      tagEverything();

      // Act
      const group = await router().describeTargetGroup(targetGroupArn('devenv-web-pr-1'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { TargetGroupArns: [targetGroupArn('devenv-web-pr-1')] });
      expect(elb).toHaveReceivedCommandWith(DescribeTagsCommand, { ResourceArns: [targetGroupArn('devenv-web-pr-1')] });
      expect(group).toEqual({
        arn: targetGroupArn('devenv-web-pr-1'),
        name: 'devenv-web-pr-1',
        protocol: 'HTTP',
        protocolVersion: 'HTTP1',
        port: 8080,
        vpcId: VPC_ID,
        targetType: 'ip',
        healthCheck: {
          protocol: 'HTTP',
          port: 'traffic-port',
          path: '/health',
          matcher: '200-299',
          intervalSeconds: 5,
          timeoutSeconds: 4,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
        loadBalancerArns: [LOAD_BALANCER_ARN],
        tags: { owner: 'devenv' },
      });
    });

    it('throws NotFoundError when the group does not exist', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const failure = router().describeTargetGroup(targetGroupArn('ghost'));

      // Assess
      await expect(failure).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('Method: findTargetGroup', () => {
    it('looks the group up by exact name', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });
      tagEverything();

      // Act
      const group = await router().findTargetGroup('devenv-web-pr-1');

      // Assess
      expect(elb).toHaveReceivedCommandWith(DescribeTargetGroupsCommand, { Names: ['devenv-web-pr-1'] });
      expect(group?.name).toBe('devenv-web-pr-1');
    });

    it('returns undefined when no group has the name', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const group = await router().findTargetGroup('devenv-web-pr-9');

      // Assess
      expect(group).toBeUndefined();
      expect(elb).not.toHaveReceivedCommand(DescribeTagsCommand);
    });
  });

  describe('Method: listTargetGroups', () => {
    it('pages with PageSize 400 and Marker, keeping the names with the prefix', async () => {
      // Prepare
      elb
        .on(DescribeTargetGroupsCommand)
        .resolvesOnce({ TargetGroups: [targetGroup('devenv-web-pr-1'), targetGroup('baseline-web')], NextMarker: 'm2' })
        .resolvesOnce({ TargetGroups: [targetGroup('devenv-web-pr-2')] });
      tagEverything();

      // Act
      const groups = await router().listTargetGroups('devenv-');

      // Assess
      expect(elb).toHaveReceivedCommandTimes(DescribeTargetGroupsCommand, 2);
      expect(elb).toHaveReceivedNthCommandWith(DescribeTargetGroupsCommand, 1, { PageSize: 400 });
      expect(elb).toHaveReceivedNthCommandWith(DescribeTargetGroupsCommand, 2, { PageSize: 400, Marker: 'm2' });
      expect(groups.map((group) => group.name)).toEqual(['devenv-web-pr-1', 'devenv-web-pr-2']);
      expect(groups.every((group) => group.tags.owner === 'devenv')).toBe(true);
    });

    it('asks DescribeTags for at most 20 ARNs per call', async () => {
      // Prepare
      const names = Array.from({ length: 45 }, (_, index) => `devenv-web-pr-${index}`);
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: names.map((name) => targetGroup(name)) });
      tagEverything();

      // Act
      const groups = await router().listTargetGroups('devenv-');

      // Assess
      const batches = elb.commandCalls(DescribeTagsCommand).map((call) => call.args[0].input.ResourceArns ?? []);
      expect(batches.map((batch) => batch.length)).toEqual([20, 20, 5]);
      expect(batches.flat()).toEqual(names.map((name) => targetGroupArn(name)));
      expect(groups).toHaveLength(45);
    });

    it('leaves out a group deleted between listing and tagging', async () => {
      // Prepare
      elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [targetGroup('devenv-a'), targetGroup('devenv-b')] });
      const gone = new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} });
      elb.on(DescribeTagsCommand).rejects(gone);
      elb
        .on(DescribeTagsCommand, { ResourceArns: [targetGroupArn('devenv-a')] })
        .resolves({ TagDescriptions: [{ ResourceArn: targetGroupArn('devenv-a'), Tags: [] }] });

      // Act
      const groups = await router().listTargetGroups('devenv-');

      // Assess
      expect(groups.map((group) => group.name)).toEqual(['devenv-a']);
    });
  });

  describe('Method: createTargetGroup', () => {
    const spec: TargetGroupSpec = {
      name: 'devenv-web-pr-1',
      protocol: 'HTTP',
      protocolVersion: 'HTTP1',
      port: 8080,
      vpcId: VPC_ID,
      targetType: 'ip',
      healthCheck: {
        protocol: 'HTTP',
        port: 'traffic-port',
        path: '/health',
        matcher: '200-299',
        intervalSeconds: 5,
        timeoutSeconds: 4,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
      },
      deregistrationDelaySeconds: 5,
      tags: { 'devenv:environment': 'pr-1' },
    };

    it('creates the group with its health check and tags, and sets no attributes', async () => {
      // Prepare
      elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1', { LoadBalancerArns: [] })] });

      // Act
      const group = await router().createTargetGroup(spec);

      // Assess
      expect(elb.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input).toEqual({
        Name: 'devenv-web-pr-1',
        Protocol: 'HTTP',
        ProtocolVersion: 'HTTP1',
        Port: 8080,
        VpcId: VPC_ID,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200-299' },
        Tags: [{ Key: 'devenv:environment', Value: 'pr-1' }],
      });
      expect(elb).not.toHaveReceivedCommand(ModifyTargetGroupAttributesCommand);
      expect(group).toMatchObject({ arn: targetGroupArn('devenv-web-pr-1'), tags: { 'devenv:environment': 'pr-1' } });
    });

    it('puts the matcher in GrpcCode for a gRPC group', async () => {
      // Prepare
      elb.on(CreateTargetGroupCommand).resolves({ TargetGroups: [targetGroup('devenv-web-pr-1')] });

      // Act
      await router().createTargetGroup({ ...spec, protocolVersion: 'GRPC', healthCheck: { ...spec.healthCheck, matcher: '0-99' } });

      // Assess
      expect(elb).toHaveReceivedCommandWith(CreateTargetGroupCommand, { Matcher: { GrpcCode: '0-99' } });
    });

    it('sets the deregistration delay with setDeregistrationDelay, and names the call when it fails', async () => {
      // Prepare
      const denied = new ElasticLoadBalancingV2ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'denied' });
      elb.on(ModifyTargetGroupAttributesCommand).resolvesOnce({}).rejects(denied);

      // Act
      await router().setDeregistrationDelay(targetGroupArn('devenv-web-pr-1'), 5);
      const failure = await router().setDeregistrationDelay(targetGroupArn('devenv-web-pr-1'), 5).catch((e: unknown) => e);

      // Assess
      expect(elb).toHaveReceivedCommandWith(ModifyTargetGroupAttributesCommand, {
        TargetGroupArn: targetGroupArn('devenv-web-pr-1'),
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
      });
      expect(elb).not.toHaveReceivedCommand(DeleteTargetGroupCommand);
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'elasticloadbalancing:ModifyTargetGroupAttributes', cause: denied });
    });

    it('throws TargetGroupNameTakenError when the name is taken with other settings', async () => {
      // Prepare
      const error = new DuplicateTargetGroupNameException({ message: 'A target group with the same name exists', $metadata: {} });
      elb.on(CreateTargetGroupCommand).rejects(error);

      // Act
      const failure = await router().createTargetGroup(spec).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(TargetGroupNameTakenError);
      expect(failure).toMatchObject({ code: 'conflict', cause: error });
      expect(elb).not.toHaveReceivedCommand(ModifyTargetGroupAttributesCommand);
    });
  });

  describe('Method: deleteTargetGroup', () => {
    it('deletes the group by ARN', async () => {
      // Prepare
      elb.on(DeleteTargetGroupCommand).resolves({});

      // Act
      await router().deleteTargetGroup(targetGroupArn('devenv-web-pr-1'));

      // Assess
      expect(elb).toHaveReceivedCommandWith(DeleteTargetGroupCommand, { TargetGroupArn: targetGroupArn('devenv-web-pr-1') });
    });

    it('succeeds when the group is already gone', async () => {
      // Prepare
      elb.on(DeleteTargetGroupCommand).rejects(new TargetGroupNotFoundException({ message: 'One or more target groups not found', $metadata: {} }));

      // Act
      const done = router().deleteTargetGroup(targetGroupArn('devenv-web-pr-1'));

      // Assess
      await expect(done).resolves.toBeUndefined();
    });
  });
});
