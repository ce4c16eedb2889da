import type { EngineContext } from './context.js';
import { QuotaExceededError } from './errors.js';
import type { ServiceSnapshot } from './ports.js';
import { listEnvironmentServices } from './read-environments.js';
import { TAG } from './tags.js';

/** Before a create: refuses when the installation or the owner has as many environments as allowed. */
export async function assertWithinQuota(context: EngineContext, owner: string): Promise<void> {
  assertCount(context, owner, await listEnvironmentServices(context));
}

/**
 * After a create made its service. The check before it cannot see creates racing it, in this process or in another
 * Lambda; now every service made before ours is visible, so counting the services made no later than ours decides the
 * same way for every racer which of them go over the limit. A tie counts against us: two creates in one millisecond may
 * both give way, but the limit is never exceeded.
 */
export async function assertCreatedWithinQuota(context: EngineContext, owner: string, ours: ServiceSnapshot): Promise<void> {
  const madeAt = ours.createdAt?.getTime();
  if (madeAt === undefined) return;
  const services = await listEnvironmentServices(context);
  const madeBefore = services.filter((service) => service.name !== ours.name && (service.createdAt?.getTime() ?? 0) <= madeAt);
  assertCount(context, owner, madeBefore, ' (a create that raced this one got there first)');
}

function assertCount(context: EngineContext, owner: string, existing: readonly ServiceSnapshot[], why = ''): void {
  const { limits } = context.config;
  if (existing.length >= limits.total) {
    throw new QuotaExceededError(`devenv already runs ${existing.length} environments, the most allowed${why}; destroy one first`);
  }
  const owned = existing.filter((service) => service.tags[TAG.owner] === owner).length;
  if (owned >= limits.perOwner) {
    throw new QuotaExceededError(`${owner} already owns ${owned} environments, the most allowed per owner${why}; destroy one first`, { owner });
  }
}
