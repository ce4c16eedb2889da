import type { AccountContext } from './arn.js';
import type { IdGenerator } from './ids.js';
import type { SimulatedNetwork } from './network.js';
import { toElbTags, type TagMap } from './tags.js';
import type { Timeline } from './timeline.js';

/** State records of the simulated Elastic Load Balancing v2 service, and their AWS-shaped views. */

export interface Elbv2Limits {
  rulesPerLoadBalancer: number;
  targetGroupsPerLoadBalancer: number;
  targetGroups: number;
  listenersPerLoadBalancer: number;
  targetsPerLoadBalancer: number;
  conditionValuesPerRule: number;
}

export const DEFAULT_ELBV2_LIMITS: Readonly<Elbv2Limits> = {
  rulesPerLoadBalancer: 100,
  targetGroupsPerLoadBalancer: 100,
  targetGroups: 3000,
  listenersPerLoadBalancer: 50,
  targetsPerLoadBalancer: 1000,
  conditionValuesPerRule: 5,
};

export interface LoadBalancerRecord {
  arn: string;
  name: string;
  dnsName: string;
  canonicalHostedZoneId: string;
  scheme: 'internet-facing' | 'internal';
  vpcId: string;
  zones: Array<{ ZoneName: string; SubnetId: string }>;
  securityGroups: string[];
  createdTime: Date;
  tags: TagMap;
}

export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  certificates: Array<{ CertificateArn: string }>;
  sslPolicy?: string;
  defaultRuleArn: string;
  tags: TagMap;
}

export type ElbAction = Record<string, unknown> & { Type: string; Order: number };
export type ElbCondition = Record<string, unknown> & { Field: string };

export interface RuleRecord {
  arn: string;
  listenerArn: string;
  priority: number | 'default';
  conditions: ElbCondition[];
  actions: ElbAction[];
  tags: TagMap;
}

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining';

export interface TargetRecord {
  id: string;
  port: number;
  availabilityZone?: string;
  state: TargetState;
  /** When an `initial` target turns healthy, or a `draining` one disappears. */
  until?: Date;
}

export interface HealthCheckSettings {
  HealthCheckProtocol: string;
  HealthCheckPort: string;
  HealthCheckEnabled: boolean;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  HealthCheckPath?: string;
  Matcher: { HttpCode?: string; GrpcCode?: string };
}

export interface TargetGroupRecord {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: 'instance' | 'ip' | 'lambda' | 'alb';
  protocolVersion: string;
  ipAddressType: string;
  healthCheck: HealthCheckSettings;
  attributes: Record<string, string>;
  tags: TagMap;
  targets: TargetRecord[];
}

export interface Elbv2State {
  loadBalancers: Map<string, LoadBalancerRecord>;
  listeners: Map<string, ListenerRecord>;
  rules: Map<string, RuleRecord>;
  targetGroups: Map<string, TargetGroupRecord>;
  /** ARNs of target groups with a target to move on (`until`), by when: calls look at those, not every group. */
  due: Timeline<string>;
  /** Target group ARN → ARNs of the rules forwarding to it (kept by `addRule` and `removeRule`). */
  rulesByTargetGroup: Map<string, Set<string>>;
}

export interface Elbv2Context {
  account: AccountContext;
  ids: IdGenerator;
  now: () => Date;
  limits: Elbv2Limits;
  network: SimulatedNetwork;
}

export const DEFAULT_TARGET_GROUP_ATTRIBUTES: Readonly<Record<string, string>> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'stickiness.app_cookie.cookie_name': '',
  'stickiness.app_cookie.duration_seconds': '86400',
  'load_balancing.algorithm.type': 'round_robin',
  'load_balancing.algorithm.anomaly_mitigation': 'off',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'slow_start.duration_seconds': '0',
  'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
};

/** Target group ARNs an action forwards to. */
export function actionTargetGroups(action: ElbAction): string[] {
  if (action.Type !== 'forward') return [];
  const forward = action.ForwardConfig as { TargetGroups?: Array<{ TargetGroupArn?: string }> } | undefined;
  const arns = (forward?.TargetGroups ?? []).map((tg) => tg.TargetGroupArn).filter((a): a is string => !!a);
  if (typeof action.TargetGroupArn === 'string' && !arns.includes(action.TargetGroupArn)) arns.push(action.TargetGroupArn);
  return arns;
}

export function ruleTargetGroups(rule: RuleRecord): string[] {
  return [...new Set(rule.actions.flatMap(actionTargetGroups))];
}

