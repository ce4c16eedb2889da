import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  type ElasticLoadBalancingV2Client,
  type Rule,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CloudError, NotFoundError, PriorityTakenError, TargetGroupNameTakenError } from '../core/errors.js';
import type {
  ListenerRule,
  LoadBalancerAlias,
  RuleSpec,
  TargetGroupSnapshot,
  TargetGroupSpec,
  TargetHealth,
  TrafficRouter,
} from '../core/ports.js';
import { chunk } from './chunk.js';
import { asQuotaExceeded } from './elb-quotas.js';
import { isDefaultRule, toListenerRule, toTagList, toTagRecord, toTargetGroupSnapshot } from './elb-snapshots.js';
import { toCreateTargetGroupInput } from './elb-target-group-input.js';
import { awsErrorName, withRetry, type RetryOptions } from './retry.js';

/** The largest page `DescribeTargetGroups` and `DescribeRules` return. */
const PAGE_SIZE = 400;
/** `DescribeTags` takes at most 20 resource ARNs per call. */
const DESCRIBE_TAGS_BATCH = 20;

export interface ElbTrafficRouterOptions {
  retry?: RetryOptions;
}

/**
 * The TrafficRouter port on Elastic Load Balancing v2: target groups and listener rules of an Application Load Balancer.
 *
 * @example
 * const router = new ElbTrafficRouter(new ElasticLoadBalancingV2Client({}));
 * const rules = await router.listRules(listenerArn);
 */
export class ElbTrafficRouter implements TrafficRouter {
  readonly #client: ElasticLoadBalancingV2Client;
  readonly #retry: RetryOptions | undefined;

  constructor(client: ElasticLoadBalancingV2Client, { retry }: ElbTrafficRouterOptions = {}) {
    this.#client = client;
    this.#retry = retry;
  }

