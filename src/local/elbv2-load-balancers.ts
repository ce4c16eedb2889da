import { awsError } from './aws-error.js';
import { elbArn } from './arn.js';
import { addRule, listenerView, loadBalancerView, type Elbv2Context, type Elbv2State, type ListenerRecord, type LoadBalancerRecord } from './elbv2-model.js';
import { createRuleRecord, normalizeActions } from './elbv2-rules.js';
import { paginate } from './pagination.js';

/** Load balancers and listeners: created by the seed (internally), read through the Describe commands. */

export interface LoadBalancerSpec {
  name: string;
  subnets: string[];
  securityGroups: string[];
  scheme?: 'internet-facing' | 'internal';
  /** The ALB hosted zone Route 53 aliases point at (us-east-1: Z35SXDOTRQ7X7K). */
  canonicalHostedZoneId?: string;
}

export interface ListenerSpec {
  loadBalancerArn: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  certificateArn?: string;
  sslPolicy?: string;
  defaultActions: Array<Record<string, unknown>>;
}

const invalidMarker = (): Error => awsError('ValidationError', 'Invalid value for the Marker parameter');

export function createLoadBalancer(state: Elbv2State, ctx: Elbv2Context, spec: LoadBalancerSpec): LoadBalancerRecord {
  if ([...state.loadBalancers.values()].some((lb) => lb.name === spec.name)) {
    throw awsError('DuplicateLoadBalancerNameException', `A load balancer with the name '${spec.name}' already exists`);
  }
  const zones = spec.subnets.map((subnetId) => {
    const subnet = ctx.network.subnet(subnetId);
    if (!subnet) throw awsError('SubnetNotFoundException', `The subnet ID '${subnetId}' is not valid`);
    return { ZoneName: subnet.availabilityZone, SubnetId: subnetId, vpcId: subnet.vpcId };
  });
  const record: LoadBalancerRecord = {
    arn: elbArn(ctx.account, `loadbalancer/app/${spec.name}/${ctx.ids.hex(16)}`),
    name: spec.name,
    dnsName: `${spec.scheme === 'internal' ? 'internal-' : ''}${spec.name}-${ctx.ids.digits(10)}.${ctx.account.region}.elb.amazonaws.com`,
    canonicalHostedZoneId: spec.canonicalHostedZoneId ?? 'Z35SXDOTRQ7X7K',
    scheme: spec.scheme ?? 'internet-facing',
    vpcId: zones[0]?.vpcId ?? '',
    zones: zones.map(({ ZoneName, SubnetId }) => ({ ZoneName, SubnetId })),
    securityGroups: [...spec.securityGroups],
    createdTime: ctx.now(),
    tags: {},
  };
  state.loadBalancers.set(record.arn, record);
  return record;
}

export function createListener(state: Elbv2State, ctx: Elbv2Context, spec: ListenerSpec): ListenerRecord {
  const lb = state.loadBalancers.get(spec.loadBalancerArn);
  if (!lb) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
  const actions = normalizeActions(state, spec.defaultActions);
  const listener: ListenerRecord = {
    arn: elbArn(ctx.account, `listener/app/${lb.name}/${lb.arn.split('/').at(-1) ?? ''}/${ctx.ids.hex(16)}`),
    loadBalancerArn: lb.arn,
    port: spec.port,
    protocol: spec.protocol,
    certificates: spec.certificateArn ? [{ CertificateArn: spec.certificateArn }] : [],
    ...(spec.protocol === 'HTTPS' ? { sslPolicy: spec.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06' } : {}),
    defaultRuleArn: '',
    tags: {},
  };
  const defaultRule = createRuleRecord(ctx, listener, 'default', [], actions);
  listener.defaultRuleArn = defaultRule.arn;
  state.listeners.set(listener.arn, listener);
  addRule(state, defaultRule);
  return listener;
}

export function describeLoadBalancers(state: Elbv2State, input: { LoadBalancerArns?: string[]; Names?: string[]; Marker?: string; PageSize?: number }): unknown {
  const { LoadBalancerArns, Names, Marker, PageSize = 400 } = input;
  if (!Number.isInteger(PageSize) || PageSize < 1 || PageSize > 400) throw awsError('ValidationError', 'Page size must be between 1 and 400');
  let lbs = [...state.loadBalancers.values()];
  if (LoadBalancerArns?.length) {
    if (LoadBalancerArns.some((arn) => !state.loadBalancers.has(arn))) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    lbs = lbs.filter((lb) => LoadBalancerArns.includes(lb.arn));
  }
  if (Names?.length) {
    if (Names.some((n) => !lbs.some((lb) => lb.name === n))) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    lbs = lbs.filter((lb) => Names.includes(lb.name));
  }
  const scope = `DescribeLoadBalancers:${JSON.stringify([LoadBalancerArns, Names])}`;
  const page = paginate(lbs, { limit: PageSize, token: Marker, scope, invalidToken: invalidMarker });
  return { LoadBalancers: page.items.map(loadBalancerView), ...(page.nextToken ? { NextMarker: page.nextToken } : {}) };
}

export function describeListeners(state: Elbv2State, input: { LoadBalancerArn?: string; ListenerArns?: string[]; Marker?: string; PageSize?: number }): unknown {
  const { LoadBalancerArn, ListenerArns, Marker, PageSize = 400 } = input;
  if (!Number.isInteger(PageSize) || PageSize < 1 || PageSize > 400) throw awsError('ValidationError', 'Page size must be between 1 and 400');
  let listeners: ListenerRecord[];
  if (ListenerArns?.length) {
    listeners = ListenerArns.map((arn) => {
      const listener = state.listeners.get(arn);
      if (!listener) throw awsError('ListenerNotFoundException', 'One or more listeners not found');
      return listener;
    });
  } else if (LoadBalancerArn) {
    if (!state.loadBalancers.has(LoadBalancerArn)) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    listeners = [...state.listeners.values()].filter((l) => l.loadBalancerArn === LoadBalancerArn);
  } else {
    throw awsError('ValidationError', 'You must specify either listener ARNs or a load balancer ARN');
  }
  const scope = `DescribeListeners:${JSON.stringify([LoadBalancerArn, ListenerArns])}`;
  const page = paginate(listeners, { limit: PageSize, token: Marker, scope, invalidToken: invalidMarker });
  return { Listeners: page.items.map((l) => listenerView(state, l)), ...(page.nextToken ? { NextMarker: page.nextToken } : {}) };
}
