import { awsError } from './aws-error.js';
import { elbArn } from './arn.js';
import {
  DEFAULT_TARGET_GROUP_ATTRIBUTES,
  isTargetGroupInUse,
  loadBalancersOfTargetGroup,
  targetGroupView,
  targetHealthView,
  type Elbv2Context,
  type Elbv2State,
  type HealthCheckSettings,
  type TargetGroupRecord,
} from './elbv2-model.js';
import { paginate } from './pagination.js';
import { fromElbTags, MAX_TAGS_PER_RESOURCE, tagProblem, type ElbTag } from './tags.js';

/** Target group commands of the simulated ELBv2 service. */

interface CreateTargetGroupInput {
  Name?: string;
  Protocol?: string;
  ProtocolVersion?: string;
  Port?: number;
  VpcId?: string;
  HealthCheckProtocol?: string;
  HealthCheckPort?: string;
  HealthCheckEnabled?: boolean;
  HealthCheckPath?: string;
  HealthCheckIntervalSeconds?: number;
  HealthCheckTimeoutSeconds?: number;
  HealthyThresholdCount?: number;
  UnhealthyThresholdCount?: number;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
  TargetType?: string;
  IpAddressType?: string;
  Tags?: ElbTag[];
}

interface TargetInput {
  Id?: string;
  Port?: number;
  AvailabilityZone?: string;
}

const notFound = (): Error => awsError('TargetGroupNotFoundException', 'One or more target groups not found');
const invalidMarker = (): Error => awsError('ValidationError', 'Invalid value for the Marker parameter');

export function requireTargetGroup(state: Elbv2State, arn: string | undefined): TargetGroupRecord {
  const tg = arn ? state.targetGroups.get(arn) : undefined;
  if (!tg) throw notFound();
  return tg;
}

