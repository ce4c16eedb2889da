import type { Baseline } from './baseline.js';
import type { EngineContext } from './context.js';
import { BusyError, ConflictError, PriorityTakenError, TargetGroupNameTakenError } from './errors.js';
import { preferredPriority } from './names.js';
import type { ListenerRule, NetworkMode, Tags, TargetGroupSnapshot, TargetGroupSpec, TargetType } from './ports.js';
import { isOwnedBy } from './tags.js';

const MAX_PRIORITY_ATTEMPTS = 25;

export function targetTypeFor(networkMode: NetworkMode): TargetType {
  return networkMode === 'awsvpc' ? 'ip' : 'instance';
}

/** Same protocol, port, VPC and health check as the baseline's, tuned so a dev copy turns healthy and drains in seconds. */
export function targetGroupSpecFor(context: EngineContext, baseline: Baseline, name: string, tags: Tags): TargetGroupSpec {
  const routing = baseline.routing!;
  const base = routing.targetGroup;
  const tuning = context.config.targetGroup;
  return {
    name,
    protocol: base.protocol ?? 'HTTP',
    ...(base.protocolVersion ? { protocolVersion: base.protocolVersion } : {}),
    port: base.port ?? routing.link.containerPort,
    vpcId: base.vpcId ?? '',
    targetType: targetTypeFor(baseline.taskDefinition.networkMode),
    healthCheck: {
      ...base.healthCheck,
      intervalSeconds: tuning.healthCheckIntervalSeconds,
      timeoutSeconds: tuning.healthCheckTimeoutSeconds,
      healthyThreshold: tuning.healthyThreshold,
      unhealthyThreshold: tuning.unhealthyThreshold,
    },
    deregistrationDelaySeconds: tuning.deregistrationDelaySeconds,
    tags,
  };
}

/**
 * Creates the environment's target group, or adopts one this devenv left for the same environment earlier. `existing` is
 * the lookup by name, made beforehand (beside the host claim, off the critical path). The caller sets the new group's
 * deregistration delay (`router.setDeregistrationDelay`) and rolls it back.
 */
export async function ensureTargetGroup(
  context: EngineContext,
  spec: TargetGroupSpec,
  envName: string,
  existing: Promise<TargetGroupSnapshot | undefined> = context.cloud.router.findTargetGroup(spec.name),
): Promise<TargetGroupSnapshot> {
  const { router } = context.cloud;
  const found = await existing;
  if (found) {
    if (!isOwnedBy(found.tags, context.config.installation, envName)) {
      throw new ConflictError(`target group name ${spec.name} is taken by a target group devenv did not create`, {
        envName,
        resource: spec.name,
      });
    }
    return found;
  }
  try {
    return await router.createTargetGroup(spec);
  } catch (error) {
    if (error instanceof TargetGroupNameTakenError) {
      throw new ConflictError(`target group name ${spec.name} was taken while creating ${envName}`, { envName, resource: spec.name });
    }
    throw error;
  }
}

/**
 * Adds the host-header rule at a free priority. Concurrent creates may pick the same priority: the loser gets
 * PriorityInUse, reads the rules again and moves on, so no two environments ever share a priority. Only the rules that
 * route this host are read with their tags (is it ours, or someone else's?); `listed` is a first reading already made.
 */
