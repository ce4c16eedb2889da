import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, ListServicesCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import {
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  type Tag,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { DevenvConfig } from '../../src/core/config.js';
import type { Engine } from '../../src/core/engine.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import type { SimulatedCloud } from '../../src/local/simulated-cloud.js';
import { engineOnSimulatedCloud, seededConfig } from '../../src/runtime/engine.js';
import type { simulated } from './simulated.js';

type World = ReturnType<typeof simulated>;

export interface Installation {
  engine: Engine;
  config: DevenvConfig;
}

/**
 * Another devenv installation on the world's cloud, sharing its account, hosted zone and listener, with only the `instance`
 * label's default: in `cluster` (a new one, with a Fargate `web` baseline of the same task definition family behind its
 * own target group and host rule, unless it is the seed's `dev`) under `baseDomain` (in the seed's zone).
 */
export function addInstallation(world: World, { cluster, baseDomain }: { cluster: string; baseDomain: string }): Installation {
  const { cloud, seed } = world;
  if (cluster !== seed.clusterName) {
    cloud.ecs.createCluster(cluster);
    const elb = (command: string, input: object) => cloud.invoke('elbv2', command, input) as any;
    const targetGroupArn = elb('CreateTargetGroup', {
      Name: `${cluster}-web-baseline`,
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: seed.vpcId,
      TargetType: 'ip',
      HealthCheckPath: '/healthz',
      Matcher: { HttpCode: '200' },
    }).TargetGroups[0].TargetGroupArn as string;
    const used = new Set((elb('DescribeRules', { ListenerArn: seed.listenerArn }).Rules as Array<{ Priority: string }>).map((rule) => rule.Priority));
    const priority = [11, 12, 13, 14, 15].find((candidate) => !used.has(String(candidate)));
    elb('CreateRule', {
      ListenerArn: seed.listenerArn,
      Priority: priority,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [baseDomain] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    });
    cloud.invoke('ecs', 'CreateService', {
      cluster,
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 1,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: { awsvpcConfiguration: { subnets: seed.subnets, securityGroups: seed.securityGroups, assignPublicIp: 'DISABLED' } },
      loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 8080 }],
      propagateTags: 'SERVICE',
    });
    cloud.ecs.settle();
  }
  const config = seededConfig(seed, { cluster, baseDomain, apps: { web: { service: 'web', container: 'web', port: 8080 } } });
  return { config, engine: engineOnSimulatedCloud(cloud, config, { now: world.now, retry: { sleep: async () => undefined } }) };
}

/**
 * Every resource that carries `installation` as its owner, read with plain SDK calls across the given clusters, the
 * account's target groups and task definitions, the listener's rules and the whole zone: `kind name` lines, sorted.
 * DNS records count when their TXT names the installation (`m=<installation>,`, or `managed-by=<installation>,` in format 1), with the alias at that name.
 */
export async function resourcesOwnedBy(
  cloud: SimulatedCloud,
  installation: string,
  { clusters, listenerArn, hostedZoneId }: { clusters: readonly string[]; listenerArn: string; hostedZoneId: string },
): Promise<string[]> {
  const options = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const ecs = new ECSClient(options);
  const elb = new ElasticLoadBalancingV2Client(options);
  const route53 = new Route53Client(options);
  attachSimulatedCloud(ecs, cloud, 'ecs');
  attachSimulatedCloud(elb, cloud, 'elbv2');
  attachSimulatedCloud(route53, cloud, 'route53');
  const owned = (tags: Array<{ key?: string; value?: string; Key?: string; Value?: string }> = []) =>
    tags.some((tag) => (tag.key ?? tag.Key) === 'devenv:managed-by' && (tag.value ?? tag.Value) === installation);
  const found: string[] = [];

  for (const cluster of clusters) {
    const { serviceArns = [] } = await ecs.send(new ListServicesCommand({ cluster, maxResults: 100 }));
    for (let index = 0; index < serviceArns.length; index += 10) {
      const { services = [] } = await ecs.send(new DescribeServicesCommand({ cluster, services: serviceArns.slice(index, index + 10), include: ['TAGS'] }));
      for (const service of services) if (service.status === 'ACTIVE' && owned(service.tags)) found.push(`service ${cluster}/${service.serviceName}`);
    }
  }

  const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({}));
  const { Rules = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
  const arns = [...TargetGroups.map((group) => group.TargetGroupArn!), ...Rules.filter((rule) => !rule.IsDefault).map((rule) => rule.RuleArn!)];
  const tagsOf = new Map<string, Tag[]>();
  for (let index = 0; index < arns.length; index += 20) {
    const { TagDescriptions = [] } = await elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(index, index + 20) }));
    for (const description of TagDescriptions) tagsOf.set(description.ResourceArn!, description.Tags ?? []);
  }
  for (const group of TargetGroups) if (owned(tagsOf.get(group.TargetGroupArn!))) found.push(`target-group ${group.TargetGroupName}`);
  for (const rule of Rules) {
    if (!owned(tagsOf.get(rule.RuleArn!))) continue;
    found.push(`rule ${rule.Conditions?.flatMap((condition) => condition.HostHeaderConfig?.Values ?? []).join(',')}`);
  }

  const { ResourceRecordSets = [] } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: hostedZoneId }));
  const ours = new Set(
    ResourceRecordSets.filter((set) => set.Type === 'TXT' && set.ResourceRecords?.some((record) => (record.Value?.includes(`managed-by=${installation},`) || record.Value?.includes(`,m=${installation},`)))).map(
      (set) => set.Name,
    ),
  );
  for (const set of ResourceRecordSets) if (ours.has(set.Name)) found.push(`record ${set.Name!.replace(/\.$/, '')} ${set.Type}`);

  const { taskDefinitionArns = [] } = await ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: 100 }));
  for (const arn of taskDefinitionArns) {
    const { tags } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
    if (owned(tags)) found.push(`task-definition ${arn.split('/').pop()}`);
  }
  return found.sort();
}
