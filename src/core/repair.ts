import type { Baseline } from './baseline.js';
import { allSettledOrThrow } from './concurrency.js';
import type { EngineContext } from './context.js';
import { assertNoForeignRecords } from './dns-claim.js';
import { missingParts, readPartsOf, type KnownParts, type MissingPart } from './drift.js';
import { ConflictError, NotFoundError, RecordExistsError } from './errors.js';
import { environmentNames } from './names.js';
import type { HostRecords, ServiceSnapshot } from './ports.js';
import { ensureRule, ensureTargetGroup, targetGroupSpecFor } from './routing.js';
import { formatOwnershipRecord, ownershipTags, parseOwnershipRecord, TAG, type Ownership } from './tags.js';

export interface Repaired {
  /** The service as it is after the repair (pointed at a re-created target group, when it had to be). */
  service: ServiceSnapshot;
  /** What was missing and is back. */
  repaired: MissingPart[];
}

/**
 * Re-creates what was deleted of a routed environment out of band, with the names and tags a create gives them: the
 * target group (and the service pointed at it: a new group has a new ARN), the listener rule, the host's records.
 * Runs under the environment's lock like every write. `known` holds what the caller read already: the host's records, and
 * the target group found by the environment's name.
 */
export async function repairParts(context: EngineContext, service: ServiceSnapshot, baseline: Baseline, known: KnownParts = {}): Promise<Repaired> {
  const link = service.loadBalancers[0];
  if (!link || !baseline.routing) return { service, repaired: [] };
  const view = await readPartsOf(context, service, known);
  const missing = missingParts(context, service, view);
  if (missing.length === 0) return { service, repaired: [] };
  const { config, cloud, clock } = context;
  const envName = service.tags[TAG.environment] ?? service.name;
  const names = environmentNames(config.installation, envName, config.baseDomain);
  const ownership: Ownership = {
    instance: config.installation,
    environment: envName,
    app: service.tags[TAG.app] ?? baseline.app,
    createdAt: service.tags[TAG.createdAt] ?? clock.now().toISOString(),
  };
  const tags = ownershipTags(ownership);
  const lacks = (part: MissingPart['part']) => missing.some((each) => each.part === part);

  const reroute = async (): Promise<ServiceSnapshot> => {
    if (!lacks('target-group') && !lacks('listener-rule')) return service;
    const targetGroupArn = lacks('target-group')
      ? (await ensureTargetGroup(context, targetGroupSpecFor(context, baseline, names.targetGroup, tags), envName)).arn
      : link.targetGroupArn;
    await ensureRule(context, { envName, host: names.host, targetGroupArn, tags });
    if (targetGroupArn === link.targetGroupArn) return service;
    // ECS may point a service at a target group only once a rule forwards to it: after the rule, never before.
    await cloud.services.updateService(service.name, { loadBalancer: { ...link, targetGroupArn } });
    const [fresh] = await cloud.services.describeServices([service.name]);
    if (!fresh || fresh.status !== 'ACTIVE') throw new NotFoundError(`environment ${envName} was deleted during the repair`, { envName });
    return fresh;
  };
  const [repairedService] = await allSettledOrThrow<[ServiceSnapshot, void]>([
    reroute(),
    lacks('dns-record') ? restoreRecords(context, ownership, view.recordsAt(names.host) ?? { host: names.host }) : Promise.resolve(),
  ]);
  return { service: repairedService, repaired: missing };
}

/** Adds whichever of the alias and the ownership record is missing; records devenv did not make are a conflict. */
async function restoreRecords(context: EngineContext, ownership: Ownership, current: HostRecords): Promise<void> {
  const { cloud, config } = context;
  assertNoForeignRecords(current, ownership.environment);
  const owner = parseOwnershipRecord(current.ownership?.value);
  const lb = await cloud.router.describeListener(config.listenerArn);
  const sameTarget = (dnsName: string) => dnsName.toLowerCase().replace(/\.$/, '').replace(/^dualstack\./, '') === lb.dnsName.toLowerCase().replace(/\.$/, '');
  const foreignOwner = current.ownership && (owner?.instance !== ownership.instance || owner.environment !== ownership.environment);
  if (foreignOwner || (current.alias && !sameTarget(current.alias.dnsName))) {
    throw new ConflictError(`${current.host} has DNS records devenv did not make for ${ownership.environment}; remove them, then repair again`, {
      envName: ownership.environment,
      resource: current.host,
    });
  }
  const restored: HostRecords = {
    host: current.host,
    ...(current.alias ? {} : { alias: { dnsName: lb.dnsName, hostedZoneId: lb.canonicalHostedZoneId, evaluateTargetHealth: false } }),
    ...(current.ownership ? {} : { ownership: { value: formatOwnershipRecord({ ...ownership, claim: context.newId() }), ttl: config.dnsTtlSeconds } }),
  };
  try {
    await cloud.dns.create(restored);
  } catch (error) {
    if (!(error instanceof RecordExistsError)) throw error;
    // Route 53 applied the CREATE, its answer was lost and the retry met the records it made: what this call wrote is there.
    const now = await cloud.dns.read(current.host);
    const ownClaim = (value: string | undefined) => parseOwnershipRecord(value)?.claim;
    const aliasThere = !restored.alias || (now.alias !== undefined && sameTarget(now.alias.dnsName));
    const ownershipThere = !restored.ownership || ownClaim(now.ownership?.value) === ownClaim(restored.ownership.value);
    if (!aliasThere || !ownershipThere) throw error;
  }
}
