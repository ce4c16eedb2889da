import { awsError } from './aws-error.js';
import {
  isWithinZone,
  normalizeName,
  recordKey,
  RECORD_TYPES,
  stripZonePrefix,
  type HostedZoneRecord,
  type RecordSetRecord,
} from './route53-model.js';

/**
 * ChangeResourceRecordSets is transactional: the whole batch is checked against a working copy of the zone and
 * either every change applies or none does, with one message per rejected change.
 */

export interface ChangeInput {
  Action?: string;
  ResourceRecordSet?: {
    Name?: string;
    Type?: string;
    SetIdentifier?: string;
    TTL?: number;
    ResourceRecords?: Array<{ Value?: string }>;
    AliasTarget?: { HostedZoneId?: string; DNSName?: string; EvaluateTargetHealth?: boolean };
    [key: string]: unknown;
  };
}

/** Decides whether an alias target exists (a load balancer, or a record in a zone of this account). */
export type AliasTargetCheck = (hostedZoneId: string, dnsName: string) => boolean;

const MAX_RECORD_ELEMENTS = 1000;
const MAX_VALUE_CHARACTERS = 32000;
const ROUTING_FIELDS = ['Weight', 'Region', 'GeoLocation', 'Failover', 'MultiValueAnswer', 'HealthCheckId', 'TrafficPolicyInstanceId', 'CidrRoutingConfig', 'GeoProximityLocation'];

const invalidInput = (message: string): Error => awsError('InvalidInput', message);

function toRecord(change: ChangeInput, index: number): { action: string; record: RecordSetRecord } {
  const action = change.Action ?? '';
  if (!['CREATE', 'DELETE', 'UPSERT'].includes(action)) throw invalidInput(`Invalid request: Invalid action '${action}' in change ${index + 1}`);
  const set = change.ResourceRecordSet;
  if (!set?.Name || !set.Type) throw invalidInput(`Invalid request: Missing Name or Type in change ${index + 1}`);
  if (!RECORD_TYPES.includes(set.Type)) throw invalidInput(`Invalid request: Value '${set.Type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set`);
  const name = normalizeName(set.Name);
  const hasRecords = set.TTL !== undefined || set.ResourceRecords !== undefined;
  const describe = `[Action=${action}, Name=${name}, Type=${set.Type}, SetIdentifier=${set.SetIdentifier ?? 'null'}]`;
  if (set.AliasTarget ? hasRecords : !(set.TTL !== undefined && set.ResourceRecords?.length)) {
    throw invalidInput(`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found ${set.AliasTarget ? 'more than one' : 'none'} in Change with ${describe}`);
  }
  if (set.TTL !== undefined && (!Number.isInteger(set.TTL) || set.TTL < 0 || set.TTL > 2147483647)) throw invalidInput(`Invalid request: TTL must be between 0 and 2147483647 in Change with ${describe}`);
  const routing = Object.fromEntries(ROUTING_FIELDS.filter((f) => set[f] !== undefined).map((f) => [f, structuredClone(set[f])]));
  const record: RecordSetRecord = {
    name,
    type: set.Type,
    ...(set.SetIdentifier !== undefined ? { setIdentifier: set.SetIdentifier } : {}),
    ...(set.TTL !== undefined ? { ttl: set.TTL } : {}),
    ...(set.ResourceRecords ? { values: set.ResourceRecords.map((r) => r.Value ?? '') } : {}),
    ...(set.AliasTarget
      ? {
          aliasTarget: {
            HostedZoneId: stripZonePrefix(set.AliasTarget.HostedZoneId ?? ''),
            DNSName: normalizeName(set.AliasTarget.DNSName ?? ''),
            EvaluateTargetHealth: set.AliasTarget.EvaluateTargetHealth ?? false,
          },
        }
      : {}),
    routing,
  };
  return { action, record };
}

function valueProblem(record: RecordSetRecord): string | undefined {
  const fatal = (code: string, why: string, value: string) => `Invalid Resource Record: 'FATAL problem: ${code} (${why}) encountered with '${value}''`;
  for (const value of record.values ?? []) {
    if (record.type === 'A' && !/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(value)) {
      return fatal('ARRDATAIllegalIPv4Address', 'Value is not a valid IPv4 address', value);
    }
    if (record.type === 'AAAA' && !(/^[0-9a-fA-F:]+$/.test(value) && value.includes(':'))) return fatal('AAAARRDATAIllegalIPv6Address', 'Value is not a valid IPv6 address', value);
    if ((record.type === 'TXT' || record.type === 'SPF') && !/^("([^"\\]|\\.)*"\s*)+$/.test(value)) {
      return fatal('InvalidCharacterString', 'Value should be enclosed in quotation marks', value);
    }
    if (value.length === 0) return fatal('DomainLabelEmpty', 'Domain label is empty', value);
  }
  if (record.type === 'CNAME' && (record.values?.length ?? 0) > 1) return `RRSet of type CNAME with DNS name ${record.name} is not permitted: a CNAME record can have only one value`;
  return undefined;
}

