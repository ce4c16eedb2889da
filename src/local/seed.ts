import { SimulatedCloud, type SimulatedCloudOptions } from './simulated-cloud.js';

/** The baseline `dev` cluster every local run and scenario test starts from. */

export type SeededAppName = 'web' | 'api' | 'metrics' | 'worker';

export interface SeededApp {
  service: string;
  container: string;
  /** The container port the load balancer sends traffic to (absent for `worker`, which has no ports). */
  port?: number;
  networkMode: 'awsvpc' | 'bridge' | 'host' | 'none';
  targetGroupArn?: string;
}

export interface SeededDevCluster {
  region: string;
  accountId: string;
  clusterName: 'dev';
  vpcId: string;
  subnets: string[];
  securityGroups: string[];
  loadBalancerArn: string;
  loadBalancerDnsName: string;
  canonicalHostedZoneId: string;
  listenerArn: string;
  /** Bare `Z…` id (without `/hostedzone/`). */
  hostedZoneId: string;
  baseDomain: 'dev.example.com';
  /** EC2 container instances of the `dev-ec2` capacity provider, one per subnet. */
  instanceIds: string[];
  apps: Record<SeededAppName, SeededApp>;
}

export const ALB_CANONICAL_HOSTED_ZONE_ID = 'Z35SXDOTRQ7X7K';
const BASE_DOMAIN = 'dev.example.com';
const BASELINE_TAGS = [{ key: 'team', value: 'platform' }, { key: 'environment', value: 'dev' }];

export interface SeedOptions {
  /** The two subnets' CIDR blocks (default `10.0.1.0/24` and `10.0.2.0/24`); larger ones hold more awsvpc tasks at once. */
  subnetCidrs?: readonly [string, string];
}

interface Seeder {
  cloud: SimulatedCloud;
  ecs: (command: string, input: object) => any;
  elb: (command: string, input: object) => any;
}

function targetGroup(s: Seeder, vpcId: string, name: string, port: number, targetType: 'ip' | 'instance', healthPath: string): string {
  const output = s.elb('CreateTargetGroup', {
    Name: name,
    Protocol: 'HTTP',
    Port: port,
    VpcId: vpcId,
    TargetType: targetType,
    HealthCheckPath: healthPath,
    Matcher: { HttpCode: '200' },
    Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'app', Value: name.replace(/-baseline$/, '') }],
  });
  return output.TargetGroups[0].TargetGroupArn as string;
}

function hostRule(s: Seeder, listenerArn: string, priority: number, host: string, targetGroupArn: string): void {
  s.elb('CreateRule', {
    ListenerArn: listenerArn,
    Priority: priority,
    Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [host] } }],
    Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    Tags: [{ Key: 'team', Value: 'platform' }],
  });
}

/**
 * Creates the baseline: cluster `dev`, its network, the `dev-alb` load balancer with an HTTPS listener, the
 * `dev.example.com.` zone, and four running apps (web: awsvpc/Fargate, api: bridge, metrics: host, worker: none).
 *
 * @example
 * const cloud = new SimulatedCloud({ deploymentSeconds: 0 });
 * const seed = seedDevCluster(cloud);
 * seed.apps.web.targetGroupArn; // arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-baseline/…
 */
