import { CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Mocks } from './fake-account.js';
import {
  CLUSTER,
  ecsTags,
  elbTags,
  FIXED_ID,
  LEGACY_IMAGE,
  NEW_TARGET_GROUP_ID,
  NOW,
  OWNER,
  targetGroupArn,
  taskDefinitionArn,
  VPC_ID,
} from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const CREATED_AT = NOW.toISOString();
const EXPIRES_AT = '2026-11-27T10:00:00.000Z'; // the configured default TTL, 48h
const ownership = (env: string, app: string) => ({
  'devenv:managed-by': 'devenv-48ecc342e5',
  'devenv:environment': env,
  'devenv:app': app,
  'devenv:created-at': CREATED_AT,
});
const serviceTags = (env: string, app: string, images: string) =>
  ecsTags({
    ...ownership(env, app),
    'devenv:owner': OWNER,
    'devenv:expires-at': EXPIRES_AT,
    'devenv:create-id': FIXED_ID.slice(0, 36),
    'devenv:images': images,
    'devenv:revision': images.split(' ')[0]!,
  });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  serveAccount(mocks, baselineAccount());
});

describe('Class: Engine (SDK calls)', () => {
  describe('Method: create — bridge app on an EC2 capacity provider', () => {
    const TARGET_GROUP_NAME = 'dv-pr-43-2461cd36';
    const createPr43 = () => newEngine().create({ name: 'pr-43', app: 'legacy', owner: OWNER });

    it('registers a revision with host port 0 even without overrides, so clones share instances with the baseline', async () => {
      // Act
      await createPr43();

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 1);
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input).toEqual({
        family: 'legacy',
        networkMode: 'bridge',
        containerDefinitions: [
          {
            name: 'api',
            image: LEGACY_IMAGE,
            cpu: 256,
            memory: 512,
            essential: true,
            portMappings: [{ containerPort: 3000, hostPort: 0, protocol: 'tcp' }],
            environment: [],
            mountPoints: [],
            volumesFrom: [],
          },
        ],
        requiresCompatibilities: ['EC2'],
        tags: ecsTags(ownership('pr-43', 'legacy')),
      });
    });

    it('creates an instance target group with the baseline port and health check', async () => {
      // Act
      await createPr43();

      // Assess
      expect(elb.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input).toEqual({
        Name: TARGET_GROUP_NAME,
        Protocol: 'HTTP',
        ProtocolVersion: 'HTTP1',
        Port: 3000,
        VpcId: VPC_ID,
        TargetType: 'instance',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckPath: '/ping',
        Matcher: { HttpCode: '200' },
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        Tags: elbTags(ownership('pr-43', 'legacy')),
      });
    });

    it('creates the service with the baseline capacity provider strategy and no launch type or network configuration', async () => {
      // Act
      await createPr43();

      // Assess
      expect(ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input).toEqual({
        cluster: CLUSTER,
        serviceName: 'devenv-pr-43',
        taskDefinition: taskDefinitionArn('legacy', 4),
        desiredCount: 1,
        capacityProviderStrategy: [{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }],
        enableExecuteCommand: false,
        loadBalancers: [{ targetGroupArn: targetGroupArn(TARGET_GROUP_NAME, NEW_TARGET_GROUP_ID), containerName: 'api', containerPort: 3000 }],
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
        clientToken: FIXED_ID.slice(0, 36),
        tags: serviceTags('pr-43', 'legacy', 'legacy:4 api=123456789012.dkr.ecr.us-east-1.amazonaws.com/legacy:2024.11'),
        propagateTags: 'SERVICE',
        enableECSManagedTags: true,
      });
    });
  });

  describe('Method: create — app with network mode none', () => {
    it('sends nothing to ELBv2 or Route 53 and creates the service without load balancers', async () => {
      // Act
      await newEngine().create({ name: 'job-7', app: 'batch', owner: OWNER, images: { job: '123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:pr-7' } });

      // Assess
      expect(elb).not.toHaveReceivedAnyCommand();
      expect(route53).not.toHaveReceivedAnyCommand();
      expect(ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input).toEqual({
        cluster: CLUSTER,
        serviceName: 'devenv-job-7',
        taskDefinition: taskDefinitionArn('batch', 3),
        desiredCount: 1,
        launchType: 'EC2',
        enableExecuteCommand: false,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
        clientToken: FIXED_ID.slice(0, 36),
        tags: serviceTags('job-7', 'batch', 'batch:3 job=123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:pr-7'),
        propagateTags: 'SERVICE',
        enableECSManagedTags: true,
      });
    });

    it('registers the override on a none-mode revision with its host ports untouched', async () => {
      // Act
      await newEngine().create({ name: 'job-7', app: 'batch', owner: OWNER, images: { job: '123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:pr-7' } });

      // Assess
      expect(ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input).toEqual({
        family: 'batch',
        networkMode: 'none',
        containerDefinitions: [
          { name: 'job', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:pr-7', cpu: 128, memory: 256, essential: true, portMappings: [], environment: [], mountPoints: [], volumesFrom: [] },
        ],
        requiresCompatibilities: ['EC2'],
        tags: ecsTags(ownership('job-7', 'batch')),
      });
    });

    it('runs the baseline revision itself when there is nothing to override', async () => {
      // Act
      await newEngine().create({ name: 'job-8', app: 'batch', owner: OWNER });

      // Assess
      expect(ecs).not.toHaveReceivedCommand(RegisterTaskDefinitionCommand);
      expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, { serviceName: 'devenv-job-8', taskDefinition: taskDefinitionArn('batch', 2) });
    });
  });
});
