import { ForbiddenError, NotFoundError } from '../core/errors.js';
import type { WriteGuard } from '../core/write-guard.js';
import { ownedByRepository } from './auth/github-oidc.js';
import type { Principal } from './auth/principal.js';
import { madeFromBranch } from './pull-request-labels.js';

/**
 * Who may change what. Reads are open to every authenticated caller; writes follow these rules:
 * - `pr-<n>` names are for GitHub Actions jobs: no static token (not even an admin's) may create or update one;
 * - `admin` tokens: extend and destroy any environment, update any other;
 * - `user` tokens: create any other free name; update, extend and destroy only environments whose owner is theirs;
 * - GitHub Actions jobs: only `pr-<n>` where `n` is the pull request of the job's `ref` (`refs/pull/<n>/merge`), and
 *   only when the environment is new or was created by a job of the same repository. A job run because a pull request
 *   was merged has the base branch as `ref`: it may only destroy a `pr-<n>` its repository made from its `head_ref`.
 *
 * What depends on the environment's current holder is a `WriteGuard`: the engine runs it inside its per-environment
 * lock, so no other write can come between the check and the change.
 */

export type WriteAction = 'put' | 'extend' | 'destroy';

const PR_NAME = /^pr-([1-9]\d*)$/;

/** Refuses, before any cloud call, a name the caller could never write, whoever holds it. */
export function assertMayWriteName(principal: Principal, name: string, action: WriteAction): void {
  const reservedFor = PR_NAME.exec(name)?.[1];
  if (principal.kind === 'token') {
    if (action === 'put' && reservedFor !== undefined) {
      throw new ForbiddenError(
        `${name} is reserved for the GitHub Actions job of pull request #${reservedFor}; pick another name, like demo-${reservedFor}`,
        { envName: name },
      );
    }
    return;
  }
  if (principal.pullRequest !== undefined) {
    const own = prEnvironmentName(principal.pullRequest);
    if (name !== own) {
      throw new ForbiddenError(`this job runs for pull request #${principal.pullRequest} of ${principal.repository}: it may manage ${own}, not ${name}`, {
        envName: name,
      });
    }
    return;
  }
  if (principal.closesMergedPullRequest) {
    if (action === 'destroy' && reservedFor !== undefined) return;
    throw new ForbiddenError(
      `a job for a merged pull request (ref ${principal.ref}) may only destroy the pr-<n> environment of its branch, not ${action === 'destroy' ? 'destroy' : 'change'} ${name}`,
      { envName: name },
    );
  }
  throw new ForbiddenError(
    `GitHub Actions tokens may change environments only from pull request workflows (ref refs/pull/<n>/merge); this token's ref is ${principal.ref}`,
    { envName: name },
  );
}

/**
 * The check of the environment's current holder, for the engine to run inside its lock. A user or a job may not
 * destroy what has no service (nothing says whose it is): that stays for the sweep, or an admin.
 */
export function writeGuard(principal: Principal, name: string, action: WriteAction): WriteGuard {
  return (current) => {
    const admin = principal.kind === 'token' && principal.role === 'admin';
    if (!current) {
      if (action === 'destroy' && !admin) throw new NotFoundError(`environment ${name} does not exist`, { envName: name });
      return;
    }
    if (admin) return;
    if (principal.kind === 'token') {
      if (current.owner !== principal.owner) {
        throw new ForbiddenError(`environment ${name} is owned by ${current.owner}; only its owner or an admin may change it`, { envName: name });
      }
      return;
    }
    if (!ownedByRepository(current.owner, principal.repository)) {
      throw new ForbiddenError(`environment ${name} belongs to ${current.owner}, not to a job of ${principal.repository}`, { envName: name });
    }
    // Without a pull request number only a merged pull request's job gets this far: its branch stands for the number.
    const headRef = principal.headRef;
    if (principal.pullRequest === undefined && (headRef === undefined || !madeFromBranch(current.labels, principal.repository, headRef))) {
      throw new ForbiddenError(
        `environment ${name} was not created from branch ${headRef ?? '(unknown)'} of ${principal.repository}; the sweep removes it when it expires`,
        { envName: name },
      );
    }
  };
}

export function prEnvironmentName(pullRequest: number): string {
  return `pr-${pullRequest}`;
}
