import { mapLimit } from './concurrency.js';
import type { EngineContext } from './context.js';
import { hostsLeftBy } from './errors.js';
import type { ResourceSet } from './inventory.js';
import type { ListenerRule, ServiceSnapshot } from './ports.js';

const DELETE_CONCURRENCY = 5;

export interface Removed {
  kind: 'dns-records' | 'listener-rule' | 'service' | 'target-group' | 'task-definition';
  id: string;
}

export interface RemovalFailure extends Removed {
  error: unknown;
}

export interface RemovalReport {
  removed: Removed[];
  failures: RemovalFailure[];
}

/** What `removeResources` reports as removed when every deletion succeeds: the ids a dry run shows. */
export function plannedRemovals(set: ResourceSet): Removed[] {
  return [
    ...set.records.map((records) => ({ kind: 'dns-records' as const, id: records.host })),
    ...set.rules.map((rule) => ({ kind: 'listener-rule' as const, id: rule.arn })),
    ...set.services.map((service) => ({ kind: 'service' as const, id: service.name })),
    ...set.targetGroups.map((targetGroup) => ({ kind: 'target-group' as const, id: targetGroup.name })),
    ...set.revisions.map((arn) => ({ kind: 'task-definition' as const, id: arn })),
  ];
}

/**
 * Deletes resources in the order AWS allows: DNS records, rules and services first (all DNS deletes in as few Route 53
 * changes as possible), then, at once, target groups no rule forwards to and no service uses any more, and task definition
 * revisions no remaining service runs.
 * Every deletion is attempted; failures are reported, not thrown, so one stuck resource never shields the rest.
 */
/** The services among `services` that `removed` reports gone. */
export function removedServices(services: readonly ServiceSnapshot[], removed: readonly Removed[]): ServiceSnapshot[] {
  const gone = new Set(removed.filter((each) => each.kind === 'service').map((each) => each.id));
  return services.filter((service) => gone.has(service.name));
}

export async function removeResources(context: EngineContext, set: ResourceSet): Promise<RemovalReport> {
  const { cloud } = context;
  const report: RemovalReport = { removed: [], failures: [] };
  const attempt = async (kind: Removed['kind'], id: string, work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      report.removed.push({ kind, id });
      return true;
    } catch (error) {
      report.failures.push({ kind, id, error });
      return false;
    }
  };

  const dns = set.records.length ? removeRecords() : Promise.resolve();
  async function removeRecords(): Promise<void> {
    try {
      await cloud.dns.remove(set.records);
      for (const records of set.records) report.removed.push({ kind: 'dns-records', id: records.host });
    } catch (error) {
      // Hosts of the same request that did go are removed, not failed: only those left in place are tried again.
      const left = hostsLeftBy(error);
      for (const records of set.records) {
        if (left && !left.includes(records.host)) report.removed.push({ kind: 'dns-records', id: records.host });
        else report.failures.push({ kind: 'dns-records', id: records.host, error });
      }
    }
  }
  const rules = mapLimit(set.rules, DELETE_CONCURRENCY, (rule) => attempt('listener-rule', rule.arn, () => cloud.router.deleteRule(rule.arn)));
  const services = mapLimit(set.services, DELETE_CONCURRENCY, (service) =>
    attempt('service', service.name, () => cloud.services.deleteService(service.name)),
  );

  const [rulesDone, servicesDone] = await Promise.all([rules, services, dns]);
  const inUse = stillInUse(
    set.rules.filter((_, index) => !rulesDone[index]),
    set.services.filter((_, index) => !servicesDone[index]),
  );
  const removeUnlessInUse = (kind: Removed['kind'], id: string, arn: string, remove: () => Promise<void>) => {
    const user = inUse.get(arn);
    return attempt(kind, id, user === undefined ? remove : () => Promise.reject(new Error(user)));
  };
  // Target groups (ELBv2) and revisions (ECS) wait only for the first phase, not for each other.
  await Promise.all([
    mapLimit(set.targetGroups, DELETE_CONCURRENCY, (targetGroup) =>
      removeUnlessInUse('target-group', targetGroup.name, targetGroup.arn, () => cloud.router.deleteTargetGroup(targetGroup.arn)),
    ),
    mapLimit(set.revisions, DELETE_CONCURRENCY, (arn) => removeUnlessInUse('task-definition', arn, arn, () => cloud.services.deregisterRevision(arn))),
  ]);
  return report;
}

/**
 * Target groups and revisions that must stay, and why: a rule or service that could not be deleted still uses them.
 * A service left without its target group or revision could neither run nor be read; a retry or the sweep removes all.
 */
function stillInUse(rules: readonly ListenerRule[], services: readonly ServiceSnapshot[]): Map<string, string> {
  const inUse = new Map<string, string>();
  for (const rule of rules) {
    for (const arn of rule.targetGroupArns) inUse.set(arn, 'a listener rule that could not be deleted still forwards to it');
  }
  for (const service of services) {
    const reason = `service ${service.name} could not be deleted and still uses it`;
    for (const link of service.loadBalancers) inUse.set(link.targetGroupArn, reason);
    inUse.set(service.taskDefinitionArn, reason);
  }
  return inUse;
}
