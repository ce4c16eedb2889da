import { CreateSecurityGroupCommand, DescribeSubnetsCommand, DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, type Route53Client } from '@aws-sdk/client-route-53';
import type { DevenvConfigInput } from '../../../src/core/config.js';
import type { SimulatedCloud } from '../../../src/local/simulated-cloud.js';

/**
 * The baseline every conformance scenario starts from, identical on moto and on the simulated cloud: an `web` app
 * (awsvpc, Fargate) behind an HTTP listener, with a host rule, and a hosted zone for the base domain. Everything but the
 * network, cluster, load balancer, listener and zone is made with the same plain SDK calls on both backends.
 */
export const BASELINE = {
  region: 'us-east-1',
  cluster: 'dev',
  baseDomain: 'dev.example.com',
  loadBalancer: 'dev-alb',
  securityGroup: 'dev-services',
  targetGroup: 'web-baseline',
  service: 'web',
  family: 'web',
  container: 'web',
  port: 8080,
  rulePriority: 10,
  image: 'repo/web:main',
  sidecarImage: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
  executionRoleArn: 'arn:aws:iam::123456789012:role/dev-ecs-task-execution',
  taskRoleArn: 'arn:aws:iam::123456789012:role/dev-web-task',
  tags: { team: 'platform' },
} as const;

/** Where the baseline's resources are: what a devenv configuration points at. */
export interface BaselineIds {
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  loadBalancerArn: string;
  loadBalancerDnsName: string;
  canonicalHostedZoneId: string;
  listenerArn: string;
  targetGroupArn: string;
  /** Bare `Z…` id. */
  hostedZoneId: string;
}

/** The SDK clients of one backend, with no devenv code between them and the cloud. */
export interface PlainClients {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  route53: Route53Client;
}

/** What only one backend can make, each its own way: moto through the EC2/ECS/ELBv2/Route 53 APIs, the simulated cloud through its seeding methods. */
export interface Infrastructure {
  network(): Promise<{ vpcId: string; subnets: string[]; securityGroups: string[] }>;
  cluster(name: string): Promise<void>;
  loadBalancer(input: { name: string; subnets: string[]; securityGroups: string[] }): Promise<{ arn: string; dnsName: string; canonicalHostedZoneId: string }>;
  /** An HTTP:80 listener whose default action forwards to `targetGroupArn`. */
  listener(input: { loadBalancerArn: string; targetGroupArn: string }): Promise<string>;
  hostedZone(name: string): Promise<string>;
}

/**
 * Creates the baseline. Every call that both backends answer goes through `clients`, so the baseline itself is the
 * first thing both are held to.
 *
 * @example
 * const ids = await createBaseline(clients, motoInfrastructure(clients, ec2));
 */
export async function createBaseline(clients: PlainClients, infrastructure: Infrastructure): Promise<BaselineIds> {
  const { ecs, elb, route53 } = clients;
  const network = await infrastructure.network();
  await infrastructure.cluster(BASELINE.cluster);

  const targetGroup = await elb.send(
    new CreateTargetGroupCommand({
      Name: BASELINE.targetGroup,
      Protocol: 'HTTP',
      Port: BASELINE.port,
      VpcId: network.vpcId,
      TargetType: 'ip',
      HealthCheckPath: '/healthz',
      Matcher: { HttpCode: '200' },
      Tags: elbTags(BASELINE.tags),
    }),
  );
  const targetGroupArn = targetGroup.TargetGroups![0]!.TargetGroupArn!;
  const loadBalancer = await infrastructure.loadBalancer({ name: BASELINE.loadBalancer, subnets: network.subnets, securityGroups: network.securityGroups });
  const listenerArn = await infrastructure.listener({ loadBalancerArn: loadBalancer.arn, targetGroupArn });
  await elb.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: BASELINE.rulePriority,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [BASELINE.baseDomain] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      Tags: elbTags(BASELINE.tags),
    }),
  );

  const hostedZoneId = (await infrastructure.hostedZone(BASELINE.baseDomain)).replace(/^\/hostedzone\//, '');
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: hostedZoneId,
      ChangeBatch: {
        Changes: [
          {
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: `${BASELINE.baseDomain}.`,
              Type: 'A',
              AliasTarget: { HostedZoneId: loadBalancer.canonicalHostedZoneId, DNSName: `${loadBalancer.dnsName}.`, EvaluateTargetHealth: true },
            },
          },
        ],
      },
    }),
  );

  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: BASELINE.family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      executionRoleArn: BASELINE.executionRoleArn,
      taskRoleArn: BASELINE.taskRoleArn,
      containerDefinitions: [
        {
          name: BASELINE.container,
          image: BASELINE.image,
          essential: true,
          portMappings: [{ containerPort: BASELINE.port, protocol: 'tcp' }],
          environment: [
            { name: 'APP_ENV', value: 'dev' },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/dev/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' } },
        },
        // Not essential (a sidecar whose crash should not stop the app): a copy that dropped `essential` would make it so.
        { name: 'log-router', image: BASELINE.sidecarImage, essential: false, memoryReservation: 50 },
      ],
      tags: ecsTags(BASELINE.tags),
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: BASELINE.cluster,
      serviceName: BASELINE.service,
      taskDefinition: `${BASELINE.family}:1`,
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: { awsvpcConfiguration: { subnets: network.subnets, securityGroups: network.securityGroups, assignPublicIp: 'DISABLED' } },
      loadBalancers: [{ targetGroupArn, containerName: BASELINE.container, containerPort: BASELINE.port }],
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } },
      healthCheckGracePeriodSeconds: 30,
      enableExecuteCommand: true,
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags: ecsTags({ ...BASELINE.tags, app: BASELINE.service }),
    }),
  );

  return {
    ...network,
    loadBalancerArn: loadBalancer.arn,
    loadBalancerDnsName: loadBalancer.dnsName,
    canonicalHostedZoneId: loadBalancer.canonicalHostedZoneId,
    listenerArn,
    targetGroupArn,
    hostedZoneId,
  };
}

