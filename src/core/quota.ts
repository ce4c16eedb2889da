import type { EngineContext } from './context.js';
import { CloudError, QuotaExceededError } from './errors.js';
import type { CountedReservation, CountsSnapshot, ServiceSnapshot } from './ports.js';
import { listEnvironmentServices } from './read-environments.js';
import { TAG } from './tags.js';

/**
 * The limits (`limits.total`, `limits.perOwner`) are kept by the installation's shared counts (ports: EnvironmentCounts),
 * never by listing the cluster: a create costs one atomic reservation however many services run beside it, and two
 * creates racing in different Lambda instances can never both take the last place. Each place is held under the create
 * id of the create that took it (the service's `devenv:create-id`), so giving it back twice gives back one.
 */
export function quotaKey(context: EngineContext): string {
  return `quota#${context.config.installation}`;
}

/**
 * How long after its reservation a place without a service still counts, as a create under way: longer than any create
 * can run (seconds; minutes when the account throttles), so a Lambda's longest run (15 minutes: a create reserves and
 * makes its service in one invocation) and a minute for clocks. A shorter bound let the recount drop the place of a
 * slow create whose service came after it, and the owner go past the limit. A place older than that with no service
 * behind it (a crash, a service deleted by hand) is dropped by the sweep's recount.
 */
export const CREATE_UNDER_WAY_MS = 16 * 60_000;

/** A place in the counts: the create id it is held under, and its owner. */
export interface QuotaPlace {
  id: string;
  owner: string;
}

/** Takes a place for one more environment of `owner` under `id`, or refuses with the limit that is reached. */
export async function reserveQuota(context: EngineContext, place: QuotaPlace): Promise<void> {
  const { cloud, config, clock } = context;
  const key = quotaKey(context);
  const reservation = { ...place, at: clock.now() };
  let outcome = await cloud.counts.reserve(key, reservation, config.limits);
  if (!outcome.reserved && !outcome.counts) {
    // No counts yet (the installation's first create since they exist): count what runs, once, then reserve.
    await cloud.counts.replace(key, reservationsOf(await listEnvironmentServices(context)), undefined);
    outcome = await cloud.counts.reserve(key, reservation, config.limits);
  }
  if (!outcome.reserved && outcome.counts && hasRoom(context, place.owner, outcome.counts)) {
    // A destroy gave a place back between the refusal and its reading.
    outcome = await cloud.counts.reserve(key, reservation, config.limits);
  }
  if (outcome.reserved) return;
  if (!outcome.counts) throw new CloudError('dynamodb:UpdateItem', `the environment counts ${key} are missing from the lock table; try again`);
  throw quotaExceeded(context, place.owner, outcome.counts);
}

/** Gives back these places, each at most once. Best effort: the sweep's recount corrects a miss. */
export async function releaseQuota(context: EngineContext, places: readonly QuotaPlace[]): Promise<void> {
  const key = quotaKey(context);
  await Promise.all(places.map((place) => context.cloud.counts.release(key, place).catch(() => undefined)));
}

/** The place a service of ours holds: under its create id (its name, for a service made without one). */
export function placeOf(service: Pick<ServiceSnapshot, 'name' | 'tags'>): QuotaPlace | undefined {
  const owner = service.tags[TAG.owner];
  return owner === undefined ? undefined : { id: service.tags[TAG.createId] ?? service.name, owner };
}

/** The places these ACTIVE services of the installation hold. */
export function reservationsOf(services: readonly ServiceSnapshot[]): Map<string, CountedReservation> {
  const reservations = new Map<string, CountedReservation>();
  for (const service of services) {
    const place = placeOf(service);
    if (place) reservations.set(place.id, { owner: place.owner, at: service.createdAt?.getTime() ?? 0 });
  }
  return reservations;
}

/**
 * The sweep's recount, from the counts read before its listing (`before`) and the services left after it: the places
 * those services hold, and the places of creates still under way (reserved within CREATE_UNDER_WAY_MS, their service
 * not listed yet). Written only if no create or destroy changed the counts since `before`; otherwise the removed services'
 * places are given back one by one (each once) and the next sweep recounts.
 */
export async function recountQuota(
  context: EngineContext,
  before: CountsSnapshot | undefined,
  remaining: readonly ServiceSnapshot[],
  removed: readonly ServiceSnapshot[],
): Promise<void> {
  const reservations = reservationsOf(remaining);
  const underWay = context.clock.now().getTime() - CREATE_UNDER_WAY_MS;
  for (const [id, reservation] of before?.reservations ?? []) {
    if (!reservations.has(id) && reservation.at > underWay && !removed.some((service) => placeOf(service)?.id === id)) reservations.set(id, reservation);
  }
  if (before && sameCounts(before, reservations)) return;
  const replaced = await context.cloud.counts.replace(quotaKey(context), reservations, before?.version).catch(() => false);
  if (!replaced) await releaseQuota(context, removed.flatMap((service) => placeOf(service) ?? []));
}

function sameCounts(counts: CountsSnapshot, reservations: ReadonlyMap<string, CountedReservation>): boolean {
  const owners = new Map<string, number>();
  for (const { owner } of reservations.values()) owners.set(owner, (owners.get(owner) ?? 0) + 1);
  return (
    counts.total === reservations.size &&
    counts.reservations.size === reservations.size &&
    [...reservations.keys()].every((id) => counts.reservations.has(id)) &&
    counts.owners.size === owners.size &&
    [...owners].every(([owner, count]) => counts.owners.get(owner) === count)
  );
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
