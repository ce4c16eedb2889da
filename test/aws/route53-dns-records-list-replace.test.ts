import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../src/core/errors.js';
import { BASE_DOMAIN, HOSTED_ZONE_ID, OWNERSHIP_VALUE } from './fixtures.js';
import { changeBatch, deletes, dns, hostName, invalidChangeBatch, listed, records, route53 } from './route53-dns-records-setup.js';

beforeEach(() => {
  route53.reset();
});

describe('Class: Route53DnsRecords', () => {
  describe('Method: replace', () => {
    it('deletes the current records and creates the next ones in one request', async () => {
      // Prepare
      route53.on(ChangeResourceRecordSetsCommand).resolves({});
      const next = records(1, `${OWNERSHIP_VALUE} claim=2`);

      // Act
      await dns().replace(records(1), next);

      // Assess
      const changes = changeBatch(0);
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
      expect(changes.map((change) => `${change.Action} ${change.ResourceRecordSet?.Type}`)).toEqual([
        'DELETE A',
        'DELETE TXT',
        'CREATE A',
        'CREATE TXT',
      ]);
      expect(changes.slice(0, 2)).toEqual(deletes(1));
      expect(changes[3]?.ResourceRecordSet?.ResourceRecords).toEqual([{ Value: `"${OWNERSHIP_VALUE} claim=2"` }]);
    });

    it('fails with a CloudError when the current records changed meanwhile', async () => {
      // Prepare
      route53
        .on(ChangeResourceRecordSetsCommand)
        .rejects(
          invalidChangeBatch([
            `Tried to delete resource record set [name='${hostName(1)}.', type='TXT'] but the values provided do not match the current values`,
          ]),
        );

      // Act
      const failure = dns().replace(records(1), records(1, 'other'));

      // Assess
      await expect(failure).rejects.toBeInstanceOf(CloudError);
    });
  });

  describe('Method: listOwnershipCandidates', () => {
    it('pages through the base domain, 300 at a time, starting at it', async () => {
      // Prepare
      route53
        .on(ListResourceRecordSetsCommand)
        .resolvesOnce({
          ResourceRecordSets: [{ Name: `${BASE_DOMAIN}.`, Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-00.com.' }] }, ...listed(1)],
          IsTruncated: true,
          NextRecordName: `${hostName(2)}.`,
          NextRecordType: 'A',
        })
        .resolvesOnce({ ResourceRecordSets: listed(2), IsTruncated: false });

      // Act
      const candidates = await dns().listOwnershipCandidates(BASE_DOMAIN);

      // Assess
      expect(route53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 1, {
        HostedZoneId: HOSTED_ZONE_ID,
        MaxItems: 300,
        StartRecordName: `${BASE_DOMAIN}.`,
      });
      expect(route53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 2, {
        HostedZoneId: HOSTED_ZONE_ID,
        MaxItems: 300,
        StartRecordName: `${hostName(2)}.`,
        StartRecordType: 'A',
      });
      expect(candidates).toEqual([records(1), records(2)]);
    });

    it('returns every name with a TXT record, with its alias when there is one', async () => {
      // Prepare
      const txtOnly: ResourceRecordSet = { Name: `_verify.${BASE_DOMAIN}.`, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"token"' }] };
      const aliasOnly = listed(3)[0]!;
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [...listed(1), txtOnly, aliasOnly], IsTruncated: false });

      // Act
      const candidates = await dns().listOwnershipCandidates(BASE_DOMAIN);

      // Assess
      expect(candidates).toEqual([records(1), { host: `_verify.${BASE_DOMAIN}`, ownership: { value: 'token', ttl: 300 } }]);
    });

    it('stops at the first name after the base domain, and never returns the base domain itself', async () => {
      // Prepare: Route 53's order (reversed labels, trailing dot): the apex, its subtree, then `dev0.example.com`
      const txt = (name: string): ResourceRecordSet => ({ Name: `${name}.`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${OWNERSHIP_VALUE}"` }] });
      route53.on(ListResourceRecordSetsCommand).resolvesOnce({
        ResourceRecordSets: [txt(BASE_DOMAIN), ...listed(1), txt(`a.qa.${BASE_DOMAIN}`), txt('dev0.example.com')],
        IsTruncated: true,
        NextRecordName: 'dev1.example.com.',
        NextRecordType: 'TXT',
      });

      // Act
      const candidates = await dns().listOwnershipCandidates(BASE_DOMAIN);

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
      expect(candidates.map((candidate) => candidate.host)).toEqual([hostName(1), `a.qa.${BASE_DOMAIN}`]);
    });

    it('skips names that sort before the base domain instead of stopping there (an order without the trailing dot)', async () => {
      // Prepare: moto orders `com.example.dev-x` between `com.example.dev` and `com.example.dev.pr-1`
      const txt = (name: string): ResourceRecordSet => ({ Name: `${name}.`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${OWNERSHIP_VALUE}"` }] });
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [txt('dev-x.example.com'), ...listed(1)], IsTruncated: false });

      // Act
      const candidates = await dns().listOwnershipCandidates(BASE_DOMAIN);

      // Assess
      expect(candidates.map((candidate) => candidate.host)).toEqual([hostName(1)]);
    });
  });
});