export async function ensureRule(
  context: EngineContext,
  input: {
    envName: string;
    host: string;
    targetGroupArn: string;
    tags: Tags;
    listed?: Promise<ListenerRule[]>;
    fresh?: boolean;
    /** Told of a rule as soon as this call made it (for its undo), before anything else can fail. */
    onCreated?: (rule: ListenerRule) => void;
  },
): Promise<{ rule: ListenerRule; created: boolean }> {
  const { router } = context.cloud;
  const { listenerArn, instance, installation, rulePriorities } = context.config;
  // Only a spread (PriorityInUse decides who gets a priority), so the readable label is enough; ownership is the identity.
  let start = preferredPriority(instance, input.envName, rulePriorities);
  // Priorities a PriorityInUse answer named: taken, whatever an older reading of the rules says.
  const taken = new Set<number>();
  let listed = input.listed;
  if (input.fresh && input.listed) {
    const made = await createAtPreferred(context, input, start, input.listed);
    if (made) return { rule: made, created: true };
    taken.add(start);
    // Read the rules afresh: the reading under way began before our try, which may have been applied with its answer
    // lost (the retry then meets our own rule at that priority).
    listed = undefined;
  }
  for (let attempt = 0; attempt < MAX_PRIORITY_ATTEMPTS; attempt++) {
    const rules = await (listed ?? router.listRules(listenerArn, { host: input.host }));
    listed = undefined;
    const own = rules.find((rule) => isOwnedBy(rule.tags, installation, input.envName));
    if (own && own.targetGroupArns.includes(input.targetGroupArn)) {
      // A rule forwarding to a target group this call just made is this call's (its answer was lost): undone with it.
      if (input.fresh) input.onCreated?.(own);
      return { rule: own, created: Boolean(input.fresh) };
    }
    const foreign = rules.find(
      (rule) => rule !== own && rule.hostHeaders.some((header) => header.toLowerCase() === input.host),
    );
    if (foreign) {
      throw new ConflictError(`the listener already routes ${input.host} with a rule devenv did not create for ${input.envName}`, {
        envName: input.envName,
        resource: foreign.arn,
      });
    }
    const used = new Set([...rules.map((rule) => rule.priority), ...taken]);
    const priority = freePriority(used, start, rulePriorities);
    if (priority === undefined) {
      throw new BusyError(`no free listener rule priority between ${rulePriorities.min} and ${rulePriorities.max}`);
    }
    try {
      const rule = await router.createRule({ listenerArn, priority, hostHeader: input.host, targetGroupArn: input.targetGroupArn, tags: input.tags });
      input.onCreated?.(rule);
      return { rule, created: true };
    } catch (error) {
      if (!(error instanceof PriorityTakenError)) throw error;
      taken.add(priority);
      start = priority;
    }
  }
  throw new BusyError(`could not find a free listener rule priority for ${input.envName} after ${MAX_PRIORITY_ATTEMPTS} attempts; try again`, {
    envName: input.envName,
  });
}

/**
 * For a target group just made (no rule can forward to it yet): the rule is created at the preferred priority at once,
 * while the listener's rules are still being read (two or more pages once it has over 400), and the reading checks it
 * after: a rule devenv did not make that routes the host undoes ours and is a conflict. Undefined when the priority was
 * taken: the caller then reads the rules and picks a free one.
 */
async function createAtPreferred(
  context: EngineContext,
  input: { envName: string; host: string; targetGroupArn: string; tags: Tags; onCreated?: (rule: ListenerRule) => void },
  priority: number,
  listed: Promise<ListenerRule[]>,
): Promise<ListenerRule | undefined> {
  const { router } = context.cloud;
  let rule: ListenerRule;
  try {
    rule = await router.createRule({ listenerArn: context.config.listenerArn, priority, hostHeader: input.host, targetGroupArn: input.targetGroupArn, tags: input.tags });
  } catch (error) {
    if (error instanceof PriorityTakenError) return undefined;
    throw error;
  }
  // Its undo is the caller's from now on (without a caller to tell, it is undone here before an error goes up).
  const undo = input.onCreated ? (input.onCreated(rule), async () => undefined) : () => router.deleteRule(rule.arn).catch(() => undefined);
  const others = await listed.catch(async (error: unknown) => {
    await undo();
    throw error;
  });
  const foreign = others.find(
    (other) => other.arn !== rule.arn && other.hostHeaders.some((header) => header.toLowerCase() === input.host) && !isOwnedBy(other.tags, context.config.installation, input.envName),
  );
  if (foreign) {
    await undo();
    throw new ConflictError(`the listener already routes ${input.host} with a rule devenv did not create for ${input.envName}`, {
      envName: input.envName,
      resource: foreign.arn,
    });
  }
  return rule;
}

/** The first priority at or after `start` (wrapping within the range) that is not used. */
export function freePriority(used: ReadonlySet<number | 'default'>, start: number, range: { min: number; max: number }): number | undefined {
  const span = range.max - range.min + 1;
  for (let offset = 0; offset < span; offset++) {
    const candidate = range.min + ((start - range.min + offset) % span);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}