/**
 * The devenv configuration for this baseline (the listener serves HTTP, so URLs are http://). The app names only its
 * baseline service: devenv finds the container and port in the service's load balancer link.
 */
export function baselineConfig(ids: BaselineIds): DevenvConfigInput {
  return {
    region: BASELINE.region,
    cluster: BASELINE.cluster,
    listenerArn: ids.listenerArn,
    hostedZoneId: ids.hostedZoneId,
    baseDomain: BASELINE.baseDomain,
    urlScheme: 'http',
    apps: { web: { service: BASELINE.service } },
  };
}

/** moto: the default VPC's first two subnets (different zones), a new security group, and the real create calls. */
export function motoInfrastructure(clients: PlainClients, ec2: EC2Client): Infrastructure {
  return {
    async network() {
      const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }));
      const vpcId = Vpcs?.[0]?.VpcId;
      if (!vpcId) throw new Error('moto has no default VPC');
      const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
      const subnets = (Subnets ?? [])
        .sort((a, b) => (a.AvailabilityZone ?? '').localeCompare(b.AvailabilityZone ?? ''))
        .slice(0, 2)
        .map((subnet) => subnet.SubnetId!);
      const { GroupId } = await ec2.send(new CreateSecurityGroupCommand({ GroupName: BASELINE.securityGroup, Description: 'devenv baseline services', VpcId: vpcId }));
      return { vpcId, subnets, securityGroups: [GroupId!] };
    },
    async cluster(name) {
      await clients.ecs.send(new CreateClusterCommand({ clusterName: name }));
    },
    async loadBalancer({ name, subnets, securityGroups }) {
      const { LoadBalancers } = await clients.elb.send(
        new CreateLoadBalancerCommand({ Name: name, Subnets: subnets, SecurityGroups: securityGroups, Type: 'application', Scheme: 'internet-facing' }),
      );
      const lb = LoadBalancers![0]!;
      return { arn: lb.LoadBalancerArn!, dnsName: lb.DNSName!, canonicalHostedZoneId: lb.CanonicalHostedZoneId! };
    },
    async listener({ loadBalancerArn, targetGroupArn }) {
      const { Listeners } = await clients.elb.send(
        new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }),
      );
      return Listeners![0]!.ListenerArn!;
    },
    async hostedZone(name) {
      const { HostedZone } = await clients.route53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `devenv-conformance-${name}` }));
      return HostedZone!.Id!;
    },
  };
}

/** The simulated cloud has no create command for these; its seeding methods make the same things. */
export function simulatedInfrastructure(cloud: SimulatedCloud): Infrastructure {
  return {
    async network() {
      const vpcId = cloud.network.createVpc('172.31.0.0/16');
      const subnets = [
        cloud.network.createSubnet(vpcId, '172.31.0.0/24', `${cloud.region}a`),
        cloud.network.createSubnet(vpcId, '172.31.1.0/24', `${cloud.region}b`),
      ];
      return { vpcId, subnets, securityGroups: [cloud.network.createSecurityGroup(vpcId, BASELINE.securityGroup)] };
    },
    async cluster(name) {
      cloud.ecs.createCluster(name);
    },
    async loadBalancer({ name, subnets, securityGroups }) {
      const lb = cloud.elbv2.createLoadBalancer({ name, subnets, securityGroups });
      return { arn: lb.arn, dnsName: lb.dnsName, canonicalHostedZoneId: lb.canonicalHostedZoneId };
    },
    async listener({ loadBalancerArn, targetGroupArn }) {
      return cloud.elbv2.createListener({ loadBalancerArn, port: 80, protocol: 'HTTP', defaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }).arn;
    },
    async hostedZone(name) {
      return cloud.route53.createHostedZone(`${name}.`);
    },
  };
}

export function elbTags(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function ecsTags(tags: Record<string, string>): Array<{ key: string; value: string }> {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
