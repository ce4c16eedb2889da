import { awsError } from './aws-error.js';
import type { IdGenerator } from './ids.js';
import { toJson, type Json } from './json.js';
import { applyChangeBatch, type AliasTargetCheck, type ChangeInput } from './route53-changes.js';
import {
  changeInfoView,
  compareNames,
  compareRecords,
  displayName,
  hostedZoneView,
  normalizeName,
  recordSetView,
  stripZonePrefix,
  type ChangeRecord,
  type HostedZoneRecord,
} from './route53-model.js';

export interface Route53Context {
  ids: IdGenerator;
  now: () => Date;
  /** Alias targets outside Route 53 (load balancers): does one with this hosted zone and DNS name exist? */
  externalAliasTarget: AliasTargetCheck;
}

export interface Route53Snapshot {
  hostedZones: Json[];
  changes: Json[];
}

type Handler = (input: any) => unknown;

/** The simulated Amazon Route 53 service (public hosted zones and their records). */
export class SimulatedRoute53 {
  private readonly zones = new Map<string, HostedZoneRecord>();
  private readonly changes = new Map<string, ChangeRecord>();
  private readonly commands: Record<string, Handler>;

  constructor(private readonly ctx: Route53Context) {
    this.commands = {
      GetHostedZone: (input) => this.getHostedZone(input),
      ListHostedZones: (input) => this.listHostedZones(input),
      ListHostedZonesByName: (input) => this.listHostedZonesByName(input),
      ListResourceRecordSets: (input) => this.listResourceRecordSets(input),
      ChangeResourceRecordSets: (input) => this.changeResourceRecordSets(input),
      GetChange: (input) => this.getChange(input),
    };
  }

  handle(command: string, input: unknown): unknown {
    const handler = this.commands[command];
    if (!handler) throw awsError('UnknownOperationException', `The simulated cloud does not implement the Route 53 operation '${command}'`);
    return handler(input ?? {});
  }

  /** Seeding: creates a public hosted zone with its SOA and NS records; returns the bare `Z…` id. */
  createHostedZone(name: string, comment?: string): string {
    const id = `Z${this.ctx.ids.upper(20)}`;
    const zoneName = normalizeName(name);
    const n = Number.parseInt(this.ctx.ids.digits(4), 10);
    const nameServers = [`ns-${n % 512}.awsdns-${String(n % 64).padStart(2, '0')}.com.`, `ns-${512 + (n % 512)}.awsdns-${String((n + 1) % 64).padStart(2, '0')}.net.`, `ns-${1024 + (n % 512)}.awsdns-${String((n + 2) % 64).padStart(2, '0')}.org.`, `ns-${1536 + (n % 512)}.awsdns-${String((n + 3) % 64).padStart(2, '0')}.co.uk.`];
    this.zones.set(id, {
      id,
      name: zoneName,
      callerReference: `devenv-seed-${this.ctx.ids.hex(8)}`,
      ...(comment !== undefined ? { comment } : {}),
      privateZone: false,
      nameServers,
      records: [
        { name: zoneName, type: 'NS', ttl: 172800, values: [...nameServers], routing: {} },
        { name: zoneName, type: 'SOA', ttl: 900, values: [`${nameServers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`], routing: {} },
      ],
    });
    return id;
  }

  /** Whether `dnsName` is a record in one of this account's zones (alias targets inside Route 53). */
  hasRecord(hostedZoneId: string, dnsName: string): boolean {
    const zone = this.zones.get(stripZonePrefix(hostedZoneId));
    return !!zone && zone.records.some((r) => r.name === normalizeName(dnsName));
  }

  snapshot(): Route53Snapshot {
    return {
      hostedZones: [...this.zones.values()].map((zone) =>
        toJson({ ...hostedZoneView(zone), NameServers: zone.nameServers, records: [...zone.records].sort(compareRecords).map(recordSetView) }),
      ),
      changes: [...this.changes.values()].map((c) => toJson(changeInfoView(c))),
    };
  }

  private zone(id: string | undefined): HostedZoneRecord {
    if (!id) throw awsError('InvalidInput', 'Invalid request: HostedZoneId is required');
    const bare = stripZonePrefix(id);
    const zone = this.zones.get(bare);
    if (!zone) throw awsError('NoSuchHostedZone', `No hosted zone found with ID: ${bare}`, { httpStatusCode: 404 });
    return zone;
  }

  private maxItems(value: unknown, fallback: number, cap: number): number {
    if (value === undefined) return fallback;
    const parsed = typeof value === 'number' ? value : Number.parseInt(String(value), 10);
    if (!Number.isInteger(parsed) || parsed < 1) throw awsError('InvalidInput', `Invalid request: MaxItems must be a positive integer, got '${String(value)}'`);
    return Math.min(parsed, cap);
  }

  private getHostedZone(input: { Id?: string }): unknown {
    const zone = this.zone(input.Id);
    return { HostedZone: hostedZoneView(zone), DelegationSet: { NameServers: [...zone.nameServers] } };
  }

