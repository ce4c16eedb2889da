import type { EngineContext } from './context.js';
import { appFamilies, ownedRevisions, recordEnvironment } from './inventory.js';
import { environmentNames, TARGET_GROUP_PREFIX } from './names.js';
import { runsOwnRevision } from './own-revision.js';
import type { HostRecords, ListenerRule, ServiceSnapshot, Tags, TargetGroupSnapshot, TaskDefinitionSnapshot } from './ports.js';
import { listEnvironmentServices } from './read-environments.js';
import { isOwnedBy, TAG, tagTime } from './tags.js';

/*
 * What the sweep reads: everything of this installation in one pass over the cloud, which services are due, and the
 * environments it is about to remove read again under their locks.
 */

/** Everything of this installation the sweep looks at, in one pass over the cloud. */
export async function listSweepable(context: EngineContext, now: Date): Promise<{ services: ServiceSnapshot[]; listed: Listed }> {
  const { config, cloud } = context;
  const ours = (tags: Tags) => isOwnedBy(tags, config.installation);
  const servicesRead = listEnvironmentServices(context);
  const [services, rules, targetGroups, records, revisions] = await Promise.all([
    servicesRead,
    cloud.router.listRules(config.listenerArn).then((all) => all.filter((rule) => rule.priority !== 'default' && ours(rule.tags))),
    cloud.router.listTargetGroups(TARGET_GROUP_PREFIX).then((all) => all.filter((targetGroup) => ours(targetGroup.tags))),
    cloud.dns.listOwnershipCandidates(config.baseDomain).then((all) => all.filter((candidate) => recordEnvironment(context, candidate) !== undefined)),
    Promise.all([appFamilies(context), servicesRead]).then(([families, listedServices]) =>
      sweepableRevisions(context, families, listedServices, (service) => serviceDueness(service, now, graceCutoff(context, now)) !== undefined),
    ),
  ]);
  return { services, listed: { rules, targetGroups, records, revisions } };
}

/**
 * The revisions the sweep may remove: every revision of ours in the apps' families, but none described that a service of
 * ours runs. A running revision is in use while its service lives; when its service goes, the service's own
 * `devenv:revision` tag says whether devenv registered it (own-revision.ts), with the service's ownership. So removing a
 * thousand environments describes no revision of theirs; only revisions no service runs (orphans) are described.
 */
async function sweepableRevisions(
  context: EngineContext,
  families: readonly string[],
  services: readonly ServiceSnapshot[],
  isDue: (service: ServiceSnapshot) => boolean,
): Promise<RevisionRef[]> {
  const named = services.filter(runsOwnRevision).map((service) => ({ arn: service.taskDefinitionArn, tags: ownershipTagsOf(service.tags) }));
  // Not described: the revisions named so, and those of services that live on (in use whoever made them).
  const skipped = new Set([...named.map((revision) => revision.arn), ...services.filter((service) => !isDue(service)).map((service) => service.taskDefinitionArn)]);
  const described = await ownedRevisions(context, families, { skip: (arn) => skipped.has(arn), described: REVISIONS_DESCRIBED_PER_SWEEP });
  return [...named, ...described];
}

/**
 * How many revisions of each family no service names one sweep describes at most, newest first: the team's own deploys keep a family's
 * history ACTIVE (thousands of revisions), and describing it all at devenv's ECS share took longer than a run. Orphans
 * are among the newest (a create or update that failed minutes ago); a warm instance, which remembers the team's
 * revisions it described, reaches further back at each run.
 */
export const REVISIONS_DESCRIBED_PER_SWEEP = 100;

function ownershipTagsOf(tags: Tags): Tags {
  const kept: string[] = [TAG.managedBy, TAG.environment, TAG.app, TAG.createdAt];
  return Object.fromEntries(Object.entries(tags).filter(([key]) => kept.includes(key)));
}

/** Why a service goes now: its expiry passed, or it has none and is older than the grace period; undefined: it stays. */
export type Dueness = 'expired' | 'half-made' | undefined;

export function serviceDueness(service: ServiceSnapshot, now: Date, cutoff: number): Dueness {
  const expiresAt = tagTime(service.tags, TAG.expiresAt);
  if (expiresAt) return expiresAt.getTime() <= now.getTime() ? 'expired' : undefined;
  const createdAt = tagTime(service.tags, TAG.createdAt) ?? service.createdAt;
  return (createdAt?.getTime() ?? 0) < cutoff ? 'half-made' : undefined;
}

/** Resources made before this time are settled: no create still running can be making them. */
export function graceCutoff(context: EngineContext, now: Date): number {
  return now.getTime() - context.config.orphanGraceMinutes * 60_000;
}

/**
 * The ACTIVE services these environments have now. An environment the listing found a service for is read by that
 * service's name (ten to a call); only one whose listed service is gone, or that had none (orphans), is read by every
 * slot name, to see a service a create made since.
 */
export async function readAgain(context: EngineContext, envNames: readonly string[], listedServices: readonly ServiceSnapshot[]): Promise<ServiceSnapshot[]> {
  const { config, cloud } = context;
  const wanted = new Set(envNames);
  const ours = (service: ServiceSnapshot, envName = service.tags[TAG.environment]) =>
    service.status === 'ACTIVE' && envName !== undefined && wanted.has(envName) && isOwnedBy(service.tags, config.installation, envName);
  const listedNames = listedServices.filter((service) => wanted.has(service.tags[TAG.environment]!)).map((service) => service.name);
  const found = listedNames.length > 0 ? (await cloud.services.describeServices(listedNames)).filter((service) => ours(service)) : [];
  const seen = new Set(found.map((service) => service.tags[TAG.environment]!));
  const unseen = envNames.filter((envName) => !seen.has(envName));
  const slots = unseen.flatMap((envName) => environmentNames(config.installation, envName, config.baseDomain).serviceSlots);
  if (slots.length === 0) return found;
  return [...found, ...(await cloud.services.describeServices(slots)).filter((service) => ours(service))];
}

/** A revision as the sweep knows it: its ARN and its ownership tags. */
export type RevisionRef = Pick<TaskDefinitionSnapshot, 'arn' | 'tags'>;

export interface Listed {
  rules: ListenerRule[];
  targetGroups: TargetGroupSnapshot[];
  records: HostRecords[];
  revisions: RevisionRef[];
}
