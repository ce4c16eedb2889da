import { ChangeResourceRecordSetsCommand, Route53ServiceException } from '@aws-sdk/client-route-53';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../src/core/errors.js';
import { HOSTED_ZONE_ID } from './fixtures.js';
import { changeBatch, deletes, dns, hostName, invalidChangeBatch, notFound, records, route53 } from './route53-dns-records-setup.js';

beforeEach(() => {
  route53.reset();
});

describe('Class: Route53DnsRecords', () => {
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
});
