import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  PriorRequestNotComplete,
  Route53ServiceException,
} from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError, RecordExistsError } from '../../src/core/errors.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, BASE_DOMAIN, HOSTED_ZONE_ID, OWNERSHIP_VALUE } from './fixtures.js';
import { dns, hostName, invalidChangeBatch, listed, records, route53 } from './route53-dns-records-setup.js';
import { DEFAULT_RETRY } from '../../src/aws/retry.js';

beforeEach(() => {
  route53.reset();
});

describe('Class: Route53DnsRecords', () => {
  describe('Method: read', () => {
    it('lists from the host name in the bare hosted zone id', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: listed(1), IsTruncated: false });

      // Act
      await dns().read(hostName(1));

      // Assess
      expect(route53).toHaveReceivedCommandWith(ListResourceRecordSetsCommand, {
        HostedZoneId: HOSTED_ZONE_ID,
        StartRecordName: hostName(1),
      });
    });

    it('returns the alias and the unquoted ownership value at exactly that name', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: listed(1), IsTruncated: false });

      // Act
      const found = await dns().read(hostName(1));

      // Assess
      expect(found).toEqual(records(1));
    });

    it('does not take pr-12 for pr-1', async () => {
      // Prepare: pr-1 has no records, so the listing starts at the next name.
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: listed(12), IsTruncated: true, NextRecordName: 'pr-13.' });

      // Act
      const found = await dns().read(hostName(1));

      // Assess
      expect(found).toEqual({ host: hostName(1) });
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1);
    });

    it('matches the name case-insensitively and without the trailing dot', async () => {
      // Prepare
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: listed(1), IsTruncated: false });

      // Act
      const found = await dns().read(`PR-1.${BASE_DOMAIN.toUpperCase()}.`);

      // Assess
      expect(found.ownership?.value).toBe(`${OWNERSHIP_VALUE} #1`);
    });

    it("reads on while a page ends inside the host's records", async () => {
      // Prepare
      const [alias, txt] = listed(1);
      route53
        .on(ListResourceRecordSetsCommand)
        .resolvesOnce({ ResourceRecordSets: [alias!], IsTruncated: true, NextRecordName: `${hostName(1)}.`, NextRecordType: 'TXT' })
        .resolvesOnce({ ResourceRecordSets: [txt!, ...listed(2)], IsTruncated: false });

      // Act
      const found = await dns().read(hostName(1));

      // Assess
      expect(route53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 2, {
        HostedZoneId: HOSTED_ZONE_ID,
        StartRecordName: `${hostName(1)}.`,
        StartRecordType: 'TXT',
      });
      expect(found).toEqual(records(1));
    });
  });

  describe('Method: create', () => {
    it('creates the alias and the quoted TXT record in one change', async () => {
      // Prepare
      route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });

      // Act
      await dns().create(records(1));

      // Assess
      expect(route53).toHaveReceivedCommandExactlyOnceWith(ChangeResourceRecordSetsCommand, {
        HostedZoneId: HOSTED_ZONE_ID,
        ChangeBatch: {
          Changes: [
            {
              Action: 'CREATE',
              ResourceRecordSet: {
                Name: hostName(1),
                Type: 'A',
                AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false },
              },
            },
            {
              Action: 'CREATE',
              ResourceRecordSet: { Name: hostName(1), Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${OWNERSHIP_VALUE} #1"` }] },
            },
          ],
        },
      });
    });

    it('throws RecordExistsError when Route 53 says a record already exists', async () => {
      // Prepare
      const error = invalidChangeBatch([
        `Tried to create resource record set [name='${hostName(1)}.', type='A'] but it already exists`,
      ]);
      route53.on(ChangeResourceRecordSetsCommand).rejects(error);

      // Act
      const failure = await dns().create(records(1)).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(RecordExistsError);
      expect(failure).toMatchObject({ code: 'conflict', context: { resource: hostName(1) }, cause: error });
    });

    it('throws a CloudError for any other invalid change batch', async () => {
      // Prepare
      route53.on(ChangeResourceRecordSetsCommand).rejects(invalidChangeBatch([`RRSet with DNS name ${hostName(1)}. is not permitted in zone example.org.`]));

      // Act
      const failure = await dns().create(records(1)).catch((e: unknown) => e);

      // Assess
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ operation: 'route53:ChangeResourceRecordSets' });
    });
  });

  describe('Throttling', () => {
    it('retries Throttling and PriorRequestNotComplete until the change goes through', async () => {
      // Prepare
      route53
        .on(ChangeResourceRecordSetsCommand)
        .rejectsOnce(new Route53ServiceException({ name: 'Throttling', $fault: 'client', $metadata: {}, message: 'Rate exceeded' }))
        .rejectsOnce(new PriorRequestNotComplete({ message: 'The request was rejected because Route 53 was still processing a prior request.', $metadata: {} }))
        .resolves({});

      // Act
      await dns().create(records(1));

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 3);
    });

    it('throws a CloudError naming the operation when throttling never stops', async () => {
      // Prepare
      route53
        .on(ListResourceRecordSetsCommand)
        .rejects(new Route53ServiceException({ name: 'Throttling', $fault: 'client', $metadata: {}, message: 'Rate exceeded' }));

      // Act
      const failure = await dns().read(hostName(1)).catch((e: unknown) => e);

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, DEFAULT_RETRY.maxAttempts);
      expect(failure).toMatchObject({ name: 'CloudError', operation: 'route53:ListResourceRecordSets' });
    });
  });
});