  async describeListener(listenerArn: string): Promise<LoadBalancerAlias> {
    const { Listeners } = await this.#send('DescribeListeners', () =>
      this.#client.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })),
    );
    const loadBalancerArn = Listeners?.[0]?.LoadBalancerArn;
    if (!loadBalancerArn) throw new CloudError('elasticloadbalancing:DescribeListeners', `no load balancer for ${listenerArn}`);
    const { LoadBalancers } = await this.#send('DescribeLoadBalancers', () =>
      this.#client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] })),
    );
    const loadBalancer = LoadBalancers?.[0];
    if (!loadBalancer?.DNSName || !loadBalancer.CanonicalHostedZoneId) {
      throw new CloudError('elasticloadbalancing:DescribeLoadBalancers', `no DNS name for ${loadBalancerArn}`);
    }
    return { loadBalancerArn, dnsName: loadBalancer.DNSName, canonicalHostedZoneId: loadBalancer.CanonicalHostedZoneId };
  }

  async describeTargetGroup(arn: string, { tags = true }: { tags?: boolean } = {}): Promise<TargetGroupSnapshot> {
    const found = await this.#describeTargetGroups({ TargetGroupArns: [arn] }, tags);
    if (!found) throw new NotFoundError(`target group ${arn} does not exist`, { resource: arn });
    return found;
  }

  findTargetGroup(name: string): Promise<TargetGroupSnapshot | undefined> {
    return this.#describeTargetGroups({ Names: [name] });
  }

  async listTargetGroups(namePrefix: string): Promise<TargetGroupSnapshot[]> {
    const groups: TargetGroup[] = [];
    let marker: string | undefined;
    do {
      const Marker = marker;
      const page = await this.#send('DescribeTargetGroups', () =>
        this.#client.send(new DescribeTargetGroupsCommand({ PageSize: PAGE_SIZE, Marker })),
      );
      // The API filters by exact name only, so the prefix narrowing happens here.
      groups.push(...(page.TargetGroups ?? []).filter((group) => group.TargetGroupName?.startsWith(namePrefix)));
      marker = page.NextMarker;
    } while (marker);
    const tags = await this.#tagsOf(groups.map((group) => group.TargetGroupArn ?? ''));
    // A group deleted between the two calls has no tags entry: it is gone, so it is left out.
    return groups.flatMap((group) => {
      const groupTags = tags.get(group.TargetGroupArn ?? '');
      return groupTags ? [toTargetGroupSnapshot(group, groupTags)] : [];
    });
  }

  async createTargetGroup(spec: TargetGroupSpec): Promise<TargetGroupSnapshot> {
    const { TargetGroups } = await this.#send('CreateTargetGroup', () =>
      this.#client
        .send(new CreateTargetGroupCommand(toCreateTargetGroupInput(spec)))
        .catch((error: unknown) => {
          // Same name and same settings returns the existing group; same name with other settings is this error.
          if (awsErrorName(error) === 'DuplicateTargetGroupNameException') {
            throw new TargetGroupNameTakenError(spec.name, { cause: error });
          }
          throw asQuotaExceeded(error) ?? error;
        }),
    );
    const group = TargetGroups?.[0];
    if (!group?.TargetGroupArn) throw new CloudError('elasticloadbalancing:CreateTargetGroup', 'the response has no target group');
    return toTargetGroupSnapshot(group, { ...spec.tags });
  }

  async setDeregistrationDelay(arn: string, seconds: number): Promise<void> {
    await this.#send('ModifyTargetGroupAttributes', () =>
      this.#client.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(seconds) }],
        }),
      ),
    );
  }

  async deleteTargetGroup(arn: string): Promise<void> {
    await this.#send('DeleteTargetGroup', () =>
      this.#client.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })).then(
        () => undefined,
        (error: unknown) => {
          if (awsErrorName(error) === 'TargetGroupNotFoundException') return undefined;
          throw error;
        },
      ),
    );
  }

  async listRules(listenerArn: string, { host, tags: withTags = true }: { host?: string; tags?: boolean } = {}): Promise<ListenerRule[]> {
    const rules: Rule[] = [];
    let marker: string | undefined;
    do {
      const Marker = marker;
      const page = await this.#send('DescribeRules', () =>
        this.#client.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: PAGE_SIZE, Marker })),
      );
      rules.push(...(page.Rules ?? []));
      marker = page.NextMarker;
    } while (marker);
    if (!withTags) return rules.map((rule) => toListenerRule(rule, {}));
    const routes = (rule: Rule) => host === undefined || toListenerRule(rule, {}).hostHeaders.some((header) => header.toLowerCase() === host);
    const tagged = rules.filter((rule) => !isDefaultRule(rule) && routes(rule)).map((rule) => rule.RuleArn ?? '');
    const tags = await this.#tagsOf(tagged);
    return rules.flatMap((rule) => {
      if (isDefaultRule(rule) || !routes(rule)) return [toListenerRule(rule, {})];
      const ruleTags = tags.get(rule.RuleArn ?? '');
      // A rule deleted between the two calls is gone: leave it out.
      return ruleTags ? [toListenerRule(rule, ruleTags)] : [];
    });
  }

  async createRule(spec: RuleSpec): Promise<ListenerRule> {
    const { Rules } = await this.#send('CreateRule', () =>
      this.#client
        .send(
          new CreateRuleCommand({
            ListenerArn: spec.listenerArn,
            Priority: spec.priority,
            Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [spec.hostHeader] } }],
            Actions: [{ Type: 'forward', TargetGroupArn: spec.targetGroupArn }],
            Tags: toTagList(spec.tags),
          }),
        )
        .catch((error: unknown) => {
          if (awsErrorName(error) === 'PriorityInUseException') throw new PriorityTakenError(spec.priority, { cause: error });
          throw asQuotaExceeded(error) ?? error;
        }),
    );
    const rule = Rules?.[0];
    if (!rule?.RuleArn) throw new CloudError('elasticloadbalancing:CreateRule', 'the response has no rule');
    return toListenerRule(rule, { ...spec.tags });
  }

  async deleteRule(arn: string): Promise<void> {
    await this.#send('DeleteRule', () =>
      this.#client.send(new DeleteRuleCommand({ RuleArn: arn })).then(
        () => undefined,
        (error: unknown) => {
          if (awsErrorName(error) === 'RuleNotFoundException') return undefined;
          throw error;
        },
      ),
    );
  }

  async targetHealth(targetGroupArn: string): Promise<TargetHealth[]> {
    const { TargetHealthDescriptions } = await this.#send('DescribeTargetHealth', () =>
      this.#client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })).catch((error: unknown) => {
        if (awsErrorName(error) === 'TargetGroupNotFoundException') {
          throw new NotFoundError(`target group ${targetGroupArn} does not exist`, { resource: targetGroupArn });
        }
        throw error;
      }),
    );
    return (TargetHealthDescriptions ?? []).map((description) => ({
      id: description.Target?.Id ?? '',
      ...(description.Target?.Port !== undefined ? { port: description.Target.Port } : {}),
      state: description.TargetHealth?.State ?? 'unavailable',
      ...(description.TargetHealth?.Reason ? { reason: description.TargetHealth.Reason } : {}),
      ...(description.TargetHealth?.Description ? { description: description.TargetHealth.Description } : {}),
    }));
  }

  /** The one target group a by-ARN or by-name lookup finds, with its tags; undefined when ELBv2 does not know it. */
  async #describeTargetGroups(
    filter: { TargetGroupArns: string[] } | { Names: string[] },
    withTags = true,
  ): Promise<TargetGroupSnapshot | undefined> {
    const out = await this.#send('DescribeTargetGroups', () =>
      this.#client.send(new DescribeTargetGroupsCommand(filter)).catch((error: unknown) => {
        if (awsErrorName(error) === 'TargetGroupNotFoundException') return undefined;
        throw error;
      }),
    );
    const group = out?.TargetGroups?.[0];
    if (!group?.TargetGroupArn) return undefined;
    if (!withTags) return toTargetGroupSnapshot(group, {});
    const tags = await this.#tagsOf([group.TargetGroupArn]);
    const groupTags = tags.get(group.TargetGroupArn);
    return groupTags ? toTargetGroupSnapshot(group, groupTags) : undefined;
  }

  /**
   * Tags of many resources, ≤ 20 ARNs per `DescribeTags`, batches in parallel. A resource deleted meanwhile fails its
   * whole batch with a not-found error; that batch is then asked one ARN at a time, and the vanished ones are absent
   * from the result.
   */
  async #tagsOf(arns: readonly string[]): Promise<Map<string, Record<string, string>>> {
    const tags = new Map<string, Record<string, string>>();
    await Promise.all(
      chunk(arns, DESCRIBE_TAGS_BATCH).map(async (batch) => {
        const described = await this.#describeTags(batch);
        if (described) {
          for (const [arn, value] of described) tags.set(arn, value);
          return;
        }
        for (const arn of batch) {
          const single = await this.#describeTags([arn]);
          const value = single?.get(arn);
          if (value) tags.set(arn, value);
        }
      }),
    );
    return tags;
  }

  /** undefined when one of the resources no longer exists. */
  async #describeTags(arns: string[]): Promise<Map<string, Record<string, string>> | undefined> {
    const out = await this.#send('DescribeTags', () =>
      this.#client.send(new DescribeTagsCommand({ ResourceArns: arns })).catch((error: unknown) => {
        const name = awsErrorName(error);
        if (name === 'TargetGroupNotFoundException' || name === 'RuleNotFoundException') return undefined;
        throw error;
      }),
    );
    if (!out) return undefined;
    const tags = new Map<string, Record<string, string>>(arns.map((arn) => [arn, {}]));
    for (const description of out.TagDescriptions ?? []) {
      if (description.ResourceArn) tags.set(description.ResourceArn, toTagRecord(description.Tags));
    }
    return tags;
  }

  #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return withRetry(`elasticloadbalancing:${operation}`, call, this.#retry);
  }
}
