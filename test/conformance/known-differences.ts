import type { ExplainContext, KnownDifference } from './known-difference.js';
import { ECS_DIFFERENCES } from './known-differences-ecs.js';
import { ELBV2_DIFFERENCES } from './known-differences-elbv2.js';
import { ROUTE53_DIFFERENCES } from './known-differences-route53.js';
import type { Difference } from './support/compare.js';

/**
 * Where moto (5.2.1) is known to differ from AWS. This is the one place the comparison forgives a difference, and every
 * entry names the AWS documentation that decides it; the simulated cloud stays on AWS's side of each one.
 * docs/conformance.md shows the same list as a table (known-differences.conformance.ts keeps the two in step).
 * How an entry explains a difference: known-difference.ts.
 */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [...ECS_DIFFERENCES, ...ELBV2_DIFFERENCES, ...ROUTE53_DIFFERENCES];

/** The known difference that explains `difference`, if any. */
export function explain(difference: Difference, context: ExplainContext): KnownDifference | undefined {
  return KNOWN_DIFFERENCES.find((known) => known.explains(difference, context));
}
