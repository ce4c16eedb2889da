import { mapLimit } from './concurrency.js';
import type { EngineContext } from './context.js';
import type { ResourceSet } from './inventory.js';

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

/**
 * Deletes resources in the order AWS allows: DNS records, rules and services first (all DNS deletes in as few Route 53
 * changes as possible), then target groups once no rule forwards to them, then task definition revisions.
 * Every deletion is attempted; failures are reported, not thrown, so one stuck resource never shields the rest.
 */
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
      for (const records of set.records) report.failures.push({ kind: 'dns-records', id: records.host, error });
    }
  }
  const rules = mapLimit(set.rules, DELETE_CONCURRENCY, (rule) => attempt('listener-rule', rule.arn, () => cloud.router.deleteRule(rule.arn)));
  const services = mapLimit(set.services, DELETE_CONCURRENCY, (service) =>
    attempt('service', service.name, () => cloud.services.deleteService(service.name)),
  );

  const [rulesDone] = await Promise.all([rules, dns]);
  const blocked = new Set(set.rules.filter((_, index) => !rulesDone[index]).flatMap((rule) => rule.targetGroupArns));
  await mapLimit(set.targetGroups, DELETE_CONCURRENCY, (targetGroup) =>
    blocked.has(targetGroup.arn)
      ? attempt('target-group', targetGroup.name, () => Promise.reject(new Error('a listener rule that could not be deleted still forwards to it')))
      : attempt('target-group', targetGroup.name, () => cloud.router.deleteTargetGroup(targetGroup.arn)),
  );
  await services;
  await mapLimit(set.revisions, DELETE_CONCURRENCY, (arn) => attempt('task-definition', arn, () => cloud.services.deregisterRevision(arn)));
  return report;
}
