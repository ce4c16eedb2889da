import { mapLimit } from './concurrency.js';
import type { EngineContext } from './context.js';
import type { EnvironmentLocks } from './environment-lock.js';
import { BusyError } from './errors.js';
import { emptyResourceSet, type ResourceSet } from './inventory.js';
import { driftOf, type EnvironmentDrift } from './sweep-drift.js';
import type { ServiceSnapshot, Tags } from './ports.js';
import { placeOf, quotaKey, recountQuota, releaseQuota } from './quota.js';
import { graceCutoff, listSweepable, readAgain, serviceDueness, type Dueness, type Listed } from './sweep-listing.js';
import { plannedRemovals, removedServices, removeResources, type RemovalFailure, type RemovalReport, type Removed } from './remove-resources.js';
import { parseOwnershipRecord, TAG, tagTime } from './tags.js';

export interface SweepReport {
  /** Environments destroyed because their TTL ran out. */
  expired: string[];
  /** Leftovers of environments that no longer exist, or of creates that crashed half-way (a service without an expiry included). */
  orphans: Removed[];
  removed: Removed[];
  failures: Array<Omit<RemovalFailure, 'error'> & { message: string }>;
  /** Environments left for the next sweep: another call was writing them (their lock was held), or the run's time was up. */
  skipped: string[];
  /** Live environments with parts deleted out of band (left as they are: a PUT or repair re-creates them). */
  drift: EnvironmentDrift[];
}

export interface SweepOptions {
  /**
   * No batch of environments starts after this time (the first always runs); the environments left are reported as
   * skipped, for the next run. The scheduled sweep sets it from its Lambda's remaining time.
   */
  deadline?: Date;
}

/** What a sweep would remove now: the same choice the sweep makes, made without any write or lock. */
export interface SweepPlan {
  /** Environments whose TTL ran out. */
  expired: string[];
  /** The resources among `resources` that belong to no live environment (half-made services included). */
  orphans: Removed[];
  /** Everything the sweep would remove, expired environments' and orphans alike. */
  resources: Removed[];
  /** Live environments with parts deleted out of band, which the sweep leaves (a PUT or repair re-creates them). */
  drift: EnvironmentDrift[];
}

/**
 * The lease of the installation's one running sweep, among the environments' leases: `~` is in no environment's name.
 * A schedule of every 5 minutes and a run of up to 10 would otherwise have two sweeps spend the account's rate at once.
 */
export const SWEEP_RUN_LEASE = '~sweep';

/**
 * Destroys every expired environment and collects every orphan, in one pass over the cloud. Resources younger than the
 * grace period are left alone unless their environment expired: a create or update may still be making them.
 * A service of ours without a readable `devenv:expires-at` is a half-made environment, never "expired at epoch": it is
 * left alone for the grace period, then collected (with everything of its environment) and reported as an orphan.
 * One sweep of an installation runs at a time, in any process: another one meanwhile fails busy and changes nothing.
 */
export function sweep(context: EngineContext, now: Date, locks: EnvironmentLocks, options: SweepOptions = {}): Promise<SweepReport> {
  return locks.runWithFree([SWEEP_RUN_LEASE], 'sweep', async (held) => {
    if (!held.has(SWEEP_RUN_LEASE)) throw new BusyError('another sweep of this installation is running; it does the work, and the next run goes on from there');
    return sweepOnce(context, now, locks, options);
  });
}

