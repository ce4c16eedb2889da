import { awsError } from './aws-error.js';
import { elbArn, parseArn } from './arn.js';
import {
  addRule,
  loadBalancersOfTargetGroup,
  removeRule,
  ruleTargetGroups,
  rulesOfLoadBalancer,
  ruleView,
  actionTargetGroups,
  type ElbAction,
  type ElbCondition,
  type Elbv2Context,
  type Elbv2State,
  type ListenerRecord,
  type RuleRecord,
} from './elbv2-model.js';
import { paginate } from './pagination.js';
import { fromElbTags, MAX_TAGS_PER_RESOURCE, tagProblem, type ElbTag } from './tags.js';

/** Listener rule commands of the simulated ELBv2 service. */

interface CreateRuleInput {
  ListenerArn?: string;
  Conditions?: Array<Record<string, unknown>>;
  Priority?: number;
  Actions?: Array<Record<string, unknown>>;
  Tags?: ElbTag[];
}

const VALUE_CONFIG_FIELDS: Readonly<Record<string, string>> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
};

function requireListener(state: Elbv2State, arn: string | undefined): ListenerRecord {
  const listener = arn ? state.listeners.get(arn) : undefined;
  if (!listener) throw awsError('ListenerNotFoundException', 'One or more listeners not found');
  return listener;
}

function validateHostHeader(value: string): void {
  if (value.length > 128) throw awsError('ValidationError', `The host-header condition value '${value}' must be 128 characters or fewer`);
  if (!/^[A-Za-z0-9.*?-]+$/.test(value)) throw awsError('ValidationError', `The host-header condition value '${value}' contains characters that are not allowed`);
  const lastLabel = value.split('.').at(-1) ?? '';
  if (!value.includes('.') || !/^[A-Za-z*?]+$/.test(lastLabel)) {
    throw awsError('ValidationError', `The host-header condition value '${value}' must contain a '.' followed only by alphabetical characters`);
  }
}

/** Normalises conditions to the shape DescribeRules returns (Values and the *Config both filled), counting values. */
export function normalizeConditions(ctx: Elbv2Context, conditions: Array<Record<string, unknown>> | undefined): ElbCondition[] {
  if (!conditions?.length) throw awsError('ValidationError', 'A rule must have at least one condition');
  let valueCount = 0;
  const result = conditions.map((condition): ElbCondition => {
    const field = condition.Field;
    if (typeof field !== 'string') throw awsError('ValidationError', 'A condition must specify a field');
    const configKey = VALUE_CONFIG_FIELDS[field];
    if (configKey) {
      const config = condition[configKey] as { Values?: string[] } | undefined;
      const values = config?.Values ?? (condition.Values as string[] | undefined) ?? [];
      if (values.length === 0) throw awsError('ValidationError', `A '${field}' condition must specify at least one value`);
      if (field === 'host-header') values.forEach(validateHostHeader);
      valueCount += values.length;
      return field === 'host-header' || field === 'path-pattern'
        ? { Field: field, Values: [...values], [configKey]: { Values: [...values] } }
        : { Field: field, [configKey]: { Values: [...values] } };
    }
    if (field === 'http-header') {
      const config = condition.HttpHeaderConfig as { HttpHeaderName?: string; Values?: string[] } | undefined;
      valueCount += config?.Values?.length ?? 0;
      return { Field: field, HttpHeaderConfig: structuredClone(config ?? {}) };
    }
    if (field === 'query-string') {
      const config = condition.QueryStringConfig as { Values?: unknown[] } | undefined;
      valueCount += config?.Values?.length ?? 0;
      return { Field: field, QueryStringConfig: structuredClone(config ?? {}) };
    }
    throw awsError('ValidationError', `Condition field '${field}' is not supported`);
  });
  if (valueCount > ctx.limits.conditionValuesPerRule) {
    throw awsError('ValidationError', `A rule can only have '${ctx.limits.conditionValuesPerRule}' condition values`);
  }
  return result;
}

/** Normalises actions to the shape DescribeRules returns (forward actions get a ForwardConfig). */
export function normalizeActions(state: Elbv2State, actions: Array<Record<string, unknown>> | undefined): ElbAction[] {
  if (!actions?.length) throw awsError('ValidationError', 'A rule must have at least one action');
  return actions.map((action, index): ElbAction => {
    const type = action.Type;
    const order = typeof action.Order === 'number' ? action.Order : index + 1;
    if (type === 'forward') {
      const forward = action.ForwardConfig as { TargetGroups?: Array<{ TargetGroupArn?: string; Weight?: number }>; TargetGroupStickinessConfig?: unknown } | undefined;
      const groups = forward?.TargetGroups?.length
        ? forward.TargetGroups.map((g) => ({ TargetGroupArn: g.TargetGroupArn ?? '', Weight: g.Weight ?? 1 }))
        : typeof action.TargetGroupArn === 'string'
          ? [{ TargetGroupArn: action.TargetGroupArn, Weight: 1 }]
          : [];
      if (groups.length === 0) throw awsError('ValidationError', 'A forward action must specify a target group');
      for (const g of groups) if (!state.targetGroups.has(g.TargetGroupArn)) throw awsError('TargetGroupNotFoundException', 'One or more target groups not found');
      return {
        Type: 'forward',
        ...(groups.length === 1 ? { TargetGroupArn: groups[0]?.TargetGroupArn } : {}),
        Order: order,
        ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: structuredClone(forward?.TargetGroupStickinessConfig ?? { Enabled: false }) },
      };
    }
    if (type === 'fixed-response' || type === 'redirect') {
      const key = type === 'fixed-response' ? 'FixedResponseConfig' : 'RedirectConfig';
      if (!action[key]) throw awsError('ValidationError', `A ${type} action must specify ${key}`);
      return { Type: type, Order: order, [key]: structuredClone(action[key]) };
    }
    throw awsError('ValidationError', `Action type '${String(type)}' is not supported`);
  });
}

