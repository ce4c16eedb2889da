import {
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type CreateServiceCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { newEngine } from './engine-under-test.js';
import { baselineAccount, serveAccount, type Mocks } from './fake-account.js';
import {
  ALB_DNS_NAME,
  ALB_ZONE_ID,
  CLUSTER,
  DB_SECRET_ARN,
  ecsTags,
  elbTags,
  EXECUTION_ROLE_ARN,
  FIXED_ID,
  FLUENT_BIT_IMAGE,
  HOSTED_ZONE_ID,
  LISTENER_ARN,
  NEW_TARGET_GROUP_ID,
  NOW,
  OWNER,
  writtenOwnershipValue,
  REGION,
  TASK_ROLE_ARN,
  targetGroupArn,
  taskDefinitionArn,
  VPC_ID,
} from './fixtures.js';

const ecs = mockClient(ECSClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const route53 = mockClient(Route53Client);
const mocks: Mocks = { ecs, elb, route53 };

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:pr-42-1a2b3c4';
const HOST = 'pr-42.dev.example.com';
/** `dv-` + name + 8 hex of sha256("devenv/pr-42"): the documented derivation, pinned as a literal. */
const TARGET_GROUP_NAME = 'dv-pr-42-ff4e3f44';
const NEW_TARGET_GROUP_ARN = targetGroupArn(TARGET_GROUP_NAME, NEW_TARGET_GROUP_ID);
/** Where the priority search starts for devenv/pr-42 in 1…50000; free in the baseline account. */
const PRIORITY = 46355;
const CREATED_AT = NOW.toISOString();
const OWNERSHIP_TAGS = {
  'devenv:managed-by': 'devenv-48ecc342e5',
  'devenv:environment': 'pr-42',
  'devenv:app': 'web',
  'devenv:created-at': CREATED_AT,
};

const createPr42 = () => newEngine().create({ name: 'pr-42', app: 'web', owner: OWNER, ttl: '24h', images: { web: IMAGE } });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  route53.reset();
  serveAccount(mocks, baselineAccount());
});

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('Class: Engine (SDK calls)', () => {
  describe('Method: create — awsvpc app with an image override', () => {
    it('claims the host with one CREATE of the alias A record and the TXT ownership record', async () => {
      // Act
      await createPr42();

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toEqual({
        HostedZoneId: HOSTED_ZONE_ID,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: HOST,
                Type: 'A',
                AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false },
              },
            },
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: HOST,
                Type: 'TXT',
                TTL: 60,
                ResourceRecords: [{ Value: `"${writtenOwnershipValue('pr-42', 'web', CREATED_AT, { claim: FIXED_ID })}"` }],
              },
            },
          ],
        },
      });
    });

    it('creates the target group with the baseline protocol, port, VPC and health check, tuned and tagged', async () => {
      // Act
      await createPr42();

      // Assess
      expect(elb).toHaveReceivedCommandTimes(CreateTargetGroupCommand, 1);
      const input = elb.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input;
      expect(input).toEqual({
        Name: TARGET_GROUP_NAME,
        Protocol: 'HTTP',
        ProtocolVersion: 'HTTP1',
        Port: 8080,
        VpcId: VPC_ID,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckPath: '/healthz',
        Matcher: { HttpCode: '200-399' },
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        Tags: elbTags(OWNERSHIP_TAGS),
      });
      expect(input.Name!.length).toBeLessThanOrEqual(32);
    });

    it('sets a 5-second deregistration delay on the new target group', async () => {
      // Act
      await createPr42();

      // Assess
      expect(elb).toHaveReceivedCommandTimes(ModifyTargetGroupAttributesCommand, 1);
      expect(elb.commandCalls(ModifyTargetGroupAttributesCommand)[0]!.args[0].input).toEqual({
        TargetGroupArn: NEW_TARGET_GROUP_ARN,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
      });
    });

    it('adds a host-header rule that forwards to the new target group at the preferred priority', async () => {
      // Act
      await createPr42();

      // Assess
      expect(elb).toHaveReceivedCommandTimes(CreateRuleCommand, 1);
      expect(elb.commandCalls(CreateRuleCommand)[0]!.args[0].input).toEqual({
        ListenerArn: LISTENER_ARN,
        Priority: PRIORITY,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [HOST] } }],
        Actions: [{ Type: 'forward', TargetGroupArn: NEW_TARGET_GROUP_ARN }],
        Tags: elbTags(OWNERSHIP_TAGS),
      });
    });

    it('registers a revision of the baseline family with the new image, ECS read-only fields dropped and ownership tags', async () => {
      // Act
      await createPr42();

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(RegisterTaskDefinitionCommand, 1);
      const input: RegisterTaskDefinitionCommandInput = ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
      expect(input).toEqual({
        family: 'web',
        taskRoleArn: TASK_ROLE_ARN,
        executionRoleArn: EXECUTION_ROLE_ARN,
        networkMode: 'awsvpc',
        containerDefinitions: [
          {
            name: 'web',
            image: IMAGE,
            cpu: 0,
            essential: true,
            portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
            environment: [{ name: 'LOG_LEVEL', value: 'info' }],
            mountPoints: [],
            volumesFrom: [],
            secrets: [{ name: 'DB_PASSWORD', valueFrom: DB_SECRET_ARN }],
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'web' } },
            systemControls: [],
          },
          {
            name: 'log-router',
            image: FLUENT_BIT_IMAGE,
            cpu: 0,
            essential: false,
            portMappings: [],
            environment: [],
            mountPoints: [],
            volumesFrom: [],
            user: '0',
            firelensConfiguration: { type: 'fluentbit' },
          },
        ],
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
        runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
        tags: ecsTags(OWNERSHIP_TAGS),
      });
      for (const readOnly of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) {
        expect(input).not.toHaveProperty(readOnly);
      }
    });

    it('creates the service devenv-pr-42 like the baseline, with one task, the circuit breaker, a client token and owner tags', async () => {
      // Act
      await createPr42();

      // Assess
      expect(ecs).toHaveReceivedCommandTimes(CreateServiceCommand, 1);
      const input: CreateServiceCommandInput = ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input;
      expect(input).toEqual({
        cluster: CLUSTER,
        serviceName: 'devenv-pr-42',
        taskDefinition: taskDefinitionArn('web', 8),
        desiredCount: 1,
        launchType: 'FARGATE',
        platformVersion: '1.4.0',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-0aa11', 'subnet-0bb22'], securityGroups: ['sg-0web'], assignPublicIp: 'DISABLED' },
        },
        enableExecuteCommand: true,
        healthCheckGracePeriodSeconds: 60,
        loadBalancers: [{ targetGroupArn: NEW_TARGET_GROUP_ARN, containerName: 'web', containerPort: 8080 }],
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: false } },
        clientToken: FIXED_ID.slice(0, 36),
        tags: ecsTags({
          ...OWNERSHIP_TAGS,
          'devenv:owner': OWNER,
          'devenv:expires-at': '2026-11-26T10:00:00.000Z',
          'devenv:create-id': FIXED_ID.slice(0, 36),
          // The revision and its images, for a list to show without describing the task definition.
          'devenv:images': `web:8 web=${ECR}/web:pr-42-1a2b3c4 log-router=public.ecr.aws/aws-observability/aws-for-fluent-bit:stable`,
          // The revision devenv registered for it, for the sweep to know without describing it.
          'devenv:revision': 'web:8',
        }),
        propagateTags: 'SERVICE',
        enableECSManagedTags: true,
      });
      expect(input.clientToken).toHaveLength(36);
      // The baseline is registered in Cloud Map; a copy registering there would answer for the baseline's name.
      expect(input).not.toHaveProperty('serviceRegistries');
    });

    it('reports the new environment from what AWS returned', async () => {
      // Act
      const result = await createPr42();

      // Assess
      expect(result.outcome).toBe('created');
      expect(result.environment).toMatchObject({
        name: 'pr-42',
        url: `https://${HOST}`,
        images: { web: IMAGE, 'log-router': FLUENT_BIT_IMAGE },
        service: { name: 'devenv-pr-42', taskDefinitionArn: taskDefinitionArn('web', 8) },
        targetGroupArn: NEW_TARGET_GROUP_ARN,
      });
    });

    it('gives the clone the baseline health check grace period', async () => {
      // Act
      await createPr42();

      // Assess: the baseline web service has healthCheckGracePeriodSeconds 60
      expect(ecs).toHaveReceivedCommandWith(CreateServiceCommand, { healthCheckGracePeriodSeconds: 60 });
    });
  });
});
