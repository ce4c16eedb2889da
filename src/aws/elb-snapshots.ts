import type { Rule, Tag, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { HealthCheck, ListenerRule, Tags, TargetGroupSnapshot } from '../core/ports.js';

/** ELBv2's describe output as the TrafficRouter port's snapshots (target groups, listener rules), and tags both ways. */

/**
 * A target group as the port sees it, with the tags read for it separately.
 *
 * @example
 * const [group] = (await elb.send(new DescribeTargetGroupsCommand({ Names: ['devenv-web-pr-1'] }))).TargetGroups ?? [];
 * const snapshot = toTargetGroupSnapshot(group, { owner: 'devenv' });
 */
export function toTargetGroupSnapshot(group: TargetGroup, tags: Tags): TargetGroupSnapshot {
  const healthCheck: HealthCheck = {
    ...(group.HealthCheckProtocol ? { protocol: group.HealthCheckProtocol } : {}),
    ...(group.HealthCheckPort ? { port: group.HealthCheckPort } : {}),
    ...(group.HealthCheckPath ? { path: group.HealthCheckPath } : {}),
    ...(group.Matcher?.HttpCode || group.Matcher?.GrpcCode ? { matcher: group.Matcher.HttpCode ?? group.Matcher.GrpcCode } : {}),
    ...(group.HealthCheckIntervalSeconds !== undefined ? { intervalSeconds: group.HealthCheckIntervalSeconds } : {}),
    ...(group.HealthCheckTimeoutSeconds !== undefined ? { timeoutSeconds: group.HealthCheckTimeoutSeconds } : {}),
    ...(group.HealthyThresholdCount !== undefined ? { healthyThreshold: group.HealthyThresholdCount } : {}),
    ...(group.UnhealthyThresholdCount !== undefined ? { unhealthyThreshold: group.UnhealthyThresholdCount } : {}),
  };
  return {
    arn: group.TargetGroupArn ?? '',
    name: group.TargetGroupName ?? '',
    ...(group.Protocol ? { protocol: group.Protocol } : {}),
    ...(group.ProtocolVersion ? { protocolVersion: group.ProtocolVersion } : {}),
    ...(group.Port !== undefined ? { port: group.Port } : {}),
    ...(group.VpcId ? { vpcId: group.VpcId } : {}),
    targetType: group.TargetType ?? 'instance',
    healthCheck,
    loadBalancerArns: group.LoadBalancerArns ?? [],
    tags,
  };
}

export function isDefaultRule(rule: Rule): boolean {
  return rule.IsDefault === true || rule.Priority === 'default';
}

export function toListenerRule(rule: Rule, tags: Tags): ListenerRule {
  const hostHeaders = (rule.Conditions ?? [])
    .filter((condition) => condition.Field === 'host-header')
    // Rules made with the legacy shape list their values in `Values`, newer ones in `HostHeaderConfig.Values`.
    .flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []);
  const targetGroupArns = (rule.Actions ?? [])
    .filter((action) => action.Type === 'forward')
    .flatMap((action) => [
      ...(action.TargetGroupArn ? [action.TargetGroupArn] : []),
      ...(action.ForwardConfig?.TargetGroups ?? []).flatMap((tuple) => (tuple.TargetGroupArn ? [tuple.TargetGroupArn] : [])),
    ]);
  return {
    arn: rule.RuleArn ?? '',
    priority: isDefaultRule(rule) ? 'default' : Number(rule.Priority),
    hostHeaders: [...new Set(hostHeaders)],
    targetGroupArns: [...new Set(targetGroupArns)],
    tags,
  };
}

export function toTagList(tags: Tags): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function toTagRecord(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? '']] : [])));
}
