import type { EngineContext } from './context.js';
import { CloudError, QuotaExceededError } from './errors.js';
import type { CountsSnapshot, ServiceSnapshot } from './ports.js';
import { listEnvironmentServices } from './read-environments.js';
import { TAG } from './tags.js';

/**
 * The limits (`limits.total`, `limits.perOwner`) are kept by the installation's shared counts (ports: EnvironmentCounts),
 * never by listing the cluster: a create costs one atomic reservation however many services run beside it, and two
 * creates racing in different Lambda instances can never both take the last place.
 */
export function quotaKey(context: EngineContext): string {
  return `quota#${context.config.installation}`;
}

/** Takes a place for one more environment of `owner`, or refuses with the limit that is reached. */
export async function reserveQuota(context: EngineContext, owner: string): Promise<void> {
  const { cloud, config } = context;
  const key = quotaKey(context);
  let outcome = await cloud.counts.reserve(key, owner, config.limits);
  if (!outcome.reserved && !outcome.counts) {
    // No counts yet (the installation's first create since they exist): count what runs, once, then reserve.
    await cloud.counts.replace(key, countsOf(await listEnvironmentServices(context)), undefined);
    outcome = await cloud.counts.reserve(key, owner, config.limits);
  }
  if (!outcome.reserved && outcome.counts && hasRoom(context, owner, outcome.counts)) {
    // A destroy gave a place back between the refusal and its reading.
    outcome = await cloud.counts.reserve(key, owner, config.limits);
  }
  if (outcome.reserved) return;
  if (!outcome.counts) throw new CloudError('dynamodb:UpdateItem', `the environment counts ${key} are missing from the lock table; try again`);
  throw quotaExceeded(context, owner, outcome.counts);
}

/** Gives back the places of environments whose services are gone. Best effort: the sweep's recount corrects a miss. */
export async function releaseQuota(context: EngineContext, services: ReadonlyArray<Pick<ServiceSnapshot, 'tags'>>): Promise<void> {
  const removed = new Map<string, number>();
  for (const service of services) {
    const owner = service.tags[TAG.owner];
    if (owner !== undefined) removed.set(owner, (removed.get(owner) ?? 0) + 1);
  }
  await context.cloud.counts.release(quotaKey(context), removed).catch(() => undefined);
}

/** What the counts should say for these ACTIVE services of the installation. */
export function countsOf(services: readonly ServiceSnapshot[]): { total: number; owners: Map<string, number> } {
  const owners = new Map<string, number>();
  for (const service of services) {
    const owner = service.tags[TAG.owner];
    if (owner !== undefined) owners.set(owner, (owners.get(owner) ?? 0) + 1);
  }
  return { total: services.length, owners };
}

/**
 * The sweep's recount: the counts become what its listing found (less what it removed), unless they changed since
 * `before` was read (a create or destroy meanwhile), in which case only the removed services are given back.
 * A create whose reservation came before `before` but whose service the listing missed (made a moment later) is
 * counted again by the next sweep: until then the limit may be short of it by one.
 */
export async function recountQuota(
  context: EngineContext,
  before: CountsSnapshot | undefined,
  remaining: readonly ServiceSnapshot[],
  removed: readonly ServiceSnapshot[],
): Promise<void> {
  const counts = countsOf(remaining);
  if (before && sameCounts(before, counts)) return;
  const replaced = await context.cloud.counts.replace(quotaKey(context), counts, before?.version).catch(() => false);
  if (!replaced && before) await releaseQuota(context, removed);
}

function sameCounts(a: CountsSnapshot, b: { total: number; owners: ReadonlyMap<string, number> }): boolean {
  return a.total === b.total && a.owners.size === b.owners.size && [...b.owners].every(([owner, count]) => a.owners.get(owner) === count);
}

function hasRoom(context: EngineContext, owner: string, counts: CountsSnapshot): boolean {
  return counts.total < context.config.limits.total && (counts.owners.get(owner) ?? 0) < context.config.limits.perOwner;
}

function quotaExceeded(context: EngineContext, owner: string, counts: CountsSnapshot): QuotaExceededError {
  const { limits } = context.config;
  if (counts.total >= limits.total) {
    return new QuotaExceededError(`devenv already runs ${counts.total} environments, the most allowed; destroy one first`);
  }
  const owned = counts.owners.get(owner) ?? 0;
  if (owned >= limits.perOwner) {
    return new QuotaExceededError(`${owner} already owns ${owned} environments, the most allowed per owner; destroy one first`, { owner });
  }
  return new QuotaExceededError(`devenv is at its environment limit (creates are racing for the last places); try again`, { owner });
}
