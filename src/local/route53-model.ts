/** State records of the simulated Route 53 service, DNS name handling, and the AWS-shaped views. */

export interface AliasTargetRecord {
  HostedZoneId: string;
  DNSName: string;
  EvaluateTargetHealth: boolean;
}

export interface RecordSetRecord {
  /** Lower case, fully qualified with the trailing dot, `*` unescaped. */
  name: string;
  type: string;
  setIdentifier?: string;
  ttl?: number;
  values?: string[];
  aliasTarget?: AliasTargetRecord;
  /** Routing-policy fields kept as given (Weight, Region, Failover, GeoLocation, HealthCheckId, …). */
  routing: Record<string, unknown>;
}

export interface HostedZoneRecord {
  id: string;
  name: string;
  callerReference: string;
  comment?: string;
  privateZone: boolean;
  nameServers: string[];
  records: RecordSetRecord[];
}

export interface ChangeRecord {
  id: string;
  submittedAt: Date;
  comment?: string;
  status: 'PENDING' | 'INSYNC';
  polled: boolean;
}

export const RECORD_TYPES = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT'];

/** `Dev.Example.com` → `dev.example.com.`; the `\052` escape Route 53 uses for `*` is accepted. */
export function normalizeName(name: string): string {
  const unescaped = name.replace(/\\052/g, '*').toLowerCase();
  return unescaped.endsWith('.') ? unescaped : `${unescaped}.`;
}

/** How Route 53 returns a name: fully qualified, with `*` escaped as `\052`. */
export function displayName(name: string): string {
  return name.replace(/\*/g, '\\052');
}

export function stripZonePrefix(id: string): string {
  return id.replace(/^\/?(hostedzone|change|delegationset)\//, '');
}

export function isWithinZone(name: string, zoneName: string): boolean {
  return name === zoneName || name.endsWith(`.${zoneName}`);
}

/** Route 53's order: by name with the labels reversed (`com.example.www`), then by type. */
export function compareNames(a: string, b: string): number {
  const left = a.replace(/\.$/, '').split('.').reverse();
  const right = b.replace(/\.$/, '').split('.').reverse();
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const l = left[i] ?? '';
    const r = right[i] ?? '';
    if (l !== r) return l < r ? -1 : 1;
  }
  return left.length - right.length;
}

export function compareRecords(a: RecordSetRecord, b: RecordSetRecord): number {
  const byName = compareNames(a.name, b.name);
  if (byName !== 0) return byName;
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? '');
}

export function recordKey(record: Pick<RecordSetRecord, 'name' | 'type' | 'setIdentifier'>): string {
  return `${record.name}|${record.type}|${record.setIdentifier ?? ''}`;
}

export function recordSetView(record: RecordSetRecord): Record<string, unknown> {
  return {
    Name: displayName(record.name),
    Type: record.type,
    ...(record.setIdentifier !== undefined ? { SetIdentifier: record.setIdentifier } : {}),
    ...structuredClone(record.routing),
    ...(record.ttl !== undefined ? { TTL: record.ttl } : {}),
    ...(record.values ? { ResourceRecords: record.values.map((Value) => ({ Value })) } : {}),
    ...(record.aliasTarget ? { AliasTarget: { ...record.aliasTarget } } : {}),
  };
}

export function hostedZoneView(zone: HostedZoneRecord): Record<string, unknown> {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference,
    Config: { ...(zone.comment !== undefined ? { Comment: zone.comment } : {}), PrivateZone: zone.privateZone },
    ResourceRecordSetCount: zone.records.length,
  };
}

export function changeInfoView(change: ChangeRecord): Record<string, unknown> {
  return {
    Id: `/change/${change.id}`,
    Status: change.status,
    SubmittedAt: new Date(change.submittedAt),
    ...(change.comment !== undefined ? { Comment: change.comment } : {}),
  };
}
