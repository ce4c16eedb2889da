import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type Change,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { rejectionOf, world, type World } from './fixtures.js';

const cname = (name: string, value = 'target.example.org', ttl = 60): Change['ResourceRecordSet'] => ({ Name: name, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] });

async function change(w: World, ...changes: Change[]) {
  return w.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, ChangeBatch: { Changes: changes } }));
}

async function names(w: World): Promise<string[]> {
  const { ResourceRecordSets } = await w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId }));
  return ResourceRecordSets!.map((r) => `${r.Name} ${r.Type}`);
}

function albAlias(w: World, name: string): Change['ResourceRecordSet'] {
  return { Name: name, Type: 'A', AliasTarget: { HostedZoneId: w.seed.canonicalHostedZoneId, DNSName: `${w.seed.loadBalancerDnsName}.`, EvaluateTargetHealth: true } };
}

describe('Class: SimulatedRoute53', () => {
  describe('Method: GetHostedZone and ListHostedZones', () => {
    it('returns the zone with its /hostedzone/ id, trailing-dot name and record count', async () => {
      const w = world();

      const { HostedZone, DelegationSet } = await w.route53.send(new GetHostedZoneCommand({ Id: w.seed.hostedZoneId }));
      const { HostedZones } = await w.route53.send(new ListHostedZonesCommand({}));

      expect(HostedZone).toMatchObject({ Id: `/hostedzone/${w.seed.hostedZoneId}`, Name: 'dev.example.com.', ResourceRecordSetCount: 3, Config: { PrivateZone: false } });
      expect(DelegationSet?.NameServers).toHaveLength(4);
      expect(HostedZones).toEqual([HostedZone]);
    });

    it('rejects an unknown zone with NoSuchHostedZone', async () => {
      const w = world();

      const error = await rejectionOf(w.route53.send(new GetHostedZoneCommand({ Id: '/hostedzone/ZNOTHERE' })));

      expect(error.name).toBe('NoSuchHostedZone');
    });
  });

  describe('Method: ListResourceRecordSets', () => {
    it('sorts by name with labels reversed, then by type, with fully qualified names', async () => {
      const w = world();
      await change(
        w,
        { Action: 'CREATE', ResourceRecordSet: cname('b.dev.example.com') },
        { Action: 'CREATE', ResourceRecordSet: cname('a.b.dev.example.com') },
        { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'a.dev.example.com') },
        { Action: 'CREATE', ResourceRecordSet: { Name: 'a.dev.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"owner=alice"' }] } },
      );

      expect(await names(w)).toEqual([
        'dev.example.com. A',
        'dev.example.com. NS',
        'dev.example.com. SOA',
        'a.dev.example.com. A',
        'a.dev.example.com. TXT',
        'b.dev.example.com. CNAME',
        'a.b.dev.example.com. CNAME',
      ]);
    });

    it('pages with MaxItems, IsTruncated and NextRecordName/NextRecordType', async () => {
      const w = world();

      const first = await w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, MaxItems: 2 }));
      const second = await w.route53.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, MaxItems: 2, StartRecordName: first.NextRecordName, StartRecordType: first.NextRecordType }),
      );

      expect(first).toMatchObject({ IsTruncated: true, NextRecordName: 'dev.example.com.', NextRecordType: 'SOA', MaxItems: 2 });
      expect(first.ResourceRecordSets?.map((r) => r.Type)).toEqual(['A', 'NS']);
      expect(second.ResourceRecordSets?.map((r) => r.Type)).toEqual(['SOA']);
      expect(second.IsTruncated).toBe(false);
    });

    it('accepts MaxItems as a string (the older SDK and wire type) and reports 300 as the default', async () => {
      const w = world();

      const asString = (await w.cloud.handle('route53', 'ListResourceRecordSets', { HostedZoneId: w.seed.hostedZoneId, MaxItems: '1' })) as { ResourceRecordSets: unknown[] };
      const byDefault = await w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId }));

      expect(asString.ResourceRecordSets).toHaveLength(1);
      expect(byDefault.MaxItems).toBe(300);
    });

    it('rejects StartRecordType without StartRecordName with InvalidInput', async () => {
      const w = world();

      const error = await rejectionOf(w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, StartRecordType: 'A' })));

      expect(error.name).toBe('InvalidInput');
    });

    it('returns wildcard names escaped as \\052', async () => {
      const w = world();
      await change(w, { Action: 'CREATE', ResourceRecordSet: cname('*.pr-1.dev.example.com') });

      expect(await names(w)).toContain('\\052.pr-1.dev.example.com. CNAME');
    });
  });

  describe('Method: ChangeResourceRecordSets', () => {
    it('returns a PENDING change that GetChange reports INSYNC once the clock has moved', async () => {
      const w = world();

      const { ChangeInfo } = await change(w, { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'pr-1.dev.example.com') });
      w.advanceSeconds(1);
      const polled = await w.route53.send(new GetChangeCommand({ Id: ChangeInfo!.Id }));

      expect(ChangeInfo).toMatchObject({ Id: expect.stringMatching(/^\/change\/C[0-9A-Z]+$/), Status: 'PENDING', SubmittedAt: expect.any(Date) });
      expect(polled.ChangeInfo?.Status).toBe('INSYNC');
    });

    it('reports a change INSYNC on the poll after a PENDING one even when the clock is frozen', async () => {
      const w = world();
      const { ChangeInfo } = await change(w, { Action: 'CREATE', ResourceRecordSet: cname('pr-1.dev.example.com') });

      const first = await w.route53.send(new GetChangeCommand({ Id: ChangeInfo!.Id }));
      const second = await w.route53.send(new GetChangeCommand({ Id: ChangeInfo!.Id }));

      expect([first.ChangeInfo?.Status, second.ChangeInfo?.Status]).toEqual(['PENDING', 'INSYNC']);
    });

    it('rejects CREATE of a record that exists with InvalidChangeBatch and its messages', async () => {
      const w = world();

      const error = await rejectionOf(change(w, { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'dev.example.com') }));

      expect(error.name).toBe('InvalidChangeBatch');
      expect(error.messages).toEqual(["Tried to create resource record set [name='dev.example.com.', type='A'] but it already exists"]);
    });

    it('applies nothing when any change in the batch is invalid', async () => {
      const w = world();
      const before = await names(w);

      const error = await rejectionOf(
        change(w, { Action: 'CREATE', ResourceRecordSet: cname('pr-1.dev.example.com') }, { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'dev.example.com') }),
      );

      expect(error.name).toBe('InvalidChangeBatch');
      expect(await names(w)).toEqual(before);
    });

    it('creates with UPSERT and replaces with UPSERT', async () => {
      const w = world();

      await change(w, { Action: 'UPSERT', ResourceRecordSet: cname('pr-1.dev.example.com', 'one.example.org') });
      await change(w, { Action: 'UPSERT', ResourceRecordSet: cname('pr-1.dev.example.com', 'two.example.org') });

      const { ResourceRecordSets } = await w.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: w.seed.hostedZoneId, StartRecordName: 'pr-1.dev.example.com', MaxItems: 1 }));
      expect(ResourceRecordSets).toEqual([{ Name: 'pr-1.dev.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'two.example.org' }] }]);
    });

    it('rejects a DELETE whose TTL does not match the current record', async () => {
      const w = world();
      await change(w, { Action: 'CREATE', ResourceRecordSet: cname('pr-1.dev.example.com', 'one.example.org', 60) });

      const error = await rejectionOf(change(w, { Action: 'DELETE', ResourceRecordSet: cname('pr-1.dev.example.com', 'one.example.org', 300) }));

      expect(error.messages).toEqual([expect.stringContaining('but the values provided do not match the current values')]);
    });

    it('rejects a DELETE whose alias target does not match the current record', async () => {
      const w = world();
      const alias = albAlias(w, 'dev.example.com')!;

      const error = await rejectionOf(change(w, { Action: 'DELETE', ResourceRecordSet: { ...alias, AliasTarget: { ...alias.AliasTarget!, EvaluateTargetHealth: false } } }));

      expect(error.name).toBe('InvalidChangeBatch');
    });

    it('deletes a record given exactly, alias target included', async () => {
      const w = world();
      await change(w, { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'pr-1.dev.example.com') });

      await change(w, { Action: 'DELETE', ResourceRecordSet: albAlias(w, 'PR-1.dev.example.com.') });

      expect(await names(w)).not.toContain('pr-1.dev.example.com. A');
    });

    it('rejects a DELETE of a record that does not exist', async () => {
      const w = world();

      const error = await rejectionOf(change(w, { Action: 'DELETE', ResourceRecordSet: cname('ghost.dev.example.com') }));

      expect(error.messages).toEqual(["Tried to delete resource record set [name='ghost.dev.example.com.', type='CNAME'] but it was not found"]);
    });

    it('rejects the same record twice in one batch', async () => {
      const w = world();
      await change(w, { Action: 'CREATE', ResourceRecordSet: cname('pr-1.dev.example.com') });

      const error = await rejectionOf(change(w, { Action: 'DELETE', ResourceRecordSet: cname('pr-1.dev.example.com') }, { Action: 'DELETE', ResourceRecordSet: cname('pr-1.dev.example.com') }));

      expect(error.name).toBe('InvalidChangeBatch');
      expect(error.messages).toEqual(["The request contains an invalid set of changes for a resource record set 'CNAME pr-1.dev.example.com.'"]);
    });

    it('rejects an alias A and a TXT record beside a CNAME, and changes nothing', async () => {
      const w = world();
      await change(w, { Action: 'CREATE', ResourceRecordSet: cname('legacy.dev.example.com', 'old.example.org') });
      const before = await names(w);

      const error = await rejectionOf(
        change(
          w,
          { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'legacy.dev.example.com') },
          { Action: 'CREATE', ResourceRecordSet: { Name: 'legacy.dev.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"devenv"' }] } },
        ),
      );

      expect(error.name).toBe('InvalidChangeBatch');
      expect(error.messages).toEqual([
        expect.stringContaining('RRSet of type A with DNS name legacy.dev.example.com. is not permitted because a conflicting RRSet of type CNAME'),
        expect.stringContaining('RRSet of type TXT with DNS name legacy.dev.example.com. is not permitted because a conflicting RRSet of type CNAME'),
      ]);
      expect(await names(w)).toEqual(before);
    });

    it('rejects a CNAME beside records of other types', async () => {
      const w = world();
      await change(w, { Action: 'CREATE', ResourceRecordSet: albAlias(w, 'pr-1.dev.example.com') });

      const error = await rejectionOf(change(w, { Action: 'CREATE', ResourceRecordSet: cname('pr-1.dev.example.com') }));

      expect(error.messages).toEqual([expect.stringContaining('is not permitted as it conflicts with other records with the same DNS name')]);
      expect(await names(w)).not.toContain('pr-1.dev.example.com. CNAME');
    });

    it('rejects a TXT value that is not a double-quoted string', async () => {
      const w = world();

      const error = await rejectionOf(change(w, { Action: 'CREATE', ResourceRecordSet: { Name: 'pr-1.dev.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: 'owner=alice' }] } }));

      expect(error).toMatchObject({ name: 'InvalidChangeBatch', messages: [expect.stringContaining('Value should be enclosed in quotation marks')] });
    });

    it('rejects a batch of more than 1000 record values, counting UPSERT twice', async () => {
      const w = world();
      const values = Array.from({ length: 501 }, (_, i) => ({ Value: `"v${i}"` }));

      const error = await rejectionOf(change(w, { Action: 'UPSERT', ResourceRecordSet: { Name: 'big.dev.example.com', Type: 'TXT', TTL: 60, ResourceRecords: values } }));

      expect(error).toMatchObject({ name: 'InvalidChangeBatch', message: expect.stringContaining('1000') });
    });

    it('rejects a batch of more than 32000 characters of values', async () => {
      const w = world();
      const values = Array.from({ length: 130 }, (_, i) => ({ Value: `"${String(i).padEnd(250, 'x')}"` }));

      const error = await rejectionOf(change(w, { Action: 'CREATE', ResourceRecordSet: { Name: 'big.dev.example.com', Type: 'TXT', TTL: 60, ResourceRecords: values } }));

      expect(error).toMatchObject({ name: 'InvalidChangeBatch', message: expect.stringContaining('32000') });
    });

    it('rejects a record outside the zone', async () => {
      const w = world();

      const error = await rejectionOf(change(w, { Action: 'CREATE', ResourceRecordSet: cname('pr-1.prod.example.com') }));

      expect(error.messages).toEqual(['RRSet with DNS name pr-1.prod.example.com. is not permitted in zone dev.example.com.']);
    });

    it('rejects an alias to a load balancer that does not exist', async () => {
      const w = world();

      const error = await rejectionOf(
        change(w, { Action: 'CREATE', ResourceRecordSet: { Name: 'pr-1.dev.example.com', Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'gone-123.us-east-1.elb.amazonaws.com', EvaluateTargetHealth: false } } }),
      );

      expect(error.name).toBe('InvalidChangeBatch');
    });

    it('rejects a record without TTL and values or an alias target with InvalidInput', async () => {
      const w = world();

      const error = await rejectionOf(change(w, { Action: 'CREATE', ResourceRecordSet: { Name: 'pr-1.dev.example.com', Type: 'A' } }));

      expect(error.name).toBe('InvalidInput');
    });
  });
});
