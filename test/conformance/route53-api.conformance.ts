import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type Change, type RRType } from '@aws-sdk/client-route-53';
import { expect } from 'vitest';
import type { Backend } from './support/backends.js';
import { attempt, expectAws } from './support/probe.js';
import { scenario } from './support/scenario.js';

/**
 * The Route 53 rules devenv's DnsRecords leans on, probed with plain SDK calls on both backends. The DNS claim (a CREATE
 * that only one of two racing creates wins) and exact deletes rest on these. Each scenario pins one rule: on the
 * simulated cloud as AWS documents it, on moto as it is or as known-differences.ts says it differs.
 */

const txt = (action: Change['Action'], name: string, value: string): Change => ({
  Action: action,
  ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${value}"` }] },
});

const change = (backend: Backend, ...changes: Change[]) =>
  backend.sdk.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: backend.ids.hostedZoneId, ChangeBatch: { Changes: changes } }));

const valuesAt = async (backend: Backend, name: string, type: RRType) => {
  const { ResourceRecordSets = [] } = await backend.sdk.route53.send(
    new ListResourceRecordSetsCommand({ HostedZoneId: backend.ids.hostedZoneId, StartRecordName: name, StartRecordType: type, MaxItems: 10 }),
  );
  return ResourceRecordSets.filter((set) => set.Name === `${name}.` && set.Type === type).map((set) => (set.ResourceRecords ?? []).map((record) => record.Value));
};

scenario('Route 53: CREATE of a record that exists fails, whatever its values', async ({ backend, note }) => {
  const name = 'claim.dev.example.com';
  await change(backend, txt('CREATE', name, 'first'));
  const sameValues = await attempt(() => change(backend, txt('CREATE', name, 'first')), { message: /already exists/ });
  const otherValues = await attempt(() => change(backend, txt('CREATE', name, 'second')), { message: /already exists/ });
  const observed = { sameValues, otherValues, recordSets: await valuesAt(backend, name, 'TXT') };
  note('create twice', observed);
  expect(sameValues).toEqual({ error: 'InvalidChangeBatch', messageMatches: true });
  expectAws(backend, observed, { sameValues, otherValues: { error: 'InvalidChangeBatch', messageMatches: true }, recordSets: [['"first"']] });
});

scenario('Route 53: DELETE must name the current values', async ({ backend, note }) => {
  const name = 'exact.dev.example.com';
  await change(backend, txt('CREATE', name, 'current'));
  const outcome = await attempt(() => change(backend, txt('DELETE', name, 'stale')), { message: /values provided do not match the current values/ });
  const observed = { outcome, recordSets: await valuesAt(backend, name, 'TXT') };
  note('delete with stale values', observed);
  expectAws(backend, observed, { outcome: { error: 'InvalidChangeBatch', messageMatches: true }, recordSets: [['"current"']] });
});

scenario('Route 53: DELETE of a record that is gone fails', async ({ backend, note }) => {
  const name = 'gone.dev.example.com';
  await change(backend, txt('CREATE', name, 'value'));
  await change(backend, txt('DELETE', name, 'value'));
  const outcome = await attempt(() => change(backend, txt('DELETE', name, 'value')), { message: /but it was not found/ });
  note('delete again', outcome);
  expectAws(backend, outcome, { error: 'InvalidChangeBatch', messageMatches: true });
});

scenario('Route 53: a change batch is all or nothing', async ({ backend, note }) => {
  const name = 'atomic.dev.example.com';
  const outcome = await attempt(() => change(backend, txt('CREATE', name, 'value'), txt('CREATE', 'elsewhere.example.org', 'value')));
  const observed = { outcome, recordSets: await valuesAt(backend, name, 'TXT') };
  note('batch with a bad change', observed);
  expect(outcome).toEqual({ error: 'InvalidChangeBatch' });
  expectAws(backend, observed.recordSets, []);
});

scenario('Route 53: ListResourceRecordSets pages by MaxItems', async ({ backend, note }) => {
  await change(backend, txt('CREATE', 'a.dev.example.com', 'a'), txt('CREATE', 'b.dev.example.com', 'b'));
  const names: string[] = [];
  let start: { StartRecordName?: string; StartRecordType?: RRType } = {};
  let pages = 0;
  for (;;) {
    const page = await backend.sdk.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: backend.ids.hostedZoneId, MaxItems: 2, ...start }));
    names.push(...(page.ResourceRecordSets ?? []).map((set) => `${set.Name} ${set.Type}`));
    pages += 1;
    if (!page.IsTruncated || pages >= 10) break;
    start = { StartRecordName: page.NextRecordName!, StartRecordType: page.NextRecordType! };
  }
  note('pages', { pages, names });
  // Route 53 lists by name with its labels reversed (com.example.dev.a …), then by type.
  expect({ pages, names }).toEqual({
    pages: 3,
    names: ['dev.example.com. A', 'dev.example.com. NS', 'dev.example.com. SOA', 'a.dev.example.com. TXT', 'b.dev.example.com. TXT'],
  });
});
