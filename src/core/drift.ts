import type { EngineContext } from './context.js';
import { NotFoundError } from './errors.js';
import { environmentNames } from './names.js';
import type { HostRecords, ServiceSnapshot, TargetGroupSnapshot } from './ports.js';
import { parseOwnershipRecord, TAG } from './tags.js';

/** The parts of a routed environment besides its service; any of them can be deleted out of band. */
export type EnvironmentPart = 'target-group' | 'listener-rule' | 'dns-record';

export interface MissingPart {
  part: EnvironmentPart;
  /** What is missing, by the name devenv gave it (target group name, the rule's host header, the record's host). */
  name: string;
}

/** What a set of reads says about the parts: `undefined` for a target group means "not known" (not read). */
export interface PartsView {
  targetGroupExists(arn: string): boolean | undefined;
  /** Whether some listener rule forwards to the target group (AWS refuses to delete a target group a rule uses). */
  ruleForwardsTo(arn: string): boolean;
  recordsAt(host: string): HostRecords | undefined;
}

/** The missing parts of one environment, in a fixed order; none for an environment without routing. */
export function missingParts(context: EngineContext, service: ServiceSnapshot, view: PartsView): MissingPart[] {
  const targetGroupArn = service.loadBalancers[0]?.targetGroupArn;
  if (!targetGroupArn) return [];
  const envName = service.tags[TAG.environment] ?? service.name;
  const names = environmentNames(context.config.installation, envName, context.config.baseDomain);
  const missing: MissingPart[] = [];
  if (view.targetGroupExists(targetGroupArn) === false) missing.push({ part: 'target-group', name: names.targetGroup });
  if (!view.ruleForwardsTo(targetGroupArn)) missing.push({ part: 'listener-rule', name: names.host });
  if (!hasOwnRecords(context, envName, view.recordsAt(names.host))) missing.push({ part: 'dns-record', name: names.host });
  return missing;
}

/** Both records of the host are there: the alias, and the ownership record naming this installation and environment. */
export function hasOwnRecords(context: EngineContext, envName: string, records: HostRecords | undefined): boolean {
  const owner = parseOwnershipRecord(records?.ownership?.value);
  return Boolean(records?.alias) && owner?.instance === context.config.installation && owner.environment === envName;
}

/**
 * For a list: one listing of the listener's rules and one of the base domain's records serve every environment, so
 * drift costs the same two reads for 5 environments or 500. Target groups are not read: a rule forwarding to one
 * proves it exists, and a missing rule already makes the environment degraded.
 */
export async function readPartsInBulk(context: EngineContext): Promise<PartsView> {
  const { cloud, config } = context;
  const [rules, records] = await Promise.all([cloud.router.listRules(config.listenerArn, { tags: false }), cloud.dns.listOwnershipCandidates(config.baseDomain)]);
  return viewOf(new Set(rules.flatMap((rule) => rule.targetGroupArns)), records, () => undefined);
}

/** What a caller read already of an environment's parts (`targetGroup: undefined` with the key present: not found by name). */
export interface KnownParts {
  records?: HostRecords;
  targetGroup?: TargetGroupSnapshot | undefined;
}

/** For one environment: its target group (with the load balancers that route to it) and its host's records. */
export async function readPartsOf(context: EngineContext, service: ServiceSnapshot, known: KnownParts = {}): Promise<PartsView> {
  const { cloud, config } = context;
  const targetGroupArn = service.loadBalancers[0]?.targetGroupArn;
  if (!targetGroupArn) return viewOf(new Set(), [], () => undefined);
  const envName = service.tags[TAG.environment] ?? service.name;
  const host = environmentNames(config.installation, envName, config.baseDomain).host;
  const [group, records] = await Promise.all([
    'targetGroup' in known
      ? // Found by its name: the service's target group only if the ARN is the same (a group made anew has a new ARN).
        known.targetGroup?.arn === targetGroupArn ? known.targetGroup : undefined
      : // Whether it exists and which load balancers use it; its tags are not needed.
        cloud.router.describeTargetGroup(targetGroupArn, { tags: false }).catch((error: unknown) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }),
    known.records ?? cloud.dns.read(host),
  ]);
  const forwarded = new Set(group && group.loadBalancerArns.length > 0 ? [targetGroupArn] : []);
  return viewOf(forwarded, [records], (arn) => (arn === targetGroupArn ? group !== undefined : undefined));
}

function viewOf(forwarded: ReadonlySet<string>, records: readonly HostRecords[], targetGroupExists: (arn: string) => boolean | undefined): PartsView {
  const byHost = new Map(records.map((each) => [each.host, each]));
  return { targetGroupExists, ruleForwardsTo: (arn) => forwarded.has(arn), recordsAt: (host) => byHost.get(host) };
}

/** "target group dv-pr-1-…, listener rule for pr-1.dev.example.com and DNS record pr-1.dev.example.com are missing" */
export function describeMissing(missing: readonly MissingPart[]): string {
  const words = missing.map(({ part, name }) =>
    part === 'target-group' ? `target group ${name}` : part === 'listener-rule' ? `listener rule for ${name}` : `DNS record ${name}`,
  );
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
  return `${list} ${words.length > 1 ? 'are' : 'is'} missing; PUT the environment again or POST …/repair to re-create ${words.length > 1 ? 'them' : 'it'}`;
}