async function sweepOnce(context: EngineContext, now: Date, locks: EnvironmentLocks, { deadline }: SweepOptions): Promise<SweepReport> {
  // The counts are read before the listing starts, so a create or destroy after the reading shows in their version, and
  // one before it shows in the listing or among the reservations of creates under way (quota.ts).
  const before = await context.cloud.counts.read(quotaKey(context)).catch(() => null);
  const { services, listed } = await listSweepable(context, now);
  const dueness = (service: ServiceSnapshot) => serviceDueness(service, now, graceCutoff(context, now));
  // The listing says which environments the sweep would touch. Each is then read again under its shared lock and planned
  // anew, so a create, update, extend or destroy that finished in between (in any process) is seen and never undone;
  // one that is running now holds its lock, and its environment is left for the next sweep. The environments go a group
  // at a time: the group's leases taken together, its DNS records deleted in one Route 53 change, then the rest of it
  // a batch at a time, each batch's leases given back once it is removed.
  const first = plan(context, now, services, listed, dueness, () => true);
  const report: SweepReport = { expired: [], orphans: [], removed: [], failures: [], skipped: [], drift: [] };
  const stillThere = new Map(services.map((service) => [service.name, service]));
  const removedNow: ServiceSnapshot[] = [];
  // Environments read again under their lock: the listing's parts are older than their service, so no drift is told of them.
  const readAgainUnderLock = new Set<string>();
  let started = false;
  const pastDeadline = () => started && deadline !== undefined && context.clock.now().getTime() >= deadline.getTime();
  const record = (removal: RemovalReport, orphanIds: ReadonlySet<string>) => {
    report.orphans.push(...removal.removed.filter((removed) => orphanIds.has(removed.id)));
    report.removed.push(...removal.removed);
    report.failures.push(...removal.failures.map(({ error, ...failure }) => ({ ...failure, message: error instanceof Error ? error.message : String(error) })));
  };
  for (const [groupIndex, group] of chunk(first.environments, SWEEP_GROUP).entries()) {
    if (pastDeadline()) {
      report.skipped.push(...group);
      continue;
    }
    await locks.runWithFree(group, 'sweep', async (held, release) => {
      const current = await readAgain(context, [...held], services);
      for (const envName of held) readAgainUnderLock.add(envName);
      for (const service of services) if (held.has(service.tags[TAG.environment]!)) stillThere.delete(service.name);
      for (const service of current) stillThere.set(service.name, service);
      const known = [...services.filter((service) => !held.has(service.tags[TAG.environment]!)), ...current];
      const planFor = (allowed: ReadonlySet<string>, strays: boolean) => plan(context, now, known, listed, dueness, (envName) => allowed.has(envName), { strays });
      const dns = planFor(held, false);
      // Environments read again as live with nothing to remove (extended, re-created) are let go at once.
      const touched = environmentsIn(dns.set, listed);
      await release([...held].filter((envName) => !touched.has(envName)));
      // A live environment loses only leftover revisions: each is let go once its own are removed, before the group's DNS
      // change and batches, so a PUT or extend of it waits seconds, not the minutes the other environments take.
      const live = new Set(current.filter((service) => dueness(service) === undefined).map((service) => service.tags[TAG.environment]!));
      await mapLimit([...held].filter((envName) => touched.has(envName) && live.has(envName)).sort(), LIVE_CONCURRENCY, async (envName) => {
        // Leftovers of a live environment are never urgent: past the deadline they wait for the next run.
        if (deadline === undefined || context.clock.now().getTime() < deadline.getTime()) {
          const { set, orphanIds } = planFor(new Set([envName]), false);
          record(await removeResources(context, { ...set, records: [] }), orphanIds);
        }
        await release([envName]);
      });
      record(await removeResources(context, { ...emptyResourceSet(), records: dns.set.records }), dns.orphanIds);
      for (const [batchIndex, batch] of chunk([...held].filter((envName) => touched.has(envName) && !live.has(envName)).sort(), SWEEP_BATCH).entries()) {
        if (pastDeadline()) {
          // Out of time for this run (a Lambda's timeout): the rest is the next run's, reported as skipped.
          report.skipped.push(...batch);
          continue;
        }
        started = true;
        // Resources of no environment at all go with the first batch.
        const { set, expired, orphanIds } = planFor(new Set(batch), groupIndex === 0 && batchIndex === 0);
        const removal = await removeResources(context, { ...set, records: [] });
        const gone = removedServices(set.services, removal.removed);
        removedNow.push(...gone);
        for (const service of gone) stillThere.delete(service.name);
        report.expired.push(...expired);
        record(removal, orphanIds);
        await release(batch);
      }
      report.skipped.push(...group.filter((envName) => !held.has(envName)));
    });
  }
  const remaining = [...stillThere.values()];
  if (before !== null) await recountQuota(context, before, remaining, removedNow);
  else await releaseQuota(context, removedNow.flatMap((service) => placeOf(service) ?? []));
  const drift = driftOf(context, remaining.filter((service) => !readAgainUnderLock.has(service.tags[TAG.environment]!)), listed);
  return { ...report, expired: report.expired.sort(), drift };
}

/**
 * Environments per group of the sweep: their leases are taken together and their DNS records deleted in one Route 53
 * change (up to 500 records, within its limits of 1,000 records and 32,000 characters), so 1,000 environments cost
 * four change requests.
 */
const SWEEP_GROUP = 250;

/**
 * Time a caller keeps back from its own timeout when it sets a sweep's deadline: no batch starts later, since one batch
 * at devenv's share of the account's API rate can take minutes (see SWEEP_BATCH).
 */
export const LAST_BATCH_SECONDS = 240;

/**
 * Environments per batch within a group: their services, rules, target groups and revisions are removed together and
 * their leases given back. At devenv's default share of the account's rate a batch takes two to three minutes (ECS
 * allows one deregistration a second per account; devenv takes a fifth), within the time the scheduled sweep keeps back
 * before its timeout.
 */
const SWEEP_BATCH = 25;

/** Live environments whose leftover revisions are removed at once (each lease given back as soon as its own are gone). */
const LIVE_CONCURRENCY = 5;

