import { probe, within, type KnownDifference } from './known-difference.js';
import { OBSERVING } from './observing-scenarios.js';

const ROUTE53_API = 'https://docs.aws.amazon.com/Route53/latest/APIReference';

/** Where moto differs from AWS in Route 53 (known-differences.ts has the whole list). */
export const ROUTE53_DIFFERENCES: readonly KnownDifference[] = [
  {
    id: 'moto-route53-create-over-existing',
    moto: 'A CREATE of a record that exists fails only if an identical CREATE was made before; with other values it adds a second record set of the same name and type.',
    aws: 'CREATE fails with InvalidChangeBatch ("… but it already exists") whenever a record set of that name and type exists.',
    impact: 'On moto the DNS claim is no lock: two racing creates of one environment can both proceed. Never rely on moto for devenv\'s concurrency guarantees.',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`, `${ROUTE53_API}/API_Change.html`, 'https://github.com/getmoto/moto/issues/5059'],
    ...probe('Route 53: CREATE of a record that exists fails, whatever its values', 'create twice', {
      sameValues: { error: 'InvalidChangeBatch', messageMatches: true },
      otherValues: { ok: true },
      recordSets: [['"first"'], ['"second"']],
    }),
  },
  {
    id: 'moto-route53-delete-stale-values',
    moto: 'A DELETE whose values do not match fails with InvalidInput ("Expected exactly one of [AliasTarget, …]"), unless those values were ever created, in which case it deletes the current record whatever its values.',
    aws: 'A DELETE must name the current values exactly; otherwise InvalidChangeBatch ("… the values provided do not match the current values").',
    impact: 'On moto, removing records that changed since devenv read them fails as a plain cloud error instead of "records changed since they were read".',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`],
    ...probe('Route 53: DELETE must name the current values', 'delete with stale values', {
      outcome: { error: 'InvalidInput', messageMatches: false },
      recordSets: [['"current"']],
    }),
  },
  {
    id: 'moto-route53-delete-gone',
    moto: 'A DELETE of a record that was deleted before succeeds.',
    aws: 'A DELETE of a record that does not exist fails with InvalidChangeBatch ("… but it was not found").',
    impact: 'None: devenv treats "not found" on delete as done (and sends the rest of the batch again).',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`],
    ...probe('Route 53: DELETE of a record that is gone fails', 'delete again', { ok: true }),
  },
  {
    id: 'moto-route53-batch-not-atomic',
    moto: 'A change batch that fails part-way keeps the changes before the failing one.',
    aws: 'A change batch is transactional: Route 53 makes all of its changes or none.',
    impact: 'On moto a failed DNS claim takeover (DELETE + CREATE in one batch) could leave the host half-changed.',
    docs: [`${ROUTE53_API}/API_ChangeResourceRecordSets.html`],
    ...probe('Route 53: a change batch is all or nothing', 'batch with a bad change', {
      outcome: { error: 'InvalidChangeBatch' },
      recordSets: [['"value"']],
    }),
  },
  {
    id: 'moto-alias-record-ttl',
    moto: 'Lists alias records with `TTL: 0`.',
    aws: 'Alias records have no TTL of their own (Route 53 uses the alias target\'s); ListResourceRecordSets returns none.',
    impact: 'None: devenv ignores the TTL of alias records.',
    docs: [`${ROUTE53_API}/API_ResourceRecordSet.html`],
    ...within(OBSERVING, ({ path, moto, simulated }, { sides }) => {
      const record = /^(.*\.records\."[^"]+ A"\[\d+\])\.ttl$/.exec(path);
      return record !== null && moto === 0 && simulated === undefined && sides.moto.has(`${record[1]}.alias.dnsName`);
    }),
  },
];
