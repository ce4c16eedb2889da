import { awsError } from './aws-error.js';
import { parseArn } from './arn.js';
import { createListener, createLoadBalancer, describeListeners, describeLoadBalancers, type ListenerSpec, type LoadBalancerSpec } from './elbv2-load-balancers.js';
import {
  listenerView,
  loadBalancersOfTargetGroup,
  loadBalancerView,
  ruleView,
  tagDescription,
  targetGroupView,
  targetHealthView,
  type Elbv2Context,
  type Elbv2State,
  type ListenerRecord,
  type LoadBalancerRecord,
} from './elbv2-model.js';
import { createRule, deleteRule, describeRules } from './elbv2-rules.js';
import {
  createTargetGroup,
  deleteTargetGroup,
  deregisterTargets,
  describeTargetGroupAttributes,
  describeTargetGroups,
  describeTargetHealth,
  drainTargets,
  modifyTargetGroupAttributes,
  registerTargets,
} from './elbv2-target-groups.js';
import { toJson, type Json } from './json.js';
import { fromElbTags, MAX_TAGS_PER_RESOURCE, tagProblem, type ElbTag, type TagMap } from './tags.js';
import { Timeline } from './timeline.js';

/** What ECS needs to know about a target group, and how it registers its tasks. */
export interface TargetGroupDirectory {
  targetGroup(arn: string): { arn: string; targetType: string; port: number; vpcId: string; loadBalancerArns: string[] } | undefined;
  /** Registers targets that have already passed their health checks (ECS waits for that before "steady state"). */
  registerHealthyTargets(arn: string, targets: Array<{ id: string; port: number }>): void;
  deregisterTargets(arn: string, targets: Array<{ id: string; port: number }>): void;
}

export interface Elbv2Snapshot {
  loadBalancers: Json[];
  listeners: Json[];
  rules: Json[];
  targetGroups: Json[];
}

type Handler = (input: any) => unknown;

/** The simulated Elastic Load Balancing v2 service (Application Load Balancers only). */
export class SimulatedElbv2 implements TargetGroupDirectory {
  private readonly state: Elbv2State = { loadBalancers: new Map(), listeners: new Map(), rules: new Map(), targetGroups: new Map(), due: new Timeline(), rulesByTargetGroup: new Map() };
  private readonly commands: Record<string, Handler>;
  #targetGroupsAdvanced = 0;

  constructor(private readonly ctx: Elbv2Context) {
    const { state } = this;
    this.commands = {
      CreateTargetGroup: (input) => createTargetGroup(state, ctx, input),
      DescribeTargetGroups: (input) => describeTargetGroups(state, input),
      DeleteTargetGroup: (input) => deleteTargetGroup(state, input),
      DescribeTargetGroupAttributes: (input) => describeTargetGroupAttributes(state, input),
      ModifyTargetGroupAttributes: (input) => modifyTargetGroupAttributes(state, input),
      DescribeTargetHealth: (input) => describeTargetHealth(state, input),
      RegisterTargets: (input) => registerTargets(state, ctx, input),
      DeregisterTargets: (input) => deregisterTargets(state, ctx, input),
      CreateRule: (input) => createRule(state, ctx, input),
      DeleteRule: (input) => deleteRule(state, input),
      DescribeRules: (input) => describeRules(state, input),
      DescribeListeners: (input) => describeListeners(state, input),
      DescribeLoadBalancers: (input) => describeLoadBalancers(state, input),
      AddTags: (input) => this.addTags(input),
      RemoveTags: (input) => this.removeTags(input),
      DescribeTags: (input) => this.describeTags(input),
      DescribeAccountLimits: () => this.describeAccountLimits(),
    };
  }

  handle(command: string, input: unknown): unknown {
    const handler = this.commands[command];
    if (!handler) throw awsError('UnknownOperationException', `The simulated cloud does not implement the ELBv2 operation '${command}'`);
    return handler(input ?? {});
  }

  /** Seeding: creates an Application Load Balancer (there is no CreateLoadBalancer command in the simulation). */
  createLoadBalancer(spec: LoadBalancerSpec): LoadBalancerRecord {
    return createLoadBalancer(this.state, this.ctx, spec);
  }

  /** Seeding: creates a listener and its default rule. */
  createListener(spec: ListenerSpec): ListenerRecord {
    return createListener(this.state, this.ctx, spec);
  }

  targetGroup(arn: string): ReturnType<TargetGroupDirectory['targetGroup']> {
    const tg = this.state.targetGroups.get(arn);
    if (!tg) return undefined;
    return { arn, targetType: tg.targetType, port: tg.port, vpcId: tg.vpcId, loadBalancerArns: loadBalancersOfTargetGroup(this.state, arn) };
  }

  registerHealthyTargets(arn: string, targets: Array<{ id: string; port: number }>): void {
    const tg = this.state.targetGroups.get(arn);
    if (!tg) return;
    for (const t of targets) {
      tg.targets = tg.targets.filter((x) => !(x.id === t.id && x.port === t.port));
      tg.targets.push({ id: t.id, port: t.port, state: 'healthy' });
    }
  }

  deregisterTargets(arn: string, targets: Array<{ id: string; port: number }>): void {
    const tg = this.state.targetGroups.get(arn);
    if (tg) drainTargets(this.state, tg, this.ctx.now(), targets);
  }

