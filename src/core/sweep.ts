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
  /** Leftovers of environments that no longer exist, or of creates that crashed half-way (a service without an expiry included). */
  orphans: Removed[];
  removed: Removed[];
  failures: Array<Omit<RemovalFailure, 'error'> & { message: string }>;
}

/**
 * Destroys every expired environment and collects every orphan, in one pass over the cloud. Resources younger than the
 * grace period are left alone unless their environment expired: a create or update may still be making them.
 * A service of ours without a readable `devenv:expires-at` is a half-made environment, never "expired at epoch": it is
 * left alone for the grace period, then collected (with everything of its environment) and reported as an orphan.
 */
export async function sweep(context: EngineContext, now: Date, locks: KeyedMutex): Promise<SweepReport> {
  const { config, cloud } = context;
  const ours = (tags: Tags) => isOwnedBy(tags, config.installation);
  const [services, rules, targetGroups, records, revisions] = await Promise.all([
    listEnvironmentServices(context),
    cloud.router.listRules(config.listenerArn).then((all) => all.filter((rule) => rule.priority !== 'default' && ours(rule.tags))),
    cloud.router.listTargetGroups(TARGET_GROUP_PREFIX).then((all) => all.filter((targetGroup) => ours(targetGroup.tags))),
    cloud.dns.listOwnershipCandidates(config.baseDomain).then((all) => all.filter((candidate) => recordEnvironment(context, candidate) !== undefined)),
    appFamilies(context).then((families) => ownedRevisions(context, families)),
  ]);
  const dueness = (service: ServiceSnapshot) => serviceDueness(service, now, graceCutoff(context, now));
  const candidates = services.filter((service) => dueness(service) !== undefined);
  // Extend and update move the expiry under the environment's lock: holding the locks while the expiry is read again and
  // the environment destroyed means a listing taken before an extend never deletes the extended environment.
  return locks.runAll(
    candidates.map((service) => service.tags[TAG.environment]!),
    async () => {
      const dueServices = await stillDue(context, candidates, dueness);
      const liveServices = services.filter((service) => !dueServices.some((due) => due.arn === service.arn));
      return removeExpiredAndOrphans(context, now, { services: dueServices, rules, targetGroups, records, revisions }, liveServices, dueness);
    },
  );
}

/** Why a service goes now: its expiry passed, or it has none and is older than the grace period; undefined: it stays. */
type Dueness = 'expired' | 'half-made' | undefined;

function serviceDueness(service: ServiceSnapshot, now: Date, cutoff: number): Dueness {
  const expiresAt = tagTime(service.tags, TAG.expiresAt);
  if (expiresAt) return expiresAt.getTime() <= now.getTime() ? 'expired' : undefined;
  const createdAt = tagTime(service.tags, TAG.createdAt) ?? service.createdAt;
  return (createdAt?.getTime() ?? 0) < cutoff ? 'half-made' : undefined;
}

/** Resources made before this time are settled: no create still running can be making them. */
function graceCutoff(context: EngineContext, now: Date): number {
  return now.getTime() - context.config.orphanGraceMinutes * 60_000;
}

/** The candidates that, read again, are still due. */
async function stillDue(context: EngineContext, candidates: ServiceSnapshot[], dueness: (service: ServiceSnapshot) => Dueness): Promise<ServiceSnapshot[]> {
  if (candidates.length === 0) return [];
  const current = await context.cloud.services.describeServices(candidates.map((service) => service.name));
  return current.filter((service) => service.status === 'ACTIVE' && isOwnedBy(service.tags, context.config.installation) && dueness(service) !== undefined);
}

/** `listed.services` are the due services; everything else listed is collected when its environment goes or it is orphaned. */
async function removeExpiredAndOrphans(
  context: EngineContext,
  now: Date,
  listed: Omit<ResourceSet, 'revisions'> & { revisions: TaskDefinitionSnapshot[] },
  liveServices: ServiceSnapshot[],
  dueness: (service: ServiceSnapshot) => Dueness,
): Promise<SweepReport> {
  const { services: dueServices, rules, targetGroups, records, revisions } = listed;
  const halfMade = dueServices.filter((service) => dueness(service) === 'half-made');
  const expired = new Set(dueServices.filter((service) => dueness(service) === 'expired').map((service) => service.tags[TAG.environment]!));
  const going = new Set(dueServices.map((service) => service.tags[TAG.environment]!));
  const live = new Set(liveServices.map((service) => service.tags[TAG.environment]!));
  const liveRevisions = new Set(liveServices.map((service) => service.taskDefinitionArn));
  const cutoff = graceCutoff(context, now);
  const settled = (createdAt: Date | undefined) => (createdAt?.getTime() ?? 0) < cutoff;

  /** Collect a resource if its environment goes, or if it is settled and no live environment uses it. */
  const collect = (envName: string | undefined, createdAt: Date | undefined, inUse: boolean): boolean => {
    if (envName !== undefined && going.has(envName)) return true;
    if (envName !== undefined && live.has(envName) && inUse) return false;
    return settled(createdAt);
  };

  const set: ResourceSet = emptyResourceSet();
  const orphanIds = new Set<string>(halfMade.map((service) => service.name));
  const pick = <T>(items: T[], id: (item: T) => string, tags: (item: T) => { env?: string; createdAt?: Date }, inUse: (item: T) => boolean) =>
    items.filter((item) => {
      const { env, createdAt } = tags(item);
      if (!collect(env, createdAt, inUse(item))) return false;
      if (env === undefined || !expired.has(env)) orphanIds.add(id(item));
      return true;
    });
  const tagged = (tags: Tags) => ({ env: tags[TAG.environment], createdAt: tagTime(tags, TAG.createdAt) });
  set.services = dueServices;
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
  const isOrphan = (removed: Removed) => orphanIds.has(removed.id);
  return {
    expired: [...expired].sort(),
    orphans: report.removed.filter(isOrphan),
    removed: report.removed,
    failures: report.failures.map(({ error, ...failure }) => ({ ...failure, message: error instanceof Error ? error.message : String(error) })),
  };
}
