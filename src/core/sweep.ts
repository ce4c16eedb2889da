import type { KeyedMutex } from './concurrency.js';
import type { EngineContext } from './context.js';
import { appFamilies, emptyResourceSet, ownedRevisions, recordEnvironment, type ResourceSet } from './inventory.js';
import { TARGET_GROUP_PREFIX } from './names.js';
import type { ServiceSnapshot, Tags, TaskDefinitionSnapshot } from './ports.js';
import { listEnvironmentServices } from './read-environments.js';
import { removeResources, type RemovalFailure, type Removed } from './remove-resources.js';
import { isOwnedBy, parseOwnershipRecord, TAG, tagTime } from './tags.js';

export interface SweepReport {
  /** Environments destroyed because their TTL ran out. */
  expired: string[];
  /** Leftovers of environments that no longer exist, or of creates that crashed half-way. */
  orphans: Removed[];
  removed: Removed[];
  failures: Array<Omit<RemovalFailure, 'error'> & { message: string }>;
}

/**
 * Destroys every expired environment and collects every orphan, in one pass over the cloud. Resources younger than the
 * grace period are left alone unless their environment expired: a create or update may still be making them.
 */
export async function sweep(context: EngineContext, now: Date, locks: KeyedMutex): Promise<SweepReport> {
  const { config, cloud } = context;
  const ours = (tags: Tags) => isOwnedBy(tags, config.instance);
  const [services, rules, targetGroups, records, revisions] = await Promise.all([
    listEnvironmentServices(context),
    cloud.router.listRules(config.listenerArn).then((all) => all.filter((rule) => rule.priority !== 'default' && ours(rule.tags))),
    cloud.router.listTargetGroups(TARGET_GROUP_PREFIX).then((all) => all.filter((targetGroup) => ours(targetGroup.tags))),
    cloud.dns.listOwnershipCandidates().then((all) => all.filter((candidate) => recordEnvironment(context, candidate) !== undefined)),
    appFamilies(context).then((families) => ownedRevisions(context, families)),
  ]);
  const isExpired = (tags: Tags) => (tagTime(tags, TAG.expiresAt)?.getTime() ?? 0) <= now.getTime();
  const candidates = services.filter((service) => isExpired(service.tags));
  // Extend and update move the expiry under the environment's lock: holding the locks while the expiry is read again and
  // the environment destroyed means a listing taken before an extend never deletes the extended environment.
  return locks.runAll(
    candidates.map((service) => service.tags[TAG.environment]!),
    async () => {
      const expiredServices = await stillExpired(context, candidates, isExpired);
      const liveServices = services.filter((service) => !expiredServices.some((expired) => expired.arn === service.arn));
      return removeExpiredAndOrphans(context, now, { services: expiredServices, rules, targetGroups, records, revisions }, liveServices);
    },
  );
}

/** The candidates whose expiry, read again, has still passed. */
async function stillExpired(context: EngineContext, candidates: ServiceSnapshot[], isExpired: (tags: Tags) => boolean): Promise<ServiceSnapshot[]> {
  if (candidates.length === 0) return [];
  const current = await context.cloud.services.describeServices(candidates.map((service) => service.name));
  return current.filter((service) => service.status === 'ACTIVE' && isOwnedBy(service.tags, context.config.instance) && isExpired(service.tags));
}

/** `listed.services` are the expired services; everything else listed is collected when expired or orphaned. */
async function removeExpiredAndOrphans(
  context: EngineContext,
  now: Date,
  listed: Omit<ResourceSet, 'revisions'> & { revisions: TaskDefinitionSnapshot[] },
  liveServices: ServiceSnapshot[],
): Promise<SweepReport> {
  const { config } = context;
  const { services: expiredServices, rules, targetGroups, records, revisions } = listed;
  const expired = new Set(expiredServices.map((service) => service.tags[TAG.environment]!));
  const live = new Set(liveServices.map((service) => service.tags[TAG.environment]!));
  const liveRevisions = new Set(liveServices.map((service) => service.taskDefinitionArn));
  const cutoff = now.getTime() - config.orphanGraceMinutes * 60_000;
  const settled = (createdAt: Date | undefined) => (createdAt?.getTime() ?? 0) < cutoff;

  /** Collect a resource if its environment expired, or if it is settled and no live environment uses it. */
  const collect = (envName: string | undefined, createdAt: Date | undefined, inUse: boolean): boolean => {
    if (envName !== undefined && expired.has(envName)) return true;
    if (envName !== undefined && live.has(envName) && inUse) return false;
    return settled(createdAt);
  };

  const set: ResourceSet = emptyResourceSet();
  const orphanIds = new Set<string>();
  const pick = <T>(items: T[], id: (item: T) => string, tags: (item: T) => { env?: string; createdAt?: Date }, inUse: (item: T) => boolean) =>
    items.filter((item) => {
      const { env, createdAt } = tags(item);
      if (!collect(env, createdAt, inUse(item))) return false;
      if (env === undefined || !expired.has(env)) orphanIds.add(id(item));
      return true;
    });
  const tagged = (tags: Tags) => ({ env: tags[TAG.environment], createdAt: tagTime(tags, TAG.createdAt) });
  set.services = expiredServices;
  set.rules = pick(rules, (rule) => rule.arn, (rule) => tagged(rule.tags), () => true);
  set.targetGroups = pick(targetGroups, (targetGroup) => targetGroup.name, (targetGroup) => tagged(targetGroup.tags), () => true);
  set.records = pick(
    records,
    (candidate) => candidate.host,
    (candidate) => {
      const owner = parseOwnershipRecord(candidate.ownership?.value)!;
      return { env: owner.environment, createdAt: new Date(owner.createdAt) };
    },
    () => true,
  );
  set.revisions = pick(revisions, (revision) => revision.arn, (revision) => tagged(revision.tags), (revision) => liveRevisions.has(revision.arn)).map(
    (revision) => revision.arn,
  );

  const report = await removeResources(context, set);
  const isOrphan = (removed: Removed) => removed.kind !== 'service' && orphanIds.has(removed.id);
  return {
    expired: [...expired].sort(),
    orphans: report.removed.filter(isOrphan),
    removed: report.removed,
    failures: report.failures.map(({ error, ...failure }) => ({ ...failure, message: error instanceof Error ? error.message : String(error) })),
  };
}
