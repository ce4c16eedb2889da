import { ListResourceRecordSetsCommand, type ResourceRecordSet, type RRType } from '@aws-sdk/client-route-53';
import type { Backend } from './backends.js';
import type { RecordObservation } from './observation.js';
import { compact, sortedRecord } from './plain-values.js';

export async function observeRecords(backend: Backend): Promise<Record<string, RecordObservation[]>> {
  const sets: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: RRType } = {};
  for (;;) {
    const page = await backend.sdk.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: backend.ids.hostedZoneId, MaxItems: 100, ...start }));
    sets.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) break;
    start = { StartRecordName: page.NextRecordName!, StartRecordType: page.NextRecordType! };
  }
  const records: Record<string, RecordObservation[]> = {};
  for (const set of sets) {
    const key = `${set.Name!.replace(/\.$/, '').toLowerCase()} ${set.Type}`;
    // The zone's own NS and SOA records hold name servers each backend invents.
    const zoneDefault = set.Type === 'NS' || set.Type === 'SOA';
    const observation: RecordObservation = compact({
      ttl: set.TTL,
      values: zoneDefault ? ['<zone default>'] : set.ResourceRecords?.map((record) => record.Value!),
      alias: set.AliasTarget
        ? { dnsName: set.AliasTarget.DNSName!.toLowerCase(), hostedZoneId: set.AliasTarget.HostedZoneId!, evaluateTargetHealth: set.AliasTarget.EvaluateTargetHealth }
        : undefined,
    });
    (records[key] ??= []).push(observation);
  }
  return sortedRecord(Object.entries(records));
}
