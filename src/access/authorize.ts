import { ForbiddenError, InvalidNameError, NotFoundError } from '../core/errors.js';
import type { WriteGuard } from '../core/write-guard.js';
import { ownedByRepository } from './owners.js';
import type { GitHubPrincipal, Principal } from './principal.js';
import { madeFromBranch } from './pull-request-labels.js';

/**
 * Who may change what. Reads are open to every authenticated caller; writes follow these rules:
 * - `pr-<n>` names (`<prefix>-pr-<n>` too) are for GitHub Actions jobs: no static token (not even an admin's) may create or update one;
 * - `admin` tokens: extend and destroy any environment, update any other;
 * - `user` tokens: create any other free name; update, extend and destroy only environments whose owner is theirs;
 * - Slack users follow the same rules as tokens, `admin` when the configuration names them (`slack.admins`);
 * - GitHub Actions jobs: only `pr-<n>` (`<prefix>-pr-<n>` when the allow-list gives the repository a prefix) where `n`
 *   is the pull request of the job's `ref` (`refs/pull/<n>/merge`), only from the events `EVENTS` allows for the write,
 *   and only when the environment is new or was created by a job of the same repository. A job run because a pull
 *   request was merged has the base branch as `ref`: it may only destroy a `pr-<n>` its repository made from its
 *   `head_ref`.
 * - nobody creates a `pr-0…` name: pull request numbers have no leading zeros, so it could only pass for another.
 *
 * What depends on the environment's current holder is a `WriteGuard`: the engine runs it inside its per-environment
 * lock, so no other write can come between the check and the change.
 */

export type WriteAction = 'put' | 'extend' | 'destroy';

/** A pull request's environment name, `pr-<n>` or `<prefix>-pr-<n>`: reserved for jobs, whatever the prefix. */
const PR_NAME = /^(?:([a-z0-9-]+)-)?pr-(\d+)$/;

/**
 * The `event_name` of the jobs that may do each write. `pull_request` runs the pull request's own workflow; review and
 * comment events run on the same merge ref but are triggered by others, and `pull_request_target` runs the base
 * branch's workflow with the base repository's secrets.
 */
const EVENTS: Readonly<Record<WriteAction, readonly string[]>> = {
  put: ['pull_request'],
  extend: ['pull_request'],
  destroy: ['pull_request'],
};

/** Refuses, before any cloud call, a name the caller could never write, whoever holds it. */
export function assertMayWriteName(principal: Principal, name: string, action: WriteAction): void {
  const reservedFor = PR_NAME.exec(name)?.[2];
  if (action === 'put' && reservedFor?.startsWith('0')) {
    throw new InvalidNameError(`${name} is not a pull request's name: pull request numbers have no leading zero`, { envName: name });
  }
  if (principal.kind !== 'github') {
    if (action === 'put' && reservedFor !== undefined) {
      throw new ForbiddenError(
        `${name} is reserved for the GitHub Actions job of pull request #${reservedFor}; pick another name, like demo-${reservedFor}`,
        { envName: name },
      );
    }
    return;
  }
  if (principal.pullRequest !== undefined) {
    const own = prEnvironmentName(principal.pullRequest, principal.namePrefix);
    if (name !== own) {
      throw new ForbiddenError(`this job runs for pull request #${principal.pullRequest} of ${principal.repository}: it may manage ${own}, not ${name}`, {
        envName: name,
      });
    }
    assertEventAllows(principal, action, name);
    return;
  }
  if (principal.closesMergedPullRequest) {
    const ownPattern = reservedFor !== undefined && name === prEnvironmentName(Number(reservedFor), principal.namePrefix);
    if (action === 'destroy' && ownPattern) {
      assertEventAllows(principal, action, name);
      return;
    }
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
    const admin = principal.kind !== 'github' && principal.role === 'admin';
    if (!current) {
      if (action === 'destroy' && !admin) throw new NotFoundError(`environment ${name} does not exist`, { envName: name });
      return;
    }
    if (admin) return;
    if (principal.kind !== 'github') {
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

/** The sweep (its plan and a run) is the operators': admin tokens only. */
export function assertMaySweep(principal: Principal): void {
  if (principal.kind === 'token' && principal.role === 'admin') return;
  throw new ForbiddenError('only admin tokens may see or run the sweep');
}

/** `pr-<n>`, or `<prefix>-pr-<n>` for a repository the allow-list gives a prefix. */
export function prEnvironmentName(pullRequest: number, namePrefix?: string): string {
  return namePrefix === undefined ? `pr-${pullRequest}` : `${namePrefix}-pr-${pullRequest}`;
}

function assertEventAllows(principal: GitHubPrincipal, action: WriteAction, name: string): void {
  const allowed = EVENTS[action];
  if (!allowed.includes(principal.eventName)) {
    throw new ForbiddenError(
      `a GitHub Actions job of event "${principal.eventName || '(none)'}" may not ${action === 'put' ? 'create or update' : action} ${name}; only ${allowed.join(', ')} jobs may`,
      { envName: name },
    );
  }
}
