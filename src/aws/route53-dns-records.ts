import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type Change,
  type ListResourceRecordSetsCommandOutput,
  type RRType,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { CloudError, DevenvError, hostsLeftBy, RecordExistsError } from '../core/errors.js';
import type { DnsRecords, HostRecords } from '../core/ports.js';
import { awsErrorName, withRetry, type RetryOptions } from './retry.js';
import { packChangeGroups, type ChangeGroup } from './route53-change-batches.js';
import { bareHostedZoneId, listingKey, normalizeRecordName, quoteTxt, unquoteTxt } from './route53-text.js';

const OPERATION = 'route53:ChangeResourceRecordSets';

/** How Route 53 words a DELETE it refused, per record: `[name='a.example.com.', type='TXT'] but it was not found`. */
const REFUSED_DELETE =
  /Tried to delete resource record set \[name='([^']*)', type='([^']*)'[^\]]*\] but (it was not found|the values provided do not match the current values)/g;

export interface Route53DnsRecordsOptions {
  /** With or without the `/hostedzone/` prefix. */
  hostedZoneId: string;
  retry?: RetryOptions;
}

/**
 * The DnsRecords port on Route 53: at each host name, an alias A record and the TXT record that says devenv owns it.
 *
 * @example
 * const dns = new Route53DnsRecords(new Route53Client({}), { hostedZoneId: '/hostedzone/Z0123456789' });
 * const records = await dns.read('pr-42.dev.example.com');
 */
export class Route53DnsRecords implements DnsRecords {
  readonly #client: Route53Client;
  readonly #zone: string;
  readonly #retry: RetryOptions | undefined;

  constructor(client: Route53Client, { hostedZoneId, retry }: Route53DnsRecordsOptions) {
    this.#client = client;
    this.#zone = bareHostedZoneId(hostedZoneId);
    this.#retry = retry;
  }

  async read(host: string): Promise<HostRecords> {
    const target = normalizeRecordName(host);
    const sets: ResourceRecordSet[] = [];
    let start: ListStart = { StartRecordName: target };
    for (;;) {
      const page = await this.#list(start, 20);
      const records = page.ResourceRecordSets ?? [];
      // The listing starts at the name but runs on past it (pr-1 is followed by pr-12…): keep the exact name only.
      sets.push(...records.filter((set) => normalizeRecordName(set.Name ?? '') === target));
      const last = records.at(-1);
      if (!page.IsTruncated || !last || normalizeRecordName(last.Name ?? '') !== target) break;
      start = nextStart(page);
    }
    return toHostRecords(target, sets);
  }

  async create(records: HostRecords): Promise<void> {
    await this.#change(changesFor('CREATE', records), records.host);
  }

  /**
   * Deletes in as few requests as the limits allow, one request after another (Route 53 answers
   * PriorRequestNotComplete to overlapping changes of one zone). A request Route 53 refuses because some records are
   * already gone is sent again without them: the parse of its per-record messages names exactly which, so the other
   * hosts of the batch still go in one request, and "already gone" is what the caller wanted anyway. A host whose
   * record was changed since it was read is left entirely in place (its alias may now serve someone else) and reported
   * in the error thrown once every batch has been tried.
   */
  async remove(records: readonly HostRecords[]): Promise<void> {
    const groups = records
      .map((record) => ({ host: normalizeRecordName(record.host), changes: changesFor('DELETE', record) }))
      .filter((group) => group.changes.length > 0);
    const batches = packChangeGroups(groups);
    const failures: unknown[] = [];
    const left: string[] = [];
    for (const batch of batches) {
      try {
        await this.#deleteBatch(batch);
      } catch (error) {
        failures.push(error); // A batch refused for changed records deleted the rest of it; any other failure, none of it.
        left.push(...(hostsLeftBy(error) ?? batch.map((group) => group.host)));
      }
    }
    if (failures.length === 0) return;
    const error = failures.length === 1 ? failures[0] : new CloudError(OPERATION, `${failures.length} of ${batches.length} change batches failed`, { cause: new AggregateError(failures) });
    if (error instanceof DevenvError) error.context.hostsLeft = left;
    throw error;
  }