export function seedDevCluster(cloud: SimulatedCloud, options: SeedOptions = {}): SeededDevCluster {
  const { subnetCidrs = ['10.0.1.0/24', '10.0.2.0/24'] } = options;
  const s: Seeder = { cloud, ecs: (c, i) => cloud.invoke('ecs', c, i), elb: (c, i) => cloud.invoke('elbv2', c, i) };
  const { region, accountId } = cloud;
  const iam = (role: string) => `arn:aws:iam::${accountId}:role/${role}`;

  const vpcId = cloud.network.createVpc('10.0.0.0/16');
  const subnets = [cloud.network.createSubnet(vpcId, subnetCidrs[0], `${region}a`), cloud.network.createSubnet(vpcId, subnetCidrs[1], `${region}b`)];
  const securityGroups = [cloud.network.createSecurityGroup(vpcId, 'dev-services')];

  cloud.ecs.createCluster('dev', ['FARGATE', 'FARGATE_SPOT', 'dev-ec2']);
  const instanceIds = subnets.map((subnet) => {
    const instance = cloud.network.launchInstance(subnet);
    cloud.ecs.registerContainerInstance('dev', instance.instanceId, 'dev-ec2');
    return instance.instanceId;
  });

  const webTg = targetGroup(s, vpcId, 'web-baseline', 8080, 'ip', '/healthz');
  const apiTg = targetGroup(s, vpcId, 'api-baseline', 3000, 'instance', '/health');
  const metricsTg = targetGroup(s, vpcId, 'metrics-baseline', 9100, 'instance', '/metrics');

  const lb = cloud.elbv2.createLoadBalancer({ name: 'dev-alb', subnets, securityGroups, canonicalHostedZoneId: ALB_CANONICAL_HOSTED_ZONE_ID });
  const listener = cloud.elbv2.createListener({
    loadBalancerArn: lb.arn,
    port: 443,
    protocol: 'HTTPS',
    certificateArn: `arn:aws:acm:${region}:${accountId}:certificate/${cloud.nextRequestId()}`,
    defaultActions: [{ Type: 'forward', TargetGroupArn: webTg }],
  });
  hostRule(s, listener.arn, 10, BASE_DOMAIN, webTg);
  hostRule(s, listener.arn, 20, `api.${BASE_DOMAIN}`, apiTg);
  hostRule(s, listener.arn, 30, `metrics.${BASE_DOMAIN}`, metricsTg);

  const hostedZoneId = cloud.route53.createHostedZone(`${BASE_DOMAIN}.`, 'devenv baseline zone');
  cloud.invoke('route53', 'ChangeResourceRecordSets', {
    HostedZoneId: hostedZoneId,
    ChangeBatch: {
      Changes: [
        {
          Action: 'CREATE',
          ResourceRecordSet: { Name: `${BASE_DOMAIN}.`, Type: 'A', AliasTarget: { HostedZoneId: ALB_CANONICAL_HOSTED_ZONE_ID, DNSName: `${lb.dnsName}.`, EvaluateTargetHealth: true } },
        },
      ],
    },
  });

  s.ecs('RegisterTaskDefinition', {
    family: 'web',
    taskRoleArn: iam('dev-web-task'),
    executionRoleArn: iam('dev-ecs-task-execution'),
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    volumes: [{ name: 'cache' }],
    containerDefinitions: [
      {
        name: 'web',
        // The team's own images: a clone may change their tag (`repo/web:sha-1`), not their repository.
        image: 'repo/web:main',
        essential: true,
        portMappings: [{ containerPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' }],
        environment: [{ name: 'APP_ENV', value: 'dev' }, { name: 'PUBLIC_URL', value: `https://${BASE_DOMAIN}` }, { name: 'LOG_LEVEL', value: 'info' }],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: `arn:aws:secretsmanager:${region}:${accountId}:secret:dev/web/db-AbCdEf` }],
        mountPoints: [{ sourceVolume: 'cache', containerPath: '/var/cache/nginx', readOnly: false }],
        logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'cloudwatch_logs', region, log_group_name: '/dev/web' } },
      },
      {
        name: 'log-router',
        image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
        essential: true,
        firelensConfiguration: { type: 'fluentbit' },
        memoryReservation: 50,
      },
    ],
    tags: BASELINE_TAGS,
  });
  s.ecs('RegisterTaskDefinition', {
    family: 'api',
    executionRoleArn: iam('dev-ecs-task-execution'),
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: 'api',
        image: 'repo/api:main',
        memory: 512,
        portMappings: [{ containerPort: 3000, hostPort: 3000, protocol: 'tcp' }],
        environment: [{ name: 'NODE_ENV', value: 'production' }, { name: 'PORT', value: '3000' }],
      },
    ],
    tags: BASELINE_TAGS,
  });
  s.ecs('RegisterTaskDefinition', {
    family: 'metrics',
    networkMode: 'host',
    containerDefinitions: [{ name: 'metrics', image: 'public.ecr.aws/bitnami/node-exporter:1.8.2', memory: 128, portMappings: [{ containerPort: 9100, protocol: 'tcp' }] }],
    tags: BASELINE_TAGS,
  });
  s.ecs('RegisterTaskDefinition', {
    family: 'worker',
    networkMode: 'none',
    containerDefinitions: [{ name: 'worker', image: 'repo/worker:main', memory: 128, command: ['sh', '-c', 'while true; do sleep 60; done'] }],
    tags: BASELINE_TAGS,
  });

  const common = { cluster: 'dev', propagateTags: 'SERVICE', enableECSManagedTags: true };
  const serviceTags = (app: string) => [...BASELINE_TAGS, { key: 'app', value: app }];
  s.ecs('CreateService', {
    ...common,
    serviceName: 'web',
    taskDefinition: 'web:1',
    desiredCount: 2,
    launchType: 'FARGATE',
    platformVersion: '1.4.0',
    networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups, assignPublicIp: 'DISABLED' } },
    loadBalancers: [{ targetGroupArn: webTg, containerName: 'web', containerPort: 8080 }],
    healthCheckGracePeriodSeconds: 30,
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true } },
    enableExecuteCommand: true,
    tags: serviceTags('web'),
  });
  s.ecs('CreateService', {
    ...common,
    serviceName: 'api',
    taskDefinition: 'api:1',
    desiredCount: 2,
    capacityProviderStrategy: [{ capacityProvider: 'dev-ec2', weight: 1, base: 0 }],
    loadBalancers: [{ targetGroupArn: apiTg, containerName: 'api', containerPort: 3000 }],
    tags: serviceTags('api'),
  });
  s.ecs('CreateService', {
    ...common,
    serviceName: 'metrics',
    taskDefinition: 'metrics:1',
    desiredCount: 1,
    launchType: 'EC2',
    loadBalancers: [{ targetGroupArn: metricsTg, containerName: 'metrics', containerPort: 9100 }],
    tags: serviceTags('metrics'),
  });
  s.ecs('CreateService', { ...common, serviceName: 'worker', taskDefinition: 'worker:1', desiredCount: 1, launchType: 'EC2', tags: serviceTags('worker') });
  cloud.ecs.settle();

  return {
    region,
    accountId,
    clusterName: 'dev',
    vpcId,
    subnets,
    securityGroups,
    loadBalancerArn: lb.arn,
    loadBalancerDnsName: lb.dnsName,
    canonicalHostedZoneId: lb.canonicalHostedZoneId,
    listenerArn: listener.arn,
    hostedZoneId,
    baseDomain: BASE_DOMAIN,
    instanceIds,
    apps: {
      web: { service: 'web', container: 'web', port: 8080, networkMode: 'awsvpc', targetGroupArn: webTg },
      api: { service: 'api', container: 'api', port: 3000, networkMode: 'bridge', targetGroupArn: apiTg },
      metrics: { service: 'metrics', container: 'metrics', port: 9100, networkMode: 'host', targetGroupArn: metricsTg },
      worker: { service: 'worker', container: 'worker', networkMode: 'none' },
    },
  };
}

/** A new simulated cloud with the baseline already in place. */
export function createSeededCloud(options: SimulatedCloudOptions = {}, seedOptions: SeedOptions = {}): { cloud: SimulatedCloud; seed: SeededDevCluster } {
  const cloud = new SimulatedCloud(options);
  return { cloud, seed: seedDevCluster(cloud, seedOptions) };
}
