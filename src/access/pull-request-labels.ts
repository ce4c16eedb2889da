import { createHash } from 'node:crypto';
import type { Principal } from './principal.js';

/**
 * Labels that bind a pull request job's environment to where it came from, so that the job run when the pull request
 * is merged (whose token names no pull request number) may destroy exactly the environments of its branch.
 */
export const PULL_REQUEST_LABEL = { repository: 'repository', headRef: 'head-ref' } as const;

/**
 * `sha256:<hex>` of a branch name: label values are tags, with a restricted character set and length that branch
 * names do not respect (`fix/login#2`).
 *
 * @example
 * headRefLabel('feature-x'); // 'sha256:…' (64 hex characters)
 */
export function headRefLabel(headRef: string): string {
  return `sha256:${createHash('sha256').update(headRef, 'utf8').digest('hex')}`;
}

/** The labels a pull request job's create records; undefined for any other caller (labels are set by devenv only). */
export function pullRequestLabels(principal: Principal): Record<string, string> | undefined {
  if (principal.kind !== 'github' || principal.pullRequest === undefined) return undefined;
  return {
    [PULL_REQUEST_LABEL.repository]: principal.repository,
    ...(principal.headRef !== undefined ? { [PULL_REQUEST_LABEL.headRef]: headRefLabel(principal.headRef) } : {}),
  };
}

/** True when the labels say the environment was made by a job of this repository's pull request from `headRef`. */
export function madeFromBranch(labels: Readonly<Record<string, string>>, repository: string, headRef: string): boolean {
  return (
    labels[PULL_REQUEST_LABEL.repository]?.toLowerCase() === repository.toLowerCase() &&
    labels[PULL_REQUEST_LABEL.headRef] === headRefLabel(headRef)
  );
}