function validateTargetGroupName(name: string | undefined): string {
  if (!name) throw awsError('ValidationError', "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  if (name.length > 32) throw awsError('ValidationError', `Target group name '${name}' cannot be longer than '32' characters`);
  if (!/^[A-Za-z0-9-]+$/.test(name)) {
    throw awsError('ValidationError', `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  }
  if (name.startsWith('-') || name.endsWith('-')) throw awsError('ValidationError', `Target group name '${name}' cannot begin or end with '-'`);
  return name;
}

function healthCheckSettings(input: CreateTargetGroupInput, protocol: string): HealthCheckSettings {
  const healthProtocol = input.HealthCheckProtocol ?? (protocol === 'HTTPS' ? 'HTTPS' : 'HTTP');
  const settings: HealthCheckSettings = {
    HealthCheckProtocol: healthProtocol,
    HealthCheckPort: input.HealthCheckPort ?? 'traffic-port',
    HealthCheckEnabled: input.HealthCheckEnabled ?? true,
    HealthCheckIntervalSeconds: input.HealthCheckIntervalSeconds ?? 30,
    HealthCheckTimeoutSeconds: input.HealthCheckTimeoutSeconds ?? 5,
    HealthyThresholdCount: input.HealthyThresholdCount ?? 5,
    UnhealthyThresholdCount: input.UnhealthyThresholdCount ?? 2,
    HealthCheckPath: input.HealthCheckPath ?? '/',
    Matcher: input.Matcher ? { ...input.Matcher } : { HttpCode: '200' },
  };
  if (settings.HealthCheckIntervalSeconds < 5 || settings.HealthCheckIntervalSeconds > 300) {
    throw awsError('ValidationError', 'Health check interval must be between 5 and 300 seconds');
  }
  if (settings.HealthCheckTimeoutSeconds >= settings.HealthCheckIntervalSeconds) {
    throw awsError('ValidationError', 'Health check timeout must be smaller than the interval');
  }
  for (const [field, value] of [['HealthyThresholdCount', settings.HealthyThresholdCount], ['UnhealthyThresholdCount', settings.UnhealthyThresholdCount]] as const) {
    if (value < 2 || value > 10) throw awsError('ValidationError', `${field} must be between 2 and 10`);
  }
  return settings;
}

/** Everything but the tags: what decides whether a second create with the same name is "the same" group. */
function settingsKey(tg: Pick<TargetGroupRecord, 'protocol' | 'port' | 'vpcId' | 'targetType' | 'protocolVersion' | 'ipAddressType' | 'healthCheck'>): string {
  const { protocol, port, vpcId, targetType, protocolVersion, ipAddressType, healthCheck } = tg;
  return JSON.stringify([protocol, port, vpcId, targetType, protocolVersion, ipAddressType, healthCheck]);
}

export function createTargetGroup(state: Elbv2State, ctx: Elbv2Context, input: CreateTargetGroupInput): unknown {
  const name = validateTargetGroupName(input.Name);
  const targetType = input.TargetType ?? 'instance';
  if (!['instance', 'ip', 'lambda', 'alb'].includes(targetType)) throw awsError('ValidationError', `Target type '${targetType}' is not valid`);
  if (targetType !== 'lambda') {
    if (!input.Protocol || input.Port === undefined || !input.VpcId) {
      throw awsError('ValidationError', `A protocol, port, and VPC ID must be specified for target type '${targetType}'`);
    }
    if (!['HTTP', 'HTTPS'].includes(input.Protocol)) throw awsError('ValidationError', `Protocol '${input.Protocol}' is not supported by Application Load Balancer target groups`);
    if (!Number.isInteger(input.Port) || input.Port < 1 || input.Port > 65535) throw awsError('ValidationError', 'Port must be between 1 and 65535');
  }
  const tags = fromElbTags(input.Tags);
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) throw awsError('TooManyTagsException', 'You have reached the limit on the number of tags for this resource');
  const problem = tagProblem(tags);
  if (problem) throw awsError('ValidationError', problem);
  const candidate = {
    protocol: input.Protocol ?? '',
    port: input.Port ?? 0,
    vpcId: input.VpcId ?? '',
    targetType: targetType as TargetGroupRecord['targetType'],
    protocolVersion: input.ProtocolVersion ?? 'HTTP1',
    ipAddressType: input.IpAddressType ?? 'ipv4',
    healthCheck: healthCheckSettings(input, input.Protocol ?? 'HTTP'),
  };
  const existing = [...state.targetGroups.values()].find((tg) => tg.name.toLowerCase() === name.toLowerCase());
  if (existing) {
    if (settingsKey(existing) !== settingsKey(candidate)) {
      throw awsError('DuplicateTargetGroupNameException', `A target group with the same name '${name}' exists, but with different settings`);
    }
    return { TargetGroups: [targetGroupView(state, existing)] };
  }
  if (state.targetGroups.size >= ctx.limits.targetGroups) {
    throw awsError('TooManyTargetGroupsException', 'You have reached the limit on the number of target groups for your AWS account');
  }
  const record: TargetGroupRecord = {
    arn: elbArn(ctx.account, `targetgroup/${name}/${ctx.ids.hex(16)}`),
    name,
    ...candidate,
    attributes: { ...DEFAULT_TARGET_GROUP_ATTRIBUTES },
    tags,
    targets: [],
  };
  state.targetGroups.set(record.arn, record);
  return { TargetGroups: [targetGroupView(state, record)] };
}

export function describeTargetGroups(
  state: Elbv2State,
  input: { LoadBalancerArn?: string; TargetGroupArns?: string[]; Names?: string[]; Marker?: string; PageSize?: number },
): unknown {
  const { LoadBalancerArn, TargetGroupArns, Names, Marker, PageSize = 400 } = input;
  if (!Number.isInteger(PageSize) || PageSize < 1 || PageSize > 400) throw awsError('ValidationError', 'Page size must be between 1 and 400');
  const given = [LoadBalancerArn, TargetGroupArns?.length ? TargetGroupArns : undefined, Names?.length ? Names : undefined].filter((x) => x !== undefined);
  if (given.length > 1) throw awsError('ValidationError', 'LoadBalancerArn, TargetGroupArns and Names cannot be specified together');
  let groups = [...state.targetGroups.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (LoadBalancerArn !== undefined) {
    if (!state.loadBalancers.has(LoadBalancerArn)) throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    groups = groups.filter((tg) => loadBalancersOfTargetGroup(state, tg.arn).includes(LoadBalancerArn));
  }
  if (TargetGroupArns?.length) {
    if (TargetGroupArns.some((arn) => !state.targetGroups.has(arn))) throw notFound();
    groups = groups.filter((tg) => TargetGroupArns.includes(tg.arn));
  }
  if (Names?.length) {
    const lower = Names.map((n) => n.toLowerCase());
    if (lower.some((n) => !groups.some((tg) => tg.name.toLowerCase() === n))) throw notFound();
    groups = groups.filter((tg) => lower.includes(tg.name.toLowerCase()));
  }
  const scope = `DescribeTargetGroups:${JSON.stringify([LoadBalancerArn, TargetGroupArns, Names])}`;
  const page = paginate(groups, { limit: PageSize, token: Marker, scope, invalidToken: invalidMarker });
  return { TargetGroups: page.items.map((tg) => targetGroupView(state, tg)), ...(page.nextToken ? { NextMarker: page.nextToken } : {}) };
}

export function deleteTargetGroup(state: Elbv2State, input: { TargetGroupArn?: string }): unknown {
  const arn = input.TargetGroupArn;
  if (!arn) throw awsError('ValidationError', "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
  if (!state.targetGroups.has(arn)) return {}; // AWS answers a delete of a missing target group with success.
  if (isTargetGroupInUse(state, arn)) {
    throw awsError('ResourceInUseException', `Target group '${arn}' is currently in use by a listener or a rule`);
  }
  state.targetGroups.delete(arn);
  return {};
}

function attributesView(tg: TargetGroupRecord): Array<{ Key: string; Value: string }> {
  return Object.entries(tg.attributes).map(([Key, Value]) => ({ Key, Value }));
}

export function describeTargetGroupAttributes(state: Elbv2State, input: { TargetGroupArn?: string }): unknown {
  return { Attributes: attributesView(requireTargetGroup(state, input.TargetGroupArn)) };
}

export function modifyTargetGroupAttributes(
  state: Elbv2State,
  input: { TargetGroupArn?: string; Attributes?: Array<{ Key?: string; Value?: string }> },
): unknown {
  const tg = requireTargetGroup(state, input.TargetGroupArn);
  const changes = input.Attributes ?? [];
  if (changes.length === 0) throw awsError('ValidationError', 'At least one attribute must be specified');
  for (const { Key = '', Value = '' } of changes) {
    if (!(Key in DEFAULT_TARGET_GROUP_ATTRIBUTES)) throw awsError('ValidationError', `Target group attribute key '${Key}' is not recognized`);
    if (Key === 'deregistration_delay.timeout_seconds' && !(/^\d+$/.test(Value) && Number(Value) <= 3600)) {
      throw awsError('ValidationError', `Target group attribute '${Key}' must be an integer between 0 and 3600`);
    }
  }
  for (const { Key = '', Value = '' } of changes) tg.attributes[Key] = Value;
  return { Attributes: attributesView(tg) };
}

export function describeTargetHealth(state: Elbv2State, input: { TargetGroupArn?: string; Targets?: TargetInput[] }): unknown {
  const tg = requireTargetGroup(state, input.TargetGroupArn);
  if (!input.Targets?.length) return { TargetHealthDescriptions: tg.targets.map((t) => targetHealthView(state, tg, t)) };
  return {
    TargetHealthDescriptions: input.Targets.map((wanted) => {
      const port = wanted.Port ?? tg.port;
      const target = tg.targets.find((t) => t.id === wanted.Id && t.port === port);
      if (target) return targetHealthView(state, tg, target);
      return {
        Target: { Id: wanted.Id, Port: port },
        HealthCheckPort: String(port),
        TargetHealth: { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' },
      };
    }),
  };
}

function validateTargets(ctx: Elbv2Context, tg: TargetGroupRecord, targets: TargetInput[] | undefined): Array<{ id: string; port: number; az?: string }> {
  if (!targets?.length) throw awsError('ValidationError', 'At least one target must be specified');
  return targets.map((t) => {
    const id = t.Id ?? '';
    if (tg.targetType === 'ip' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(id)) throw awsError('ValidationError', `The IP address '${id}' is not a valid IPv4 address`);
    if (tg.targetType === 'instance' && !ctx.network.instance(id)) throw awsError('InvalidTargetException', `The following targets are not valid instances: '${id}'`);
    const port = t.Port ?? tg.port;
    return { id, port, ...(t.AvailabilityZone ? { az: t.AvailabilityZone } : {}) };
  });
}

export function registerTargets(state: Elbv2State, ctx: Elbv2Context, input: { TargetGroupArn?: string; Targets?: TargetInput[] }): unknown {
  const tg = requireTargetGroup(state, input.TargetGroupArn);
  const { HealthCheckIntervalSeconds, HealthyThresholdCount } = tg.healthCheck;
  const healthyAt = new Date(ctx.now().getTime() + HealthCheckIntervalSeconds * HealthyThresholdCount * 1000);
  for (const t of validateTargets(ctx, tg, input.Targets)) {
    const existing = tg.targets.find((x) => x.id === t.id && x.port === t.port);
    if (existing && existing.state !== 'draining') continue;
    tg.targets = tg.targets.filter((x) => x !== existing);
    tg.targets.push({ id: t.id, port: t.port, ...(t.az ? { availabilityZone: t.az } : {}), state: 'initial', until: healthyAt });
    state.due.schedule(healthyAt.getTime(), tg.arn);
  }
  return {};
}

export function deregisterTargets(state: Elbv2State, ctx: Elbv2Context, input: { TargetGroupArn?: string; Targets?: TargetInput[] }): unknown {
  const tg = requireTargetGroup(state, input.TargetGroupArn);
  drainTargets(state, tg, ctx.now(), validateTargets(ctx, tg, input.Targets));
  return {};
}

/** Moves matching targets to `draining` for the group's deregistration delay (or drops them when it is 0). */
export function drainTargets(state: Elbv2State, tg: TargetGroupRecord, now: Date, targets: Array<{ id: string; port: number }>): void {
  const delaySeconds = Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? '300');
  for (const t of targets) {
    const existing = tg.targets.find((x) => x.id === t.id && x.port === t.port);
    if (!existing || existing.state === 'draining') continue;
    if (delaySeconds === 0) {
      tg.targets = tg.targets.filter((x) => x !== existing);
    } else {
      existing.state = 'draining';
      existing.until = new Date(now.getTime() + delaySeconds * 1000);
      state.due.schedule(existing.until.getTime(), tg.arn);
    }
  }
}