/** The environments a plan's resources belong to. */
function environmentsIn(set: ResourceSet, listed: Listed): Set<string> {
  const revisions = new Set(set.revisions);
  const tagged = [...set.services, ...set.rules, ...set.targetGroups, ...listed.revisions.filter((revision) => revisions.has(revision.arn))].map(
    (resource) => resource.tags[TAG.environment],
  );
  const recorded = set.records.map((records) => parseOwnershipRecord(records.ownership?.value)?.environment);
  return new Set([...tagged, ...recorded].filter((envName): envName is string => envName !== undefined));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks.length > 0 ? chunks : [[]];
}

/**
 * The sweep's choice without its writes (a dry run): the same listing and plan, no lock, no change. Run at the same
 * moment on an unchanged cloud with no other write under way, the sweep removes exactly `resources`.
 */
export async function planSweep(context: EngineContext, now: Date): Promise<SweepPlan> {
  const { services, listed } = await listSweepable(context, now);
  const dueness = (service: ServiceSnapshot) => serviceDueness(service, now, graceCutoff(context, now));
  const { set, expired, orphanIds } = plan(context, now, services, listed, dueness, () => true);
  const resources = plannedRemovals(set);
  return {
    expired: [...expired].sort(),
    orphans: resources.filter((resource) => orphanIds.has(resource.id)),
    resources,
    drift: driftOf(context, services.filter((service) => !set.services.includes(service)), listed),
  };
}

interface Plan {
  set: ResourceSet;
  expired: Set<string>;
  orphanIds: Set<string>;
  /** Every environment the plan touches. */
  environments: string[];
}

/**
 * What to remove: the due services (expired, or half-made past the grace period) with everything of their environments, and whatever is settled and used by no
 * live environment. Only environments `allowed` says are touched (resources without an environment tag always are).
 */
function plan(
  context: EngineContext,
  now: Date,
  services: readonly ServiceSnapshot[],
  listed: Listed,
  dueness: (service: ServiceSnapshot) => Dueness,
  allowed: (envName: string) => boolean,
  { strays = true }: { strays?: boolean } = {},
): Plan {
  const envOf = (service: ServiceSnapshot) => service.tags[TAG.environment]!;
  const dueServices = services.filter((service) => dueness(service) !== undefined && allowed(envOf(service)));
  const liveServices = services.filter((service) => dueness(service) === undefined);
  const expired = new Set(dueServices.filter((service) => dueness(service) === 'expired').map(envOf));
  const going = new Set(dueServices.map(envOf));
  const live = new Set(liveServices.map(envOf));
  const liveRevisions = new Set(liveServices.map((service) => service.taskDefinitionArn));
  const cutoff = graceCutoff(context, now);
  const settled = (createdAt: Date | undefined) => (createdAt?.getTime() ?? 0) < cutoff;

  /** Collect a resource if its environment goes, or if it is settled and no live environment uses it. */
  const collect = (envName: string | undefined, createdAt: Date | undefined, inUse: boolean): boolean => {
    if (envName === undefined && !strays) return false;
    if (envName !== undefined && !allowed(envName)) return false;
    if (envName !== undefined && going.has(envName)) return true;
    if (envName !== undefined && live.has(envName) && inUse) return false;
    return settled(createdAt);
  };

  const set: ResourceSet = emptyResourceSet();
  const orphanIds = new Set<string>(dueServices.filter((service) => dueness(service) === 'half-made').map((service) => service.name));
  const environments = new Set(going);
  const pick = <T>(items: T[], id: (item: T) => string, tags: (item: T) => { env?: string; createdAt?: Date }, inUse: (item: T) => boolean) =>
    items.filter((item) => {
      const { env, createdAt } = tags(item);
      if (!collect(env, createdAt, inUse(item))) return false;
      if (env === undefined || !expired.has(env)) orphanIds.add(id(item));
      if (env !== undefined) environments.add(env);
      return true;
    });
  const tagged = (tags: Tags) => ({ env: tags[TAG.environment], createdAt: tagTime(tags, TAG.createdAt) });
  set.services = dueServices;
  set.rules = pick(listed.rules, (rule) => rule.arn, (rule) => tagged(rule.tags), () => true);
  set.targetGroups = pick(listed.targetGroups, (targetGroup) => targetGroup.name, (targetGroup) => tagged(targetGroup.tags), () => true);
  set.records = pick(
    listed.records,
    (candidate) => candidate.host,
    (candidate) => {
      const owner = parseOwnershipRecord(candidate.ownership?.value)!;
      return { env: owner.environment, createdAt: new Date(owner.createdAt) };
    },
    () => true,
  );
  set.revisions = pick(listed.revisions, (revision) => revision.arn, (revision) => tagged(revision.tags), (revision) => liveRevisions.has(revision.arn)).map(
    (revision) => revision.arn,
  );
  return { set, expired, orphanIds, environments: [...environments].sort() };
}
