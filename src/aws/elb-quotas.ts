import { QuotaExceededError } from '../core/errors.js';
import { awsErrorName } from './retry.js';

/** AWS's own limits that a create can run into: retrying does not help, fewer environments or a higher quota does. */
const ELB_QUOTAS: Readonly<Record<string, string>> = {
  TooManyRulesException: 'the load balancer has as many listener rules as AWS allows it (100 unless raised)',
  TooManyUniqueTargetGroupsPerLoadBalancerException: 'the load balancer routes to as many target groups as AWS allows it (100 unless raised)',
  TooManyTargetGroupsException: 'the AWS account has as many target groups as AWS allows it (3000 unless raised)',
};

/**
 * The QuotaExceededError an ELBv2 quota error stands for, recognised by its code; undefined for any other error.
 *
 * @example
 * .catch((error: unknown) => { throw asQuotaExceeded(error) ?? error; })
 */
export function asQuotaExceeded(error: unknown): QuotaExceededError | undefined {
  const reached = ELB_QUOTAS[awsErrorName(error) ?? ''];
  if (reached === undefined) return undefined;
  return new QuotaExceededError(`${reached}; destroy environments, or raise the quota in AWS Service Quotas (Elastic Load Balancing)`);
}
