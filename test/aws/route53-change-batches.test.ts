import type { Change } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { changeCost, packChangeGroups, ROUTE53_CHANGE_LIMITS, type ChangeGroup } from '../../src/aws/route53-change-batches.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, BASE_DOMAIN } from './fixtures.js';

const aliasDelete = (host: string): Change => ({
  Action: 'DELETE',
  ResourceRecordSet: {
    Name: host,
    Type: 'A',
    AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false },
  },
});

const txtDelete = (host: string, value: string): Change => ({
  Action: 'DELETE',
  ResourceRecordSet: { Name: host, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: value }] },
});

/** A host's A + TXT pair whose TXT value is exactly `length` characters long. */
const host = (index: number, length = 10): ChangeGroup => {
  const name = `pr-${index}.${BASE_DOMAIN}`;
  return { host: name, changes: [aliasDelete(name), txtDelete(name, `"${'v'.repeat(length - 2)}"`)] };
};

const hosts = (count: number, length = 10): ChangeGroup[] => Array.from({ length: count }, (_, index) => host(index, length));

describe('Function: changeCost', () => {
  it('counts no resource records for an alias record', () => {
    expect(changeCost(aliasDelete('a.example.com'))).toEqual({ resourceRecords: 0, valueCharacters: 0 });
  });

  it('counts each value of a TXT record, quotes included', () => {
    expect(changeCost(txtDelete('a.example.com', '"owner"'))).toEqual({ resourceRecords: 1, valueCharacters: 7 });
  });

  it('counts an UPSERT twice', () => {
    expect(changeCost({ ...txtDelete('a.example.com', '"owner"'), Action: 'UPSERT' })).toEqual({
      resourceRecords: 2,
      valueCharacters: 14,
    });
  });
});

describe('Function: packChangeGroups', () => {
  it('puts everything in one request when it fits', () => {
    // Act
    const batches = packChangeGroups(hosts(3));

    // Assess
    expect(batches).toEqual([hosts(3)]);
  });

  it('fits exactly 1,000 TXT records in one request', () => {
    // Act
    const batches = packChangeGroups(hosts(1_000));

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([1_000]);
  });

  it('starts a second request at the 1,001st TXT record', () => {
    // Act
    const batches = packChangeGroups(hosts(1_001));

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([1_000, 1]);
  });

  it('fits exactly 32,000 characters of values in one request', () => {
    // Prepare: 100 values of 320 characters = 32,000.
    const groups = hosts(100, 320);

    // Act
    const batches = packChangeGroups(groups);

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([100]);
  });

  it('starts a second request when one more character would pass 32,000', () => {
    // Prepare: 99 values of 320 characters, then one of 321 (32,001 in all).
    const groups = [...hosts(99, 320), host(99, 321)];

    // Act
    const batches = packChangeGroups(groups);

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([99, 1]);
  });

  it("never splits a host's A and TXT records", () => {
    // Act
    const batches = packChangeGroups(hosts(1_500));

    // Assess
    for (const batch of batches) for (const group of batch) expect(group.changes.map((change) => change.ResourceRecordSet?.Type)).toEqual(['A', 'TXT']);
  });

  it('does not count alias records against the 1,000-record limit', () => {
    // Prepare: 1,000 hosts with only an alias record, plus 1,000 with a TXT record.
    const aliasOnly = Array.from({ length: 1_000 }, (_, index) => ({ host: `a-${index}`, changes: [aliasDelete(`a-${index}`)] }));

    // Act
    const batches = packChangeGroups([...aliasOnly, ...hosts(1_000)]);

    // Assess
    expect(batches).toHaveLength(1);
  });

  it('fills an earlier request that still has room (first fit)', () => {
    // Prepare: a big value, one that does not fit beside it, then a small one that does.
    const limits = { ...ROUTE53_CHANGE_LIMITS, maxValueCharacters: 100 };
    const groups = [host(1, 80), host(2, 50), host(3, 20)];

    // Act
    const batches = packChangeGroups(groups, limits);

    // Assess
    expect(batches.map((batch) => batch.map((group) => group.host))).toEqual([
      [`pr-1.${BASE_DOMAIN}`, `pr-3.${BASE_DOMAIN}`],
      [`pr-2.${BASE_DOMAIN}`],
    ]);
  });

  it('returns no requests for no groups', () => {
    expect(packChangeGroups([])).toEqual([]);
  });
});
