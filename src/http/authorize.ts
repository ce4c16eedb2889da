import type { Environment } from '../core/environment.js';
import { ForbiddenError } from '../core/errors.js';
import { ownedByRepository } from './auth/github-oidc.js';
import type { Principal } from './auth/principal.js';

/**
 * Who may change what. Reads are open to every authenticated caller; writes follow these rules:
 * - `admin` tokens: any environment;
 * - `user` tokens: create any free name; update, extend and destroy only environments whose owner is theirs;
 * - GitHub Actions jobs: only `pr-<n>` where `n` is the pull request of the job's `ref` (`refs/pull/<n>/merge`), and
 *   only when the environment is new or was created by a job of the same repository. A job run because a pull request
 *   was merged has the base branch as `ref`: it may destroy (never create, update or extend) `pr-<n>` environments of
 *   its repository.
 */

export type WriteAction = 'write' | 'destroy';

const PR_NAME = /^pr-[1-9]\d*$/;

/** Refuses, before any cloud call, a name the caller could never write. */
export function assertMayWriteName(principal: Principal, name: string, action: WriteAction = 'write'): void {
  if (principal.kind !== 'github') return;
  if (principal.pullRequest === undefined) {
    if (action === 'destroy' && principal.closesMergedPullRequest && PR_NAME.test(name)) return;
    throw new ForbiddenError(
      `GitHub Actions tokens may change environments only from pull request workflows (ref refs/pull/<n>/merge); this token's ref is ${principal.ref}`,
      { envName: name },
    );
  }
  const own = prEnvironmentName(principal.pullRequest);
  if (name !== own) {
    throw new ForbiddenError(`this job runs for pull request #${principal.pullRequest} of ${principal.repository}: it may manage ${own}, not ${name}`, {
      envName: name,
    });
  }
}

/** Refuses a change to an existing environment the caller does not own. `existing` is undefined for a new one. */
export function assertMayChange(
  principal: Principal,
  name: string,
  existing: Pick<Environment, 'owner'> | undefined,
  action: WriteAction = 'write',
): void {
  assertMayWriteName(principal, name, action);
  if (!existing) return;
  if (principal.kind === 'github') {
    if (!ownedByRepository(existing.owner, principal.repository)) {
      throw new ForbiddenError(`environment ${name} belongs to ${existing.owner}, not to a job of ${principal.repository}`, { envName: name });
    }
    return;
  }
  if (principal.role === 'user' && existing.owner !== principal.owner) {
    throw new ForbiddenError(`environment ${name} is owned by ${existing.owner}; only its owner or an admin may change it`, { envName: name });
  }
}

/** Whether the caller's right to change `name` depends on who owns it now (admins need not look it up). */
export function needsOwnerCheck(principal: Principal): boolean {
  return !(principal.kind === 'token' && principal.role === 'admin');
}

export function prEnvironmentName(pullRequest: number): string {
  return `pr-${pullRequest}`;
}