export function rulesOfLoadBalancer(state: Elbv2State, loadBalancerArn: string): RuleRecord[] {
  const listeners = new Set([...state.listeners.values()].filter((l) => l.loadBalancerArn === loadBalancerArn).map((l) => l.arn));
  return [...state.rules.values()].filter((r) => listeners.has(r.listenerArn));
}

/** Stores a rule and indexes the target groups it forwards to. */
export function addRule(state: Elbv2State, rule: RuleRecord): void {
  state.rules.set(rule.arn, rule);
  for (const arn of ruleTargetGroups(rule)) {
    const rules = state.rulesByTargetGroup.get(arn) ?? new Set<string>();
    rules.add(rule.arn);
    state.rulesByTargetGroup.set(arn, rules);
  }
}

export function removeRule(state: Elbv2State, rule: RuleRecord): void {
  state.rules.delete(rule.arn);
  for (const arn of ruleTargetGroups(rule)) {
    const rules = state.rulesByTargetGroup.get(arn);
    rules?.delete(rule.arn);
    if (rules?.size === 0) state.rulesByTargetGroup.delete(arn);
  }
}

/** Whether any rule (a default one included) forwards to the target group. */
export function isTargetGroupInUse(state: Elbv2State, targetGroupArn: string): boolean {
  return (state.rulesByTargetGroup.get(targetGroupArn)?.size ?? 0) > 0;
}

/** Load balancers whose rules (default ones included) forward to the target group. */
export function loadBalancersOfTargetGroup(state: Elbv2State, targetGroupArn: string): string[] {
  const result: string[] = [];
  for (const ruleArn of state.rulesByTargetGroup.get(targetGroupArn) ?? []) {
    const rule = state.rules.get(ruleArn);
    if (!rule) continue;
    const listener = state.listeners.get(rule.listenerArn);
    if (listener && !result.includes(listener.loadBalancerArn)) result.push(listener.loadBalancerArn);
  }
  return result;
}

export function loadBalancerView(lb: LoadBalancerRecord): Record<string, unknown> {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: lb.canonicalHostedZoneId,
    CreatedTime: new Date(lb.createdTime),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: lb.zones.map((z) => ({ ...z, LoadBalancerAddresses: [] })),
    SecurityGroups: [...lb.securityGroups],
    IpAddressType: 'ipv4',
  };
}

export function listenerView(state: Elbv2State, listener: ListenerRecord): Record<string, unknown> {
  const defaultRule = state.rules.get(listener.defaultRuleArn);
  return {
    ListenerArn: listener.arn,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol,
    ...(listener.certificates.length > 0 ? { Certificates: listener.certificates.map((c) => ({ ...c })) } : {}),
    ...(listener.sslPolicy ? { SslPolicy: listener.sslPolicy } : {}),
    DefaultActions: structuredClone(defaultRule?.actions ?? []),
  };
}

export function ruleView(rule: RuleRecord): Record<string, unknown> {
  return {
    RuleArn: rule.arn,
    Priority: String(rule.priority),
    Conditions: structuredClone(rule.conditions),
    Actions: structuredClone(rule.actions),
    IsDefault: rule.priority === 'default',
  };
}

export function targetGroupView(state: Elbv2State, tg: TargetGroupRecord): Record<string, unknown> {
  const { Matcher, ...health } = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: tg.vpcId,
    ...health,
    Matcher: { ...Matcher },
    LoadBalancerArns: loadBalancersOfTargetGroup(state, tg.arn),
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: tg.ipAddressType,
  };
}

export function targetHealthView(state: Elbv2State, tg: TargetGroupRecord, target: TargetRecord): Record<string, unknown> {
  const inUse = loadBalancersOfTargetGroup(state, tg.arn).length > 0;
  const health: Record<string, string> =
    target.state === 'draining'
      ? { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' }
      : !inUse
        ? { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' }
        : target.state === 'initial'
          ? { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' }
          : target.state === 'unhealthy'
            ? { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed' }
            : { State: 'healthy' };
  const healthCheckPort = tg.healthCheck.HealthCheckPort === 'traffic-port' ? String(target.port) : tg.healthCheck.HealthCheckPort;
  return {
    Target: { Id: target.id, Port: target.port, ...(target.availabilityZone ? { AvailabilityZone: target.availabilityZone } : {}) },
    HealthCheckPort: healthCheckPort,
    TargetHealth: health,
  };
}

export function tagDescription(arn: string, tags: TagMap): { ResourceArn: string; Tags: Array<{ Key: string; Value: string }> } {
  return { ResourceArn: arn, Tags: toElbTags(tags) };
}
