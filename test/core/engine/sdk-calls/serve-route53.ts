import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type ListResourceRecordSetsCommandInput, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { Account, Mocks } from './fake-account.js';
import { NOW } from './fixtures.js';

/** Route 53's listing order: by name with its labels reversed (`com.example.dev.pr-1`), then by type. */
const sortKey = (name: string, type = '') => `${name.toLowerCase().replace(/\.$/, '').split('.').reverse().join('.')} ${type}`;
const keyOf = (set: ResourceRecordSet) => sortKey(set.Name ?? '', set.Type);

export function serveRoute53(route53: Mocks['route53'], account: Account): void {
  route53.on(ListResourceRecordSetsCommand).callsFake(async (input: ListResourceRecordSetsCommandInput) => {
    const sorted = [...account.recordSets].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    const start = input.StartRecordName ? sortKey(input.StartRecordName, input.StartRecordType) : '';
    const from = sorted.filter((set) => keyOf(set) >= start);
    const page = from.slice(0, input.MaxItems ?? 300);
    const next = from[page.length];
    return {
      ResourceRecordSets: page,
      IsTruncated: next !== undefined,
      MaxItems: input.MaxItems ?? 300,
      ...(next ? { NextRecordName: next.Name, NextRecordType: next.Type } : {}),
    };
  });
  route53.on(ChangeResourceRecordSetsCommand).resolves({
    ChangeInfo: { Id: '/change/C2682N5HXP0BZ4', Status: 'PENDING', SubmittedAt: NOW },
  });
}
