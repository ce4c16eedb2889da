import {
  ChangeResourceRecordSetsCommand,
  InvalidChangeBatch,
  ListResourceRecordSetsCommand,
  PriorRequestNotComplete,
  Route53Client,
  Route53ServiceException,
  type Change,
  type ChangeResourceRecordSetsCommandInput,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { Route53DnsRecords } from '../../src/aws/route53-dns-records.js';
import { CloudError, RecordExistsError } from '../../src/core/errors.js';
import type { HostRecords } from '../../src/core/ports.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, BASE_DOMAIN, HOSTED_ZONE_ID, INSTANT_RETRY, OWNERSHIP_VALUE } from './fixtures.js';

const route53 = mockClient(Route53Client);
const dns = () => new Route53DnsRecords(new Route53Client({}), { hostedZoneId: `/hostedzone/${HOSTED_ZONE_ID}`, retry: INSTANT_RETRY });

const hostName = (index: number | string) => `pr-${index}.${BASE_DOMAIN}`;

const records = (index: number | string, value = `${OWNERSHIP_VALUE} #${index}`): HostRecords => ({
  host: hostName(index),
  alias: { dnsName: ALB_DNS_NAME, hostedZoneId: ALB_ZONE_ID, evaluateTargetHealth: false },
  ownership: { value, ttl: 60 },
});

/** The record sets as Route 53 lists them: trailing dot, quoted TXT, lower-cased alias target with a dot. */
const listed = (index: number | string, value = `${OWNERSHIP_VALUE} #${index}`): ResourceRecordSet[] => [
  {
    Name: `${hostName(index)}.`,
    Type: 'A',
    AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: `${ALB_DNS_NAME}.`, EvaluateTargetHealth: false },
  },
  { Name: `${hostName(index)}.`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${value}"` }] },
];

const deletes = (index: number | string, value = `${OWNERSHIP_VALUE} #${index}`): Change[] => [
  {
    Action: 'DELETE',
    ResourceRecordSet: {
      Name: hostName(index),
      Type: 'A',
      AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: ALB_DNS_NAME, EvaluateTargetHealth: false },
    },
  },
  {
    Action: 'DELETE',
    ResourceRecordSet: { Name: hostName(index), Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${value}"` }] },
  },
];

const changeBatch = (index: number) =>
  (route53.commandCalls(ChangeResourceRecordSetsCommand)[index]?.args[0].input as ChangeResourceRecordSetsCommandInput).ChangeBatch
    ?.Changes ?? [];

const invalidChangeBatch = (messages: string[]) =>
  new InvalidChangeBatch({ message: `[${messages.join(', ')}]`, messages, $metadata: {} });

const notFound = (index: number | string, type: string) =>
  `Tried to delete resource record set [name='${hostName(index)}.', type='${type}'] but it was not found`;

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

  describe('Method: remove', () => {
    it("deletes every host's records with their exact values in one request", async () => {
      // Prepare
      route53.on(ChangeResourceRecordSetsCommand).resolves({});

      // Act
      await dns().remove([records(1), records(2)]);

      // Assess
      expect(route53).toHaveReceivedCommandExactlyOnceWith(ChangeResourceRecordSetsCommand, {
        HostedZoneId: HOSTED_ZONE_ID,
        ChangeBatch: { Changes: [...deletes(1), ...deletes(2)] },
      });
    });

    it('splits 1,001 hosts with short values into two requests at the 1,000-record limit', async () => {
      // Prepare
      route53.on(ChangeResourceRecordSetsCommand).resolves({});
      const many = Array.from({ length: 1_001 }, (_, index) => records(index, `o${index}`));

      // Act
      await dns().remove(many);

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(changeBatch(0)).toHaveLength(2_000);
      expect(changeBatch(1)).toEqual(deletes(1_000, 'o1000'));
    });

    it('splits at 32,000 characters of values before 1,000 records when values are long', async () => {
      // Prepare: each quoted value is 200 characters, so 160 hosts fill a request.
      route53.on(ChangeResourceRecordSetsCommand).resolves({});
      const many = Array.from({ length: 200 }, (_, index) => records(index, `${index}`.padEnd(198, '.')));

      // Act
      await dns().remove(many);

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(changeBatch(0)).toHaveLength(320);
      expect(changeBatch(1)).toHaveLength(80);
    });

    it('sends nothing for hosts without records', async () => {
      // Act
      await dns().remove([{ host: hostName(1) }]);

      // Assess
      expect(route53).not.toHaveReceivedCommand(ChangeResourceRecordSetsCommand);
    });

    it('sends a batch again without the records Route 53 says are already gone', async () => {
      // Prepare
      route53
        .on(ChangeResourceRecordSetsCommand)
        .rejectsOnce(invalidChangeBatch([notFound(2, 'TXT')]))
        .resolves({});

      // Act
      await dns().remove([records(1), records(2), records(3)]);

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(changeBatch(1)).toEqual([...deletes(1), deletes(2)[0], ...deletes(3)]);
    });

    it('succeeds when every record is already gone', async () => {
      // Prepare
      route53.on(ChangeResourceRecordSetsCommand).rejects(invalidChangeBatch([notFound(1, 'A'), notFound(1, 'TXT')]));

      // Act
      const done = dns().remove([records(1)]);

      // Assess
      await expect(done).resolves.toBeUndefined();
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1);
    });

    it('leaves a host whose records changed in place, deletes the others, then throws naming it', async () => {
      // Prepare
      const changed = `Tried to delete resource record set [name='${hostName(2)}.', type='TXT'] but the values provided do not match the current values`;
      route53.on(ChangeResourceRecordSetsCommand).rejectsOnce(invalidChangeBatch([changed])).resolves({});

      // Act
      const failure = await dns().remove([records(1), records(2), records(3)]).catch((e: unknown) => e);

      // Assess
      expect(changeBatch(1)).toEqual([...deletes(1), ...deletes(3)]);
      expect(failure).toBeInstanceOf(CloudError);
      expect((failure as CloudError).message).toContain(hostName(2));
    });

    it('still sends the other batches when one fails, then throws', async () => {
      // Prepare
      const denied = new Route53ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'not authorized' });
      route53.on(ChangeResourceRecordSetsCommand).rejectsOnce(denied).resolves({});
      const many = Array.from({ length: 1_001 }, (_, index) => records(index, `o${index}`));

      // Act
      const failure = await dns().remove(many).catch((e: unknown) => e);

      // Assess
      expect(route53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 2);
      expect(failure).toBeInstanceOf(CloudError);
      expect(failure).toMatchObject({ cause: denied });
    });
  });

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
    it('pages through the whole zone, 300 at a time', async () => {
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
      await dns().listOwnershipCandidates();

      // Assess
      expect(route53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 1, { HostedZoneId: HOSTED_ZONE_ID, MaxItems: 300 });
      expect(route53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 2, {
        HostedZoneId: HOSTED_ZONE_ID,
        MaxItems: 300,
        StartRecordName: `${hostName(2)}.`,
        StartRecordType: 'A',
      });
    });

    it('returns every name with a TXT record, with its alias when there is one', async () => {
      // Prepare
      const txtOnly: ResourceRecordSet = { Name: `_verify.${BASE_DOMAIN}.`, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"token"' }] };
      const aliasOnly = listed(3)[0]!;
      route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [...listed(1), txtOnly, aliasOnly], IsTruncated: false });

      // Act
      const candidates = await dns().listOwnershipCandidates();

      // Assess
      expect(candidates).toEqual([records(1), { host: `_verify.${BASE_DOMAIN}`, ownership: { value: 'token', ttl: 300 } }]);
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
      expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 8);
      expect(failure).toMatchObject({ name: 'CloudError', operation: 'route53:ListResourceRecordSets' });
    });
  });
});