  async replace(current: HostRecords, next: HostRecords): Promise<void> {
    await this.#change([...changesFor('DELETE', current), ...changesFor('CREATE', next)], next.host);
  }

  /**
   * Reads only `domain`'s subtree of the zone: Route 53 lists names in order of their reversed labels with the trailing
   * dot (`com.example.dev.pr-1.`), so every name under `domain` follows `domain` itself in one run, and the first name
   * after that run ends the listing. Names sorting before `domain`'s key are skipped, not taken as the end, so an
   * emulator that leaves the trailing dot out of its order (moto puts `dev-x.example.com` there) loses nothing.
   */
  async listOwnershipCandidates(domain: string): Promise<HostRecords[]> {
    const apex = normalizeRecordName(domain);
    const apexKey = listingKey(apex);
    const byName = new Map<string, ResourceRecordSet[]>();
    let start: ListStart = { StartRecordName: `${apex}.` };
    listing: for (;;) {
      const page = await this.#list(start, 300);
      for (const set of page.ResourceRecordSets ?? []) {
        const name = normalizeRecordName(set.Name ?? '');
        const key = listingKey(name);
        if (key.startsWith(apexKey) && key !== apexKey) byName.set(name, [...(byName.get(name) ?? []), set]);
        else if (key > apexKey && !key.startsWith(apexKey)) break listing;
      }
      if (!page.IsTruncated) break;
      start = nextStart(page);
    }
    return [...byName]
      .filter(([, sets]) => sets.some((set) => set.Type === 'TXT'))
      .map(([name, sets]) => toHostRecords(name, sets));
  }

  /** One transactional change; a CREATE of a record that exists becomes RecordExistsError. */
  async #change(changes: Change[], host: string): Promise<void> {
    if (changes.length === 0) return;
    await this.#send(() =>
      this.#client.send(this.#command(changes)).catch((error: unknown) => {
        // One code for every refused change, so the message tells "exists" (or a CNAME holding the name) from the rest.
        if (awsErrorName(error) === 'InvalidChangeBatch' && messagesOf(error).some((text) => /already exists|conflicting RRSet|conflicts with other records/i.test(text))) {
          throw new RecordExistsError(normalizeRecordName(host), { cause: error });
        }
        throw error;
      }),
    );
  }

  async #deleteBatch(batch: ChangeGroup[]): Promise<void> {
    let pending = batch;
    const changed: string[] = [];
    while (pending.length > 0) {
      const changes = pending.flatMap((group) => group.changes);
      const refused = await this.#send(() =>
        this.#client.send(this.#command(changes)).then(
          () => undefined,
          (error: unknown) => {
            const parsed = refusedDeletes(error);
            if (parsed) return parsed;
            throw error;
          },
        ),
      );
      if (!refused) break;
      const next = pending.flatMap((group) => {
        if (group.changes.some((change) => refused.changed.has(changeKey(change)))) {
          changed.push(group.host);
          return [];
        }
        const kept = group.changes.filter((change) => !refused.missing.has(changeKey(change)));
        return kept.length > 0 ? [{ ...group, changes: kept }] : [];
      });
      if (next.flatMap((group) => group.changes).length === changes.length) {
        throw new CloudError(OPERATION, 'Route 53 refused deletes of records that are not in the request');
      }
      pending = next;
    }
    if (changed.length > 0) {
      throw new CloudError(OPERATION, `records changed since they were read, left in place: ${changed.join(', ')}`, {
        context: { resource: changed.join(','), hostsLeft: changed },
      });
    }
  }

  #list(
    start: { StartRecordName?: string; StartRecordType?: RRType; StartRecordIdentifier?: string },
    maxItems: number,
  ): Promise<ListResourceRecordSetsCommandOutput> {
    return withRetry(
      'route53:ListResourceRecordSets',
      () =>
        this.#client.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: this.#zone,
            ...start,
            MaxItems: maxItems,
          }),
        ),
      this.#retry,
    );
  }

  #command(changes: Change[]): ChangeResourceRecordSetsCommand {
    return new ChangeResourceRecordSetsCommand({ HostedZoneId: this.#zone, ChangeBatch: { Changes: changes } });
  }

  #send<T>(call: () => Promise<T>): Promise<T> {
    return withRetry(OPERATION, call, this.#retry);
  }
}