export function createRule(state: Elbv2State, ctx: Elbv2Context, input: CreateRuleInput): unknown {
  const listener = requireListener(state, input.ListenerArn);
  const priority = input.Priority;
  if (priority === undefined || !Number.isInteger(priority) || priority < 1 || priority > 50000) {
    throw awsError('ValidationError', `1 validation error detected: Value '${String(priority)}' at 'priority' failed to satisfy constraint: Member must have value between 1 and 50000`);
  }
  const conditions = normalizeConditions(ctx, input.Conditions);
  const actions = normalizeActions(state, input.Actions);
  const tags = fromElbTags(input.Tags);
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) throw awsError('TooManyTagsException', 'You have reached the limit on the number of tags for this resource');
  const problem = tagProblem(tags);
  if (problem) throw awsError('ValidationError', problem);
  if ([...state.rules.values()].some((r) => r.listenerArn === listener.arn && r.priority === priority)) {
    throw awsError('PriorityInUseException', `Priority '${priority}' is currently in use`);
  }
  const lbArn = listener.loadBalancerArn;
  const newGroups = [...new Set(actions.flatMap(actionTargetGroups))];
  const elsewhere = newGroups.filter((tg) => loadBalancersOfTargetGroup(state, tg).some((lb) => lb !== lbArn));
  if (elsewhere.length > 0) {
    throw awsError('TargetGroupAssociationLimitException', `The following target groups cannot be associated with more than one load balancer: ${elsewhere.join(', ')}`);
  }
  const lbRules = rulesOfLoadBalancer(state, lbArn);
  if (lbRules.filter((r) => r.priority !== 'default').length >= ctx.limits.rulesPerLoadBalancer) {
    throw awsError('TooManyRulesException', `You've reached the limit on the number of rules per load balancer ('${ctx.limits.rulesPerLoadBalancer}')`);
  }
  const groupsInUse = new Set([...lbRules.flatMap(ruleTargetGroups), ...newGroups]);
  if (groupsInUse.size > ctx.limits.targetGroupsPerLoadBalancer) {
    // AWS names this per-load-balancer quota TooManyUniqueTargetGroupsPerLoadBalancer; TooManyTargetGroups is the account-wide one.
    throw awsError(
      'TooManyUniqueTargetGroupsPerLoadBalancerException',
      `You've reached the limit on the number of unique target groups per load balancer across all listeners ('${ctx.limits.targetGroupsPerLoadBalancer}')`,
    );
  }
  const rule = createRuleRecord(ctx, listener, priority, conditions, actions, tags);
  addRule(state, rule);
  return { Rules: [ruleView(rule)] };
}

export function createRuleRecord(
  ctx: Elbv2Context,
  listener: ListenerRecord,
  priority: number | 'default',
  conditions: ElbCondition[],
  actions: ElbAction[],
  tags: Record<string, string> = {},
): RuleRecord {
  const listenerPath = parseArn(listener.arn)?.resource.replace(/^listener\//, '') ?? '';
  return { arn: elbArn(ctx.account, `listener-rule/${listenerPath}/${ctx.ids.hex(16)}`), listenerArn: listener.arn, priority, conditions, actions, tags };
}

export function deleteRule(state: Elbv2State, input: { RuleArn?: string }): unknown {
  const rule = input.RuleArn ? state.rules.get(input.RuleArn) : undefined;
  if (!rule) throw awsError('RuleNotFoundException', 'One or more rules not found');
  if (rule.priority === 'default') throw awsError('OperationNotPermittedException', `Default rule '${rule.arn}' cannot be deleted`);
  removeRule(state, rule);
  return {};
}

function byPriority(a: RuleRecord, b: RuleRecord): number {
  if (a.priority === 'default') return b.priority === 'default' ? 0 : 1;
  if (b.priority === 'default') return -1;
  return a.priority - b.priority;
}

export function describeRules(state: Elbv2State, input: { ListenerArn?: string; RuleArns?: string[]; Marker?: string; PageSize?: number }): unknown {
  const { ListenerArn, RuleArns, Marker, PageSize = 400 } = input;
  if (!Number.isInteger(PageSize) || PageSize < 1 || PageSize > 400) throw awsError('ValidationError', 'Page size must be between 1 and 400');
  if (ListenerArn && RuleArns?.length) throw awsError('ValidationError', 'ListenerArn and RuleArns cannot be specified together');
  let rules: RuleRecord[];
  if (RuleArns?.length) {
    rules = RuleArns.map((arn) => {
      const rule = state.rules.get(arn);
      if (!rule) throw awsError('RuleNotFoundException', 'One or more rules not found');
      return rule;
    });
  } else if (ListenerArn) {
    requireListener(state, ListenerArn);
    rules = [...state.rules.values()].filter((r) => r.listenerArn === ListenerArn).sort(byPriority);
  } else {
    throw awsError('ValidationError', 'A listener ARN or a set of rule ARNs must be specified');
  }
  const scope = `DescribeRules:${JSON.stringify([ListenerArn, RuleArns])}`;
  const page = paginate(rules, { limit: PageSize, token: Marker, scope, invalidToken: () => awsError('ValidationError', 'Invalid value for the Marker parameter') });
  return { Rules: page.items.map(ruleView), ...(page.nextToken ? { NextMarker: page.nextToken } : {}) };
}
