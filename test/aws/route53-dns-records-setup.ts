import {
  ChangeResourceRecordSetsCommand,
  InvalidChangeBatch,
  Route53Client,
  type Change,
  type ChangeResourceRecordSetsCommandInput,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { Route53DnsRecords } from '../../src/aws/route53-dns-records.js';
import type { HostRecords } from '../../src/core/ports.js';
import { ALB_DNS_NAME, ALB_ZONE_ID, BASE_DOMAIN, HOSTED_ZONE_ID, INSTANT_RETRY, OWNERSHIP_VALUE } from './fixtures.js';

/**
 * Shared setup of the route53-dns-records-*.test.ts files. Vitest loads this module afresh for each test file, so each
 * file has its own mock; each file resets it in its own `beforeEach`.
 */
export const route53 = mockClient(Route53Client);
export const dns = () => new Route53DnsRecords(new Route53Client({}), { hostedZoneId: `/hostedzone/${HOSTED_ZONE_ID}`, retry: INSTANT_RETRY });

export const hostName = (index: number | string) => `pr-${index}.${BASE_DOMAIN}`;

export const records = (index: number | string, value = `${OWNERSHIP_VALUE} #${index}`): HostRecords => ({
  host: hostName(index),
  alias: { dnsName: ALB_DNS_NAME, hostedZoneId: ALB_ZONE_ID, evaluateTargetHealth: false },
  ownership: { value, ttl: 60 },
});

/** The record sets as Route 53 lists them: trailing dot, quoted TXT, lower-cased alias target with a dot. */
export const listed = (index: number | string, value = `${OWNERSHIP_VALUE} #${index}`): ResourceRecordSet[] => [
  {
    Name: `${hostName(index)}.`,
    Type: 'A',
    AliasTarget: { HostedZoneId: ALB_ZONE_ID, DNSName: `${ALB_DNS_NAME}.`, EvaluateTargetHealth: false },
  },
  { Name: `${hostName(index)}.`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: `"${value}"` }] },
];

export const deletes = (index: number | string, value = `${OWNERSHIP_VALUE} #${index}`): Change[] => [
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

export const changeBatch = (index: number) =>
  (route53.commandCalls(ChangeResourceRecordSetsCommand)[index]?.args[0].input as ChangeResourceRecordSetsCommandInput).ChangeBatch
    ?.Changes ?? [];

export const invalidChangeBatch = (messages: string[]) =>
  new InvalidChangeBatch({ message: `[${messages.join(', ')}]`, messages, $metadata: {} });

export const notFound = (index: number | string, type: string) =>
  `Tried to delete resource record set [name='${hostName(index)}.', type='${type}'] but it was not found`;