  private listHostedZones(input: { Marker?: string; MaxItems?: number | string }): unknown {
    const max = this.maxItems(input.MaxItems, 100, 100);
    const zones = [...this.zones.values()].sort((a, b) => a.id.localeCompare(b.id));
    const start = input.Marker ? zones.findIndex((z) => z.id === stripZonePrefix(input.Marker ?? '')) : 0;
    if (start < 0) throw awsError('InvalidInput', 'Invalid request: the Marker does not identify a hosted zone');
    const page = zones.slice(start, start + max);
    const next = zones[start + max];
    return {
      HostedZones: page.map(hostedZoneView),
      ...(input.Marker ? { Marker: input.Marker } : {}),
      IsTruncated: next !== undefined,
      ...(next ? { NextMarker: next.id } : {}),
      MaxItems: max,
    };
  }

  private listHostedZonesByName(input: { DNSName?: string; HostedZoneId?: string; MaxItems?: number | string }): unknown {
    const max = this.maxItems(input.MaxItems, 100, 100);
    const zones = [...this.zones.values()].sort((a, b) => compareNames(a.name, b.name) || a.id.localeCompare(b.id));
    const from = input.DNSName ? normalizeName(input.DNSName) : undefined;
    const start = from ? zones.findIndex((z) => compareNames(z.name, from) >= 0) : 0;
    const list = start < 0 ? [] : zones.slice(start);
    const page = list.slice(0, max);
    const next = list[max];
    return {
      HostedZones: page.map(hostedZoneView),
      ...(input.DNSName ? { DNSName: input.DNSName } : {}),
      ...(input.HostedZoneId ? { HostedZoneId: input.HostedZoneId } : {}),
      IsTruncated: next !== undefined,
      ...(next ? { NextDNSName: next.name, NextHostedZoneId: next.id } : {}),
      MaxItems: max,
    };
  }

  private listResourceRecordSets(input: { HostedZoneId?: string; StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string; MaxItems?: number | string }): unknown {
    const zone = this.zone(input.HostedZoneId);
    if (input.StartRecordType && !input.StartRecordName) throw awsError('InvalidInput', 'Invalid request: StartRecordType requires StartRecordName');
    // The SDK types MaxItems as a number today; older models (and the wire) use a string. Both are accepted; over 300 means 300.
    const max = this.maxItems(input.MaxItems, 300, 300);
    const records = [...zone.records].sort(compareRecords);
    let start = 0;
    if (input.StartRecordName) {
      const name = normalizeName(input.StartRecordName);
      const type = input.StartRecordType;
      start = records.findIndex((r) => {
        const byName = compareNames(r.name, name);
        if (byName !== 0) return byName > 0;
        if (type === undefined || r.type > type) return true;
        if (r.type < type) return false;
        return input.StartRecordIdentifier === undefined || (r.setIdentifier ?? '') >= input.StartRecordIdentifier;
      });
      if (start < 0) start = records.length;
    }
    const page = records.slice(start, start + max);
    const next = records[start + max];
    return {
      ResourceRecordSets: page.map(recordSetView),
      IsTruncated: next !== undefined,
      ...(next
        ? { NextRecordName: displayName(next.name), NextRecordType: next.type, ...(next.setIdentifier !== undefined ? { NextRecordIdentifier: next.setIdentifier } : {}) }
        : {}),
      MaxItems: max,
    };
  }

  private changeResourceRecordSets(input: { HostedZoneId?: string; ChangeBatch?: { Comment?: string; Changes?: ChangeInput[] } }): unknown {
    const zone = this.zone(input.HostedZoneId);
    const aliasExists: AliasTargetCheck = (hostedZoneId, dnsName) => this.hasRecord(hostedZoneId, dnsName) || this.ctx.externalAliasTarget(hostedZoneId, dnsName);
    zone.records = applyChangeBatch(zone, input.ChangeBatch?.Changes, aliasExists);
    const change: ChangeRecord = {
      id: `C${this.ctx.ids.upper(20)}`,
      submittedAt: this.ctx.now(),
      ...(input.ChangeBatch?.Comment !== undefined ? { comment: input.ChangeBatch.Comment } : {}),
      status: 'PENDING',
      polled: false,
    };
    this.changes.set(change.id, change);
    return { ChangeInfo: changeInfoView(change) };
  }

  /** PENDING until the clock has moved past the submission, or until it has been polled once. */
  private getChange(input: { Id?: string }): unknown {
    const id = stripZonePrefix(input.Id ?? '');
    const change = this.changes.get(id);
    if (!change) throw awsError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, { httpStatusCode: 404 });
    if (change.status === 'PENDING' && (change.polled || this.ctx.now().getTime() > change.submittedAt.getTime())) change.status = 'INSYNC';
    const view = changeInfoView(change);
    change.polled = true;
    return { ChangeInfo: view };
  }
}
