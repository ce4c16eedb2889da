export interface AliasTarget {
  dnsName: string;
  hostedZoneId: string;
  evaluateTargetHealth: boolean;
}

/** The records devenv keeps at one host name: an alias A record and a TXT record that says devenv owns it. */
export interface HostRecords {
  /** Fully qualified, no trailing dot, lower case. */
  host: string;
  alias?: AliasTarget;
  ownership?: { value: string; ttl: number };
  /** Other record sets at the name (`CNAME`, a plain `A`, a second TXT…): never devenv's. */
  foreign?: Array<{ type: string; value: string }>;
}

/** Route 53: records in the configured hosted zone. */
export interface DnsRecords {
  /** What exists at exactly this name. */
  read(host: string): Promise<HostRecords>;
  /** Creates both records in one change; throws RecordExistsError when either exists. */
  create(records: HostRecords): Promise<void>;
  /**
   * Deletes exactly these records (current values required), in as few change requests as the API allows. A failure
   * names the hosts it left in place in `context.hostsLeft` (see `hostsLeftBy`) when it can tell them from those it deleted.
   */
  remove(records: readonly HostRecords[]): Promise<void>;
  /** Atomically deletes `current` and creates `next` (one change); fails when `current` changed meanwhile. */
  replace(current: HostRecords, next: HostRecords): Promise<void>;
  /** Every host name strictly under `domain` (`*.<domain>`, any depth) that has a TXT record, with its alias record when there is one. */
  listOwnershipCandidates(domain: string): Promise<HostRecords[]>;
}
