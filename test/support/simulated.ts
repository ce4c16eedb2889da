import { ECSClient, DescribeServicesCommand, ListServicesCommand, ListTaskDefinitionsCommand, type ListTaskDefinitionsCommandOutput } from '@aws-sdk/client-ecs';
import {
  type DescribeRulesCommandOutput,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { DevenvConfig } from '../../src/core/config.js';
import type { Engine } from '../../src/core/engine.js';
import type { LockTiming } from '../../src/core/environment-lock.js';
import { attachSimulatedCloud } from '../../src/local/attach.js';
import type { SimulatedCloud } from '../../src/local/simulated-cloud.js';
import { createLocalEngine, engineOnSimulatedCloud } from '../../src/runtime/engine.js';

export const START = new Date('2026-11-25T10:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * A lock wait that lets everything else run first (a macrotask turn) without real time passing: another engine's call
 * holding the lock runs on, and the wait is still bounded by the sleeps asked for.
 */
export const yieldingSleep = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A seeded simulated cloud behind the real adapters, with a clock the test moves by hand and instant retries. */
export function simulated(options: { config?: Partial<Record<keyof DevenvConfig, unknown>>; deploymentSeconds?: number } = {}) {
  let now = START;
  const clock = () => now;
  const retry = { sleep: async () => undefined };
  const lock = { sleep: yieldingSleep };
  const local = createLocalEngine({
    now: clock,
    deploymentSeconds: options.deploymentSeconds ?? 0,
    retry,
    lock,
    ...(options.config ? { config: options.config } : {}),
  });
  return {
    ...local,
    now: clock,
    advance(ms: number): void {
      now = new Date(now.getTime() + ms);
    },
    /** A second engine on the same cloud: what another Lambda instance would be. */
    anotherEngine(options: { lock?: Partial<LockTiming> } = {}): Engine {
      return engineOnSimulatedCloud(local.cloud, local.config, { now: clock, retry, lock: { ...lock, ...options.lock } });
    },
    inspect: () => inspectCloud(local.cloud, local.config),
  };
}

export interface CloudInventory {
  /** ACTIVE or DRAINING services, by name. */
  services: string[];
  targetGroups: string[];
  /** Non-default rules as `priority host`. */
  rules: string[];
  /** `name type`, without the trailing dot. */
  records: string[];
  /** ACTIVE task definition revisions as `family:revision`. */
  revisions: string[];
}

/** What exists in the simulated cloud, read with plain SDK calls (not through devenv's adapters). */
export async function inspectCloud(cloud: SimulatedCloud, config: DevenvConfig): Promise<CloudInventory> {
  const ecs = new ECSClient({ region: 'us-east-1', credentials });
  const elb = new ElasticLoadBalancingV2Client({ region: 'us-east-1', credentials });
  const route53 = new Route53Client({ region: 'us-east-1', credentials });
  attachSimulatedCloud(ecs, cloud, 'ecs');
  attachSimulatedCloud(elb, cloud, 'elbv2');
  attachSimulatedCloud(route53, cloud, 'route53');

  const serviceArns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster: config.cluster, maxResults: 100, nextToken }));
    serviceArns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const services: string[] = [];
  for (let index = 0; index < serviceArns.length; index += 10) {
    const page = await ecs.send(new DescribeServicesCommand({ cluster: config.cluster, services: serviceArns.slice(index, index + 10) }));
    services.push(...(page.services ?? []).filter((service) => service.status !== 'INACTIVE').map((service) => service.serviceName!));
  }

  const targetGroups: string[] = [];
  let marker: string | undefined;
  do {
    const page = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 400, Marker: marker }));
    targetGroups.push(...(page.TargetGroups ?? []).map((group) => group.TargetGroupName!));
    marker = page.NextMarker;
  } while (marker);

  const rules: string[] = [];
  marker = undefined;
  do {
    const page: DescribeRulesCommandOutput = await elb.send(new DescribeRulesCommand({ ListenerArn: config.listenerArn, PageSize: 400, Marker: marker }));
    for (const rule of page.Rules ?? []) {
      if (rule.IsDefault) continue;
      const host = rule.Conditions?.flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []).join(',');
      rules.push(`${rule.Priority} ${host}`);
    }
    marker = page.NextMarker;
  } while (marker);

  const records: string[] = [];
  let start: { name?: string; type?: string } = {};
  for (;;) {
    const page = await route53.send(
      new ListResourceRecordSetsCommand({
        HostedZoneId: config.hostedZoneId,
        ...(start.name ? { StartRecordName: start.name, StartRecordType: start.type as never } : {}),
      }),
    );
    records.push(...(page.ResourceRecordSets ?? []).map((record) => `${record.Name!.replace(/\.$/, '')} ${record.Type}`));
    if (!page.IsTruncated) break;
    start = { name: page.NextRecordName!, type: page.NextRecordType! };
  }

  const revisions: string[] = [];
  nextToken = undefined;
  do {
    const page: ListTaskDefinitionsCommandOutput = await ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: 100, nextToken }));
    revisions.push(...(page.taskDefinitionArns ?? []).map((arn) => arn.split('/').pop()!));
    nextToken = page.nextToken;
  } while (nextToken);

  const sorted = (list: string[]) => [...list].sort();
  return {
    services: sorted(services),
    targetGroups: sorted(targetGroups),
    rules: sorted(rules),
    records: sorted(records),
    revisions: sorted(revisions),
  };
}