  /** Whether a load balancer answers to this alias target (its canonical hosted zone and DNS name, `dualstack.` allowed). */
  hasAliasTarget(hostedZoneId: string, dnsName: string): boolean {
    const name = dnsName.toLowerCase().replace(/\.$/, '').replace(/^dualstack\./, '');
    return [...this.state.loadBalancers.values()].some(
      (lb) => lb.canonicalHostedZoneId.toUpperCase() === hostedZoneId.toUpperCase() && lb.dnsName.toLowerCase() === name,
    );
  }

  /** Advances clock-driven state where it is due (not in every group): initial targets turn healthy, draining ones finish. */
  tick(now: Date): void {
    for (const arn of this.state.due.takeDue(now.getTime())) {
      const tg = this.state.targetGroups.get(arn);
      if (!tg) continue;
      this.#targetGroupsAdvanced += 1;
      tg.targets = tg.targets.filter((t) => !(t.state === 'draining' && t.until && t.until <= now));
      for (const t of tg.targets) {
        if (t.state === 'initial' && t.until && t.until <= now) {
          t.state = 'healthy';
          delete t.until;
        }
      }
    }
  }

  /** How many times a target group has been brought up to date with the clock so far: the simulation's own work, for tests. */
  get targetGroupsAdvanced(): number {
    return this.#targetGroupsAdvanced;
  }

  snapshot(): Elbv2Snapshot {
    const { state } = this;
    const withTags = (view: Record<string, unknown>, tags: TagMap): Json => toJson({ ...view, tags });
    return {
      loadBalancers: [...state.loadBalancers.values()].map((lb) => withTags(loadBalancerView(lb), lb.tags)),
      listeners: [...state.listeners.values()].map((l) => withTags(listenerView(state, l), l.tags)),
      rules: [...state.rules.values()].map((r) => withTags({ ...ruleView(r), ListenerArn: r.listenerArn }, r.tags)),
      targetGroups: [...state.targetGroups.values()].map((tg) =>
        toJson({
          ...targetGroupView(state, tg),
          attributes: { ...tg.attributes },
          tags: { ...tg.tags },
          targets: tg.targets.map((t) => targetHealthView(state, tg, t)),
        }),
      ),
    };
  }

  private taggable(arn: string): { tags: TagMap } {
    const { state } = this;
    const resource = state.loadBalancers.get(arn) ?? state.targetGroups.get(arn) ?? state.listeners.get(arn) ?? state.rules.get(arn);
    if (resource) return resource;
    const kind = parseArn(arn)?.resource.split('/')[0];
    if (kind === 'loadbalancer') throw awsError('LoadBalancerNotFoundException', 'One or more load balancers not found');
    if (kind === 'targetgroup') throw awsError('TargetGroupNotFoundException', 'One or more target groups not found');
    if (kind === 'listener') throw awsError('ListenerNotFoundException', 'One or more listeners not found');
    if (kind === 'listener-rule') throw awsError('RuleNotFoundException', 'One or more rules not found');
    throw awsError('ValidationError', `'${arn}' is not a valid resource ARN`);
  }

  private addTags(input: { ResourceArns?: string[]; Tags?: ElbTag[] }): unknown {
    const keys = (input.Tags ?? []).map((t) => t.Key ?? '');
    if (keys.length === 0) throw awsError('ValidationError', 'At least one tag must be specified');
    if (new Set(keys).size !== keys.length) throw awsError('DuplicateTagKeysException', 'A tag key was specified more than once');
    const tags = fromElbTags(input.Tags);
    const problem = tagProblem(tags);
    if (problem) throw awsError('ValidationError', problem);
    const resources = (input.ResourceArns ?? []).map((arn) => this.taggable(arn));
    for (const resource of resources) {
      if (Object.keys({ ...resource.tags, ...tags }).length > MAX_TAGS_PER_RESOURCE) {
        throw awsError('TooManyTagsException', 'You have reached the limit on the number of tags for this resource');
      }
    }
    for (const resource of resources) Object.assign(resource.tags, tags);
    return {};
  }

  private removeTags(input: { ResourceArns?: string[]; TagKeys?: string[] }): unknown {
    const resources = (input.ResourceArns ?? []).map((arn) => this.taggable(arn));
    for (const resource of resources) for (const key of input.TagKeys ?? []) delete resource.tags[key];
    return {};
  }

  private describeTags(input: { ResourceArns?: string[] }): unknown {
    const arns = input.ResourceArns ?? [];
    if (arns.length === 0 || arns.length > 20) {
      throw awsError('ValidationError', `1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length between 1 and 20`);
    }
    return { TagDescriptions: arns.map((arn) => tagDescription(arn, this.taggable(arn).tags)) };
  }

  private describeAccountLimits(): unknown {
    const { limits } = this.ctx;
    const entries: Array<[string, number]> = [
      ['application-load-balancers', 50],
      ['target-groups', limits.targetGroups],
      ['targets-per-application-load-balancer', limits.targetsPerLoadBalancer],
      ['listeners-per-application-load-balancer', limits.listenersPerLoadBalancer],
      ['rules-per-application-load-balancer', limits.rulesPerLoadBalancer],
      ['target-groups-per-application-load-balancer', limits.targetGroupsPerLoadBalancer],
      ['target-groups-per-action-on-application-load-balancer', 5],
      ['condition-values-per-alb-rule', limits.conditionValuesPerRule],
      ['condition-wildcards-per-alb-rule', 5],
      ['certificates-per-application-load-balancer', 25],
    ];
    return { Limits: entries.map(([Name, Max]) => ({ Name, Max: String(Max) })) };
  }
}
