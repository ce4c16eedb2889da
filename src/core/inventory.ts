import { mapLimit } from './concurrency.js';
import type { EngineContext } from './context.js';
import { environmentNames } from './names.js';
import type { HostRecords, ListenerRule, ServiceSnapshot, Tags, TargetGroupSnapshot, TaskDefinitionSnapshot } from './ports.js';
import { assertNoForeignService } from './read-environments.js';
import { isOwnedBy, parseOwnershipRecord, TAG } from './tags.js';

/** Everything devenv made for environments, found by tag (or ownership record) and exact name. */
export interface ResourceSet {
  services: ServiceSnapshot[];
  rules: ListenerRule[];
  targetGroups: TargetGroupSnapshot[];
  records: HostRecords[];
  revisions: string[];
}

export function emptyResourceSet(): ResourceSet {
  return { services: [], rules: [], targetGroups: [], records: [], revisions: [] };
}

export function isEmpty(set: ResourceSet): boolean {
  return Object.values(set).every((list: unknown[]) => list.length === 0);
}

/**
 * The environment whose records these are, when they are this installation's: its ownership record names this
 * installation, and they sit exactly at `<environment>.<baseDomain>` (so never under another installation's base domain).
 */
export function recordEnvironment(context: EngineContext, records: HostRecords): string | undefined {
  const { installation, baseDomain } = context.config;
  const owner = parseOwnershipRecord(records.ownership?.value);
  if (!owner || owner.instance !== installation || owner.environment.includes('.')) return undefined;
  return records.host === environmentNames(installation, owner.environment, baseDomain).host ? owner.environment : undefined;
}

/**
 * How many of a family's newest revisions a destroy looks at for the environment's tags when its service is gone already
 * (a destroy that stopped half-way): enough for every environment's revision and the baseline's own. Older leftovers are
 * the sweep's.
 */
const REVISIONS_SCANNED_PER_FAMILY = 100;
const DESCRIBE_CONCURRENCY = 8;

/**
 * One environment's resources, by exact names: the service slots, the target group name, the host, the rule routing
 * the host. Its revisions: the one its service runs and the one an update could not deregister (named by the service's
 * `devenv:stale-revision` tag), each when tagged for it, so a destroy's cost does not grow with the family's history;
 * only when no service is left (a destroy that stopped half-way) are the family's newest revisions searched by tag.
 */
export async function discoverEnvironment(context: EngineContext, envName: string, options: { refuseForeign?: boolean } = {}): Promise<ResourceSet> {
  const { config, cloud } = context;
  const names = environmentNames(config.installation, envName, config.baseDomain);
  const owned = (tags: Tags) => isOwnedBy(tags, config.installation, envName);
  const slotsRead = cloud.services.describeServices(names.serviceSlots);
  const servicesRead = slotsRead.then((found) => found.filter((service) => service.status === 'ACTIVE' && owned(service.tags)));
  const [slots, services, targetGroup, rules, records, named] = await Promise.all([
    slotsRead,
    servicesRead,
    cloud.router.findTargetGroup(names.targetGroup),
    cloud.router.listRules(config.listenerArn, { host: names.host }),
    cloud.dns.read(names.host),
    servicesRead.then((found) =>
      Promise.all(
        found
          .flatMap((service) => [service.taskDefinitionArn, service.tags[TAG.staleRevision]])
          .flatMap((arn) => (arn ? [describeRevision(context, arn)] : [])),
      ),
    ),
  ]);
  // A destroy answers a name another service holds as GET does (a conflict), instead of "nothing to destroy".
  if (options.refuseForeign) assertNoForeignService(context, envName, slots);
  const set: ResourceSet = {
    services,
    rules: rules.filter((rule) => rule.priority !== 'default' && owned(rule.tags)),
    targetGroups: targetGroup && owned(targetGroup.tags) ? [targetGroup] : [],
    records: recordEnvironment(context, records) === envName ? [records] : [],
    revisions: [],
  };
  const tagged = services.length > 0 ? [] : await ownedRevisions(context, await appFamilies(context, appOf(context, set)), { envName, newest: REVISIONS_SCANNED_PER_FAMILY });
  const revisions = [...named, ...tagged].filter((revision) => revision && owned(revision.tags)).map((revision) => revision!.arn);
  return { ...set, revisions: [...new Set(revisions)] };
}

/** The app an environment's resources were made for, when any of them says; undefined means "any configured app". */
function appOf(context: EngineContext, set: ResourceSet): string | undefined {
  const tagged = [...set.services, ...set.rules, ...set.targetGroups].map((resource) => resource.tags[TAG.app]);
  const recorded = set.records.map((records) => parseOwnershipRecord(records.ownership?.value)?.app);
  return [...tagged, ...recorded].find((app) => app !== undefined && Object.hasOwn(context.config.apps, app));
}

/** The task definition families devenv registers revisions in: those of the apps' baselines (every app when none is named). */
export async function appFamilies(context: EngineContext, app?: string): Promise<string[]> {
  const { config, cloud } = context;
  const apps = app === undefined ? Object.values(config.apps) : [config.apps[app]!];
  const baselines = await cloud.services.describeServices(apps.map((each) => each.service));
  const revisions = await Promise.all(baselines.map((service) => describeRevision(context, service.taskDefinitionArn)));
  return [...new Set(revisions.flatMap((revision) => (revision ? [revision.family] : [])))];
}

/**
 * Revisions this devenv registered in these families: for one environment when `envName` is given; the newest `newest`
 * of each; none that `skip` names or this process found foreign before (those are not described); at most `described`
 * of each described, newest first (a warm process goes further back at each call, as what it described is known).
 */
export async function ownedRevisions(
  context: EngineContext,
  families: readonly string[],
  {
    envName,
    newest = Infinity,
    described: most = Infinity,
    skip = () => false,
  }: { envName?: string; newest?: number; described?: number; skip?: (arn: string) => boolean } = {},
): Promise<TaskDefinitionSnapshot[]> {
  const { config, cloud } = context;
  const listed = await Promise.all(families.map((family) => cloud.services.listRevisions(family)));
  const arns = listed.flatMap((familyArns) =>
    [...familyArns]
      .sort((a, b) => revisionNumber(b) - revisionNumber(a))
      .slice(0, newest)
      .filter((arn) => !skip(arn) && !context.revisions.isForeign(arn))
      .slice(0, most),
  );
  const described = await mapLimit(arns, DESCRIBE_CONCURRENCY, (arn) => describeRevision(context, arn));
  for (const revision of described) if (revision && revision.tags[TAG.managedBy] !== config.installation) context.revisions.markForeign(revision.arn);
  return described.filter((revision): revision is TaskDefinitionSnapshot => Boolean(revision && isOwnedBy(revision.tags, config.installation, envName)));
}

/** Through the cache (revisions never change); undefined when ECS no longer knows it. */
function describeRevision(context: EngineContext, arn: string): Promise<TaskDefinitionSnapshot | undefined> {
  return context.revisions.get(arn, (ref) => context.cloud.services.describeTaskDefinition(ref)).catch(() => undefined);
}

/** `arn:aws:ecs:us-east-1:123456789012:task-definition/web:7` → 7. */
function revisionNumber(arn: string): number {
  return Number(arn.slice(arn.lastIndexOf(':') + 1));
}
