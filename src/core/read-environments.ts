import { mapLimit } from './concurrency.js';
import type { EngineContext } from './context.js';
import { deriveStatus, describeEnvironment, type Environment, type EnvironmentStatus } from './environment.js';
import { ConflictError, NotFoundError } from './errors.js';
import { missingParts, readPartsInBulk, readPartsOf, type PartsView } from './drift.js';
import { imagesFromTag } from './images-tag.js';
import { environmentNames, SERVICE_NAME_PREFIX } from './names.js';
import type { ServiceSnapshot, TargetHealth, TrafficRouter } from './ports.js';
import { isOwnedBy, TAG } from './tags.js';

const READ_CONCURRENCY = 8;

export interface EnvironmentSlots {
  /** The ACTIVE service devenv made for this environment, if any. */
  active?: ServiceSnapshot;
  /** The first slot name that is neither ACTIVE nor DRAINING, for a new service. */
  freeSlot?: string;
}

/** Looks up an environment's service by exact names (one DescribeServices call covers every slot). */
export async function findEnvironmentService(context: EngineContext, envName: string): Promise<EnvironmentSlots> {
  const { serviceSlots } = environmentNames(context.config.installation, envName, context.config.baseDomain);
  const found = await context.cloud.services.describeServices(serviceSlots);
  const byName = new Map(found.map((service) => [service.name, service]));
  const active = found.filter((service) => service.status === 'ACTIVE');
  assertNoForeignService(context, envName, active);
  const busy = (name: string) => {
    const status = byName.get(name)?.status;
    return status === 'ACTIVE' || status === 'DRAINING';
  };
  const freeSlot = serviceSlots.find((name) => !busy(name));
  return { ...(active[0] ? { active: active[0] } : {}), ...(freeSlot ? { freeSlot } : {}) };
}

/** An ACTIVE service in one of the environment's slots that devenv did not make: the name is someone else's (GET, PUT and DELETE alike). */
export function assertNoForeignService(context: EngineContext, envName: string, services: readonly ServiceSnapshot[]): void {
  const foreign = services.find((service) => service.status === 'ACTIVE' && !isOwnedBy(service.tags, context.config.installation, envName));
  if (foreign) {
    throw new ConflictError(`ECS service ${foreign.name} exists but devenv did not create it for ${envName}`, {
      envName,
      resource: foreign.arn,
    });
  }
}

/**
 * One environment as shown. `parts` says how drift is checked: `'read'` reads the environment's own parts (a single
 * GET), a view serves many environments from bulk reads (list), and none trusts them (right after a write that made or
 * repaired them). `targetHealth: false` (a list) reads status from the service alone: a deployment's rolloutState
 * turns COMPLETED only once its tasks passed the load balancer's health checks, so a list of many environments needs
 * no DescribeTargetHealth per environment; a single GET still asks, for the reason in its words.
 */
export async function buildEnvironment(
  context: EngineContext,
  service: ServiceSnapshot,
  parts?: PartsView | Promise<PartsView> | 'read',
  { targetHealth = true }: { targetHealth?: boolean } = {},
): Promise<Environment> {
  const { services, router } = context.cloud;
  const targetGroupArn = service.loadBalancers[0]?.targetGroupArn;
  // Target health can only turn "running" into something else: a service still rolling out or failed needs none.
  const asked = targetGroupArn && targetHealth && deriveStatus(service, undefined).status === 'running';
  // A list takes the images from the service's own tag while it names the revision the service runs.
  const tagged = targetHealth ? undefined : imagesFromTag(service.tags, service.taskDefinitionArn);
  const [taskDefinition, targets, view] = await Promise.all([
    tagged ? undefined : context.revisions.get(service.taskDefinitionArn, (arn) => services.describeTaskDefinition(arn)).catch(() => undefined),
    asked ? targetHealthOrMissing(router, targetGroupArn) : Promise.resolve(undefined),
    parts === 'read' ? readPartsOf(context, service) : parts,
  ]);
  const envName = service.tags[TAG.environment] ?? service.name;
  const host = targetGroupArn ? environmentNames(context.config.installation, envName, context.config.baseDomain).host : undefined;
  const missing = view ? missingParts(context, service, withTargetHealth(view, targets)) : [];
  return describeEnvironment({ service, taskDefinition, ...(tagged ? { images: tagged } : {}), targets, host, scheme: context.config.urlScheme, missing });
}

/** A target group whose health could not be read because it is gone is missing whatever the view says. */
function withTargetHealth(view: PartsView, targets: readonly TargetHealth[] | { missing: string } | undefined): PartsView {
  const gone = Boolean(targets && 'missing' in targets);
  return { ...view, targetGroupExists: (arn) => (gone ? false : view.targetGroupExists(arn)), ruleForwardsTo: (arn) => !gone && view.ruleForwardsTo(arn) };
}

/** A destroy that stopped half-way can leave a service without its target group: that environment is failed, not unreadable. */
async function targetHealthOrMissing(router: TrafficRouter, targetGroupArn: string): Promise<TargetHealth[] | { missing: string }> {
  try {
    return await router.targetHealth(targetGroupArn);
  } catch (error) {
    if (error instanceof NotFoundError) return { missing: `target group ${targetGroupArn}` };
    throw error;
  }
}

export async function getEnvironment(context: EngineContext, envName: string): Promise<Environment> {
  const { active } = await findEnvironmentService(context, envName);
  if (!active) throw new NotFoundError(`environment ${envName} does not exist`, { envName });
  return buildEnvironment(context, active, 'read');
}

export interface ListFilter {
  owner?: string;
  app?: string;
  status?: EnvironmentStatus;
}

/** Every ACTIVE service this installation tagged as an environment. */
export async function listEnvironmentServices(context: EngineContext): Promise<ServiceSnapshot[]> {
  // The team's own services in the cluster are listed (ECS has no filter) but never described.
  const all = await context.cloud.services.listServices({ namePrefix: SERVICE_NAME_PREFIX });
  return all.filter((service) => service.status === 'ACTIVE' && isOwnedBy(service.tags, context.config.installation));
}

export async function listEnvironments(context: EngineContext, filter: ListFilter = {}): Promise<Environment[]> {
  const services = (await listEnvironmentServices(context)).filter(
    (service) =>
      (filter.owner === undefined || service.tags[TAG.owner] === filter.owner) &&
      (filter.app === undefined || service.tags[TAG.app] === filter.app),
  );
  // Drift from two bulk reads for the whole list (beside the per-environment reads, not before them), never per environment.
  const parts = services.some((service) => service.loadBalancers.length > 0) ? readPartsInBulk(context) : undefined;
  parts?.catch(() => undefined);
  const environments = await mapLimit(services, READ_CONCURRENCY, (service) => buildEnvironment(context, service, parts, { targetHealth: false }));
  return environments
    .filter((environment) => filter.status === undefined || environment.status === filter.status)
    .sort((a, b) => a.name.localeCompare(b.name));
}
