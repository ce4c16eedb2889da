import type { Change } from '@aws-sdk/client-route-53';

/** What one `ChangeResourceRecordSets` request may carry (an UPSERT counts twice toward both). */
export interface ChangeBatchLimits {
  /** `ResourceRecord` elements per request; alias records have none. */
  maxResourceRecords: number;
  /** Characters of all `Value` elements per request. */
  maxValueCharacters: number;
}

export const ROUTE53_CHANGE_LIMITS: Readonly<ChangeBatchLimits> = { maxResourceRecords: 1_000, maxValueCharacters: 32_000 };

/** The changes for one host name, which must travel in the same request (its A and TXT records go together). */
export interface ChangeGroup {
  host: string;
  changes: Change[];
}

/** How much of a request's limits one change uses. */
export function changeCost(change: Change): { resourceRecords: number; valueCharacters: number } {
  const weight = change.Action === 'UPSERT' ? 2 : 1;
  const records = change.ResourceRecordSet?.ResourceRecords ?? [];
  return {
    resourceRecords: weight * records.length,
    valueCharacters: weight * records.reduce((sum, record) => sum + (record.Value ?? '').length, 0),
  };
}

/**
 * Packs host groups into as few requests as the limits allow, never splitting a group: each group goes into the
 * first request that still has room for it (first fit), so requests keep the input order of their groups. A group
 * too big for any request travels alone (Route 53 will then say why).
 *
 * @example
 * const batches = packChangeGroups(hosts.map((host) => ({ host, changes: deletesFor(host) })));
 * for (const batch of batches) await send(batch.flatMap((group) => group.changes));
 */
export function packChangeGroups(
  groups: readonly ChangeGroup[],
  limits: Readonly<ChangeBatchLimits> = ROUTE53_CHANGE_LIMITS,
): ChangeGroup[][] {
  const batches: Array<{ groups: ChangeGroup[]; resourceRecords: number; valueCharacters: number }> = [];
  for (const group of groups) {
    const cost = group.changes.map(changeCost).reduce(
      (sum, one) => ({
        resourceRecords: sum.resourceRecords + one.resourceRecords,
        valueCharacters: sum.valueCharacters + one.valueCharacters,
      }),
      { resourceRecords: 0, valueCharacters: 0 },
    );
    const batch = batches.find(
      (candidate) =>
        candidate.resourceRecords + cost.resourceRecords <= limits.maxResourceRecords &&
        candidate.valueCharacters + cost.valueCharacters <= limits.maxValueCharacters,
    );
    if (batch) {
      batch.groups.push(group);
      batch.resourceRecords += cost.resourceRecords;
      batch.valueCharacters += cost.valueCharacters;
    } else {
      batches.push({ groups: [group], ...cost });
    }
  }
  return batches.map((batch) => batch.groups);
}
