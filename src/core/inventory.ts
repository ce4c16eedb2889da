import type { EngineContext } from './context.js';
import { environmentNames } from './names.js';
import type { HostRecords, ListenerRule, ServiceSnapshot, TargetGroupSnapshot } from './ports.js';
import { isOwnedBy, parseOwnershipRecord } from './tags.js';

/** Everything devenv made for environments, found by tag (or ownership record) and exact name. */
export interface ResourceSet {
  services: ServiceSnapshot[];
  rules: ListenerRule[];
  targetGroups: TargetGroupSnapshot[];
  records: HostRecords[];
  revisions: string[];
}

export function emptyResourceSet(): ResourceSet {
  return { services: [], rules: [], targetGroups: [], records: [], revisions: [] };
}

export function isEmpty(set: ResourceSet): boolean {
  return Object.values(set).every((list: unknown[]) => list.length === 0);
}

export function recordEnvironment(context: EngineContext, records: HostRecords): string | undefined {
  const owner = parseOwnershipRecord(records.ownership?.value);
  return owner && owner.instance === context.config.instance ? owner.environment : undefined;
}

/** One environment's resources, by exact names: the service slots, the target group name, the host, the rules' tags. */
export async function discoverEnvironment(context: EngineContext, envName: string): Promise<ResourceSet> {
  const { config, cloud } = context;
  const names = environmentNames(config.instance, envName, config.baseDomain);
  const owned = (tags: ServiceSnapshot['tags']) => isOwnedBy(tags, config.instance, envName);
  const [services, targetGroup, rules, records] = await Promise.all([
    cloud.services.describeServices(names.serviceSlots),
    cloud.router.findTargetGroup(names.targetGroup),
    cloud.router.listRules(config.listenerArn),
    cloud.dns.read(names.host),
  ]);
  const activeServices = services.filter((service) => service.status === 'ACTIVE' && owned(service.tags));
  const revisions = await Promise.all(
    activeServices.map((service) =>
      context.revisions.get(service.taskDefinitionArn, (arn) => cloud.services.describeTaskDefinition(arn)).catch(() => undefined),
    ),
  );
  return {
    services: activeServices,
    rules: rules.filter((rule) => rule.priority !== 'default' && owned(rule.tags)),
    targetGroups: targetGroup && owned(targetGroup.tags) ? [targetGroup] : [],
    records: recordEnvironment(context, records) === envName ? [records] : [],
    revisions: revisions.filter((revision) => revision && owned(revision.tags)).map((revision) => revision!.arn),
  };
}