function sameRecord(a: RecordSetRecord, b: RecordSetRecord): boolean {
  const values = (r: RecordSetRecord) => [...(r.values ?? [])].sort();
  const alias = (r: RecordSetRecord) => (r.aliasTarget ? [r.aliasTarget.HostedZoneId.toUpperCase(), r.aliasTarget.DNSName, r.aliasTarget.EvaluateTargetHealth] : null);
  return JSON.stringify([a.ttl, values(a), alias(a), a.routing]) === JSON.stringify([b.ttl, values(b), alias(b), b.routing]);
}

/** Validates the whole batch; returns the zone's records after it, or throws InvalidChangeBatch / InvalidInput. */
export function applyChangeBatch(zone: HostedZoneRecord, changes: ChangeInput[] | undefined, aliasExists: AliasTargetCheck): RecordSetRecord[] {
  if (!changes?.length) throw invalidInput('Invalid request: Expected at least one change');
  const parsed = changes.map(toRecord);
  const weight = (action: string) => (action === 'UPSERT' ? 2 : 1);
  const elements = parsed.reduce((sum, { action, record }) => sum + weight(action) * (record.values?.length ?? 0), 0);
  const characters = parsed.reduce((sum, { action, record }) => sum + weight(action) * (record.values ?? []).join('').length, 0);
  if (elements > MAX_RECORD_ELEMENTS) throw awsError('InvalidChangeBatch', `Number of records limit of ${MAX_RECORD_ELEMENTS} exceeded.`, { messages: [`Number of records limit of ${MAX_RECORD_ELEMENTS} exceeded.`] });
  if (characters > MAX_VALUE_CHARACTERS) throw awsError('InvalidChangeBatch', `RDATA character limit of ${MAX_VALUE_CHARACTERS} exceeded.`, { messages: [`RDATA character limit of ${MAX_VALUE_CHARACTERS} exceeded.`] });

  const working = new Map(zone.records.map((r) => [recordKey(r), r]));
  const actionsSeen = new Map<string, string[]>();
  const messages: string[] = [];
  for (const { action, record } of parsed) {
    const key = recordKey(record);
    const label = `[name='${record.name}', type='${record.type}'${record.setIdentifier !== undefined ? `, set-identifier='${record.setIdentifier}'` : ''}]`;
    const seen = actionsSeen.get(key) ?? [];
    actionsSeen.set(key, [...seen, action]);
    // A record may appear twice only as DELETE followed by CREATE (the classic way to change it in one batch).
    if (seen.length > 0 && !(seen.length === 1 && seen[0] === 'DELETE' && action === 'CREATE')) {
      messages.push(`The request contains an invalid set of changes for a resource record set '${record.type} ${record.name}'`);
      continue;
    }
    if (!isWithinZone(record.name, zone.name)) {
      messages.push(`RRSet with DNS name ${record.name} is not permitted in zone ${zone.name}`);
      continue;
    }
    const current = working.get(key);
    if (action === 'DELETE') {
      if (!current) messages.push(`Tried to delete resource record set ${label} but it was not found`);
      else if (!sameRecord(current, record)) messages.push(`Tried to delete resource record set ${label} but the values provided do not match the current values`);
      else if (record.name === zone.name && record.type === 'NS') messages.push('A HostedZone must contain at least one NS record for the zone itself.');
      else if (record.name === zone.name && record.type === 'SOA') messages.push('A HostedZone must contain exactly one SOA record.');
      else working.delete(key);
      continue;
    }
    if (action === 'CREATE' && current) {
      messages.push(`Tried to create resource record set ${label} but it already exists`);
      continue;
    }
    const problem = valueProblem(record);
    if (problem) {
      messages.push(problem);
      continue;
    }
    if (record.type === 'CNAME' && record.name === zone.name) {
      messages.push(`RRSet of type CNAME with DNS name ${record.name} is not permitted at apex in zone ${zone.name}`);
      continue;
    }
    const sameName = [...working.values()].filter((r) => r.name === record.name && r.type !== record.type);
    if (record.type === 'CNAME' && sameName.length > 0) {
      messages.push(`RRSet of type CNAME with DNS name ${record.name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`);
      continue;
    }
    const cname = sameName.find((r) => r.type === 'CNAME');
    if (cname) {
      messages.push(`RRSet of type ${record.type} with DNS name ${record.name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone.name}`);
      continue;
    }
    if (record.aliasTarget && !aliasExists(record.aliasTarget.HostedZoneId, record.aliasTarget.DNSName)) {
      messages.push(
        `Tried to create an alias that targets ${record.aliasTarget.DNSName}, type ${record.type} in zone ${record.aliasTarget.HostedZoneId}, but the alias target name does not lie within the target zone`,
      );
      continue;
    }
    working.set(key, record);
  }
  if (messages.length > 0) throw awsError('InvalidChangeBatch', `[${messages.join(', ')}]`, { messages });
  return [...working.values()];
}
