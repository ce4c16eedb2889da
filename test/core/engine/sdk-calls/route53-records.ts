import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { ALB_DNS_NAME, ALB_ZONE_ID, BASE_DOMAIN } from './fixtures.js';

/** The alias A and ownership TXT record sets at `<env>.<baseDomain>`, as ListResourceRecordSets returns them. */
export function hostRecordSets(env: string, ownership: string, ttl = 60): ResourceRecordSet[] {
  const name = `${env}.${BASE_DOMAIN}.`;
  return [
    { Name: name, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: `${ALB_DNS_NAME}.`, EvaluateTargetHealth: false } },
    { Name: name, Type: 'TXT', TTL: ttl, ResourceRecords: [{ Value: `"${ownership}"` }] },
  ];
}

/** What every zone has, plus a TXT record at the apex that is nobody's ownership record. */
export function zoneApexRecords(): ResourceRecordSet[] {
  const apex = `${BASE_DOMAIN}.`;
  return [
    { Name: apex, Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk.' }, { Value: 'ns-0.awsdns-00.com.' }] },
    {
      Name: apex,
      Type: 'SOA',
      TTL: 900,
      ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }],
    },
    { Name: apex, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 include:_spf.example.com ~all"' }] },
    { Name: `web.${apex}`, Type: 'A', AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: `${ALB_DNS_NAME}.`, EvaluateTargetHealth: true } },
  ];
}
