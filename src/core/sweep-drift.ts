import type { EngineContext } from './context.js';
import { missingParts, type MissingPart } from './drift.js';
import type { HostRecords, ListenerRule, ServiceSnapshot, TargetGroupSnapshot } from './ports.js';
import { TAG } from './tags.js';

export interface EnvironmentDrift {
  name: string;
  missing: MissingPart[];
}

/** Drift of the environments a sweep leaves alive, from what its listing already read (no call of its own). */
export function driftOf(
  context: EngineContext,
  services: readonly ServiceSnapshot[],
  listed: { rules: readonly ListenerRule[]; targetGroups: readonly TargetGroupSnapshot[]; records: readonly HostRecords[] },
): EnvironmentDrift[] {
  const forwarded = new Set(listed.rules.flatMap((rule) => rule.targetGroupArns));
  const groups = new Set(listed.targetGroups.map((group) => group.arn));
  const records = new Map(listed.records.map((each) => [each.host, each]));
  const view = { targetGroupExists: (arn: string) => groups.has(arn), ruleForwardsTo: (arn: string) => forwarded.has(arn), recordsAt: (host: string) => records.get(host) };
  return services
    .map((service) => ({ name: service.tags[TAG.environment] ?? service.name, missing: missingParts(context, service, view) }))
    .filter((each) => each.missing.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}