/** Where a ListResourceRecordSets page starts: at the beginning of the zone, at a name, or where the last page ended. */
interface ListStart {
  StartRecordName?: string;
  StartRecordType?: RRType;
  StartRecordIdentifier?: string;
}

function nextStart(page: ListResourceRecordSetsCommandOutput): ListStart {
  return {
    StartRecordName: page.NextRecordName ?? '',
    ...(page.NextRecordType ? { StartRecordType: page.NextRecordType } : {}),
    ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
  };
}

/** The alias A and ownership TXT changes for a host's records (only those it has). */
function changesFor(action: 'CREATE' | 'DELETE', records: HostRecords): Change[] {
  const name = normalizeRecordName(records.host);
  const changes: Change[] = [];
  if (records.alias) {
    changes.push({
      Action: action,
      ResourceRecordSet: {
        Name: name,
        Type: 'A',
        AliasTarget: {
          HostedZoneId: records.alias.hostedZoneId,
          DNSName: records.alias.dnsName,
          EvaluateTargetHealth: records.alias.evaluateTargetHealth,
        },
      },
    });
  }
  if (records.ownership) {
    changes.push({
      Action: action,
      ResourceRecordSet: {
        Name: name,
        Type: 'TXT',
        TTL: records.ownership.ttl,
        ResourceRecords: [{ Value: quoteTxt(records.ownership.value) }],
      },
    });
  }
  return changes;
}

function toHostRecords(host: string, sets: readonly ResourceRecordSet[]): HostRecords {
  const aliasSet = sets.find((set) => set.Type === 'A' && set.AliasTarget);
  const txt = sets.find((set) => set.Type === 'TXT' && (set.ResourceRecords ?? []).length > 0);
  const foreign = sets
    .filter((set) => set !== aliasSet && set !== txt)
    .map((set) => ({ type: set.Type ?? '', value: set.AliasTarget?.DNSName ?? set.ResourceRecords?.[0]?.Value ?? '' }));
  return {
    host,
    ...(aliasSet?.AliasTarget
      ? {
          alias: {
            dnsName: (aliasSet.AliasTarget.DNSName ?? '').replace(/\.$/, ''),
            hostedZoneId: aliasSet.AliasTarget.HostedZoneId ?? '',
            evaluateTargetHealth: aliasSet.AliasTarget.EvaluateTargetHealth ?? false,
          },
        }
      : {}),
    // A TXT record with several values is not devenv's (it writes one); its first value is enough to tell.
    ...(txt ? { ownership: { value: unquoteTxt(txt.ResourceRecords?.[0]?.Value ?? ''), ttl: txt.TTL ?? 0 } } : {}),
    ...(foreign.length > 0 ? { foreign } : {}),
  };
}

function changeKey(change: Change): string {
  return `${normalizeRecordName(change.ResourceRecordSet?.Name ?? '')} ${change.ResourceRecordSet?.Type ?? ''}`;
}

/** Route 53 reports each problem of an InvalidChangeBatch in `messages`; the SDK's `message` joins them. */
function messagesOf(error: unknown): string[] {
  const { messages, message } = error as { messages?: unknown; message?: unknown };
  const list = Array.isArray(messages) ? messages.filter((text): text is string => typeof text === 'string') : [];
  return list.length > 0 ? list : typeof message === 'string' ? [message] : [];
}

/**
 * The records of a refused DELETE batch, split into those already gone and those whose values changed; undefined
 * when the error is anything else (or mentions any other problem), which then fails the batch.
 */
function refusedDeletes(error: unknown): { missing: Set<string>; changed: Set<string> } | undefined {
  if (awsErrorName(error) !== 'InvalidChangeBatch') return undefined;
  const missing = new Set<string>();
  const changed = new Set<string>();
  for (const text of messagesOf(error)) {
    const matches = [...text.matchAll(REFUSED_DELETE)];
    if (matches.length === 0) return undefined;
    for (const [, name = '', type = '', reason = ''] of matches) {
      (reason === 'it was not found' ? missing : changed).add(`${normalizeRecordName(name)} ${type}`);
    }
  }
  return missing.size + changed.size > 0 ? { missing, changed } : undefined;
}
