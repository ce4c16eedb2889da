import {
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type DescribeRulesCommandOutput,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Backend } from './backends.js';
import type { Normaliser } from './normalise.js';
import type { RuleObservation, TagMap, TargetGroupObservation } from './observation.js';
import { compact, defined, sortedRecord } from './plain-values.js';

export async function observeTargetGroups(backend: Backend): Promise<Record<string, TargetGroupObservation>> {
  const { elb } = backend.sdk;
  const groups: TargetGroup[] = [];
  let marker: string | undefined;
  do {
    const page = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 400, Marker: marker }));
    groups.push(...(page.TargetGroups ?? []));
    marker = page.NextMarker;
  } while (marker);
  const tags = await tagsOf(backend, groups.map((group) => group.TargetGroupArn!));
  const entries = await Promise.all(
    groups.map(async (group): Promise<[string, TargetGroupObservation]> => {
      const { Attributes } = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group.TargetGroupArn! }));
      return [
        group.TargetGroupName!,
        compact({
          protocol: group.Protocol,
          port: group.Port,
          vpc: group.VpcId,
          targetType: group.TargetType,
          healthCheck: compact({
            enabled: group.HealthCheckEnabled,
            protocol: group.HealthCheckProtocol,
            port: group.HealthCheckPort,
            path: group.HealthCheckPath,
            matcher: group.Matcher?.HttpCode ?? group.Matcher?.GrpcCode,
            intervalSeconds: group.HealthCheckIntervalSeconds,
            timeoutSeconds: group.HealthCheckTimeoutSeconds,
            healthyThreshold: group.HealthyThresholdCount,
            unhealthyThreshold: group.UnhealthyThresholdCount,
          }),
          deregistrationDelaySeconds: Attributes?.find((attribute) => attribute.Key === 'deregistration_delay.timeout_seconds')?.Value,
          loadBalancers: group.LoadBalancerArns ?? [],
          tags: tags.get(group.TargetGroupArn!) ?? {},
        }),
      ];
    }),
  );
  return sortedRecord(entries);
}

export async function observeRules(backend: Backend, normaliser: Normaliser): Promise<Record<string, RuleObservation>> {
  const { elb } = backend.sdk;
  const rules: NonNullable<DescribeRulesCommandOutput['Rules']> = [];
  let marker: string | undefined;
  do {
    const page: DescribeRulesCommandOutput = await elb.send(new DescribeRulesCommand({ ListenerArn: backend.ids.listenerArn, PageSize: 400, Marker: marker }));
    rules.push(...(page.Rules ?? []));
    marker = page.NextMarker;
  } while (marker);
  const tags = await tagsOf(backend, rules.filter((rule) => !rule.IsDefault).map((rule) => rule.RuleArn!));
  const entries = rules.map((rule): [string, RuleObservation] => {
    const priority = rule.IsDefault ? 'default' : rule.Priority!;
    normaliser.nameRule(rule.RuleArn!, priority);
    return [
      priority,
      {
        hosts: (rule.Conditions ?? [])
          .filter((condition) => condition.Field === 'host-header')
          .flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []),
        forwardTo: (rule.Actions ?? []).flatMap((action) => [
          ...(action.TargetGroupArn ? [action.TargetGroupArn] : []),
          ...(action.TargetGroupArn ? [] : (action.ForwardConfig?.TargetGroups ?? []).map((tuple) => tuple.TargetGroupArn!)),
        ]),
        conditions: (rule.Conditions ?? []).map((condition) => defined(condition)),
        actions: (rule.Actions ?? []).map((action) => defined(action)),
        tags: tags.get(rule.RuleArn!) ?? {},
      },
    ];
  });
  return sortedRecord(entries);
}

async function tagsOf(backend: Backend, arns: string[]): Promise<Map<string, TagMap>> {
  const tags = new Map<string, TagMap>();
  for (let index = 0; index < arns.length; index += 20) {
    const { TagDescriptions } = await backend.sdk.elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(index, index + 20) }));
    for (const description of TagDescriptions ?? []) {
      tags.set(description.ResourceArn!, Object.fromEntries((description.Tags ?? []).map((tag) => [tag.Key!, tag.Value ?? ''])));
    }
  }
  return tags;
}
