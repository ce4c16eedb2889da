/** Roles of static API tokens. CI callers (GitHub OIDC) have no role: their rights come from the pull request. */
export type TokenRole = 'user' | 'admin';

/** A caller that presented a static API token. */
export interface TokenPrincipal {
  kind: 'token';
  /** Recorded as the environment's owner on create; compared on update, extend and destroy for `user`. */
  owner: string;
  role: TokenRole;
}

/** A GitHub Actions job that presented an OIDC token from an allowed repository. */
export interface GitHubPrincipal {
  kind: 'github';
  /** `github:<repository>@<actor>`: recorded as the environment's owner on create. */
  owner: string;
  /** `owner/name` exactly as the token's `repository` claim spells it. */
  repository: string;
  repositoryId: string;
  actor: string;
  /** The `ref` claim, shown when a write is refused because it is not a pull request's. */
  ref: string;
  /** The `event_name` claim (`pull_request`, `push`, …): each write allows only some events (`authorize.ts`). */
  eventName: string;
  /** The allow-list's prefix for this repository: its pull requests' environments are `<namePrefix>-pr-<n>`. */
  namePrefix?: string;
  /** The pull request the job runs for (from `ref` = `refs/pull/<n>/merge`); absent for other events. */
  pullRequest?: number;
  /** The pull request's source branch (`head_ref` claim), for `pull_request` jobs. */
  headRef?: string;
  /**
   * A `pull_request` job run because a pull request was merged: GitHub then gives the base branch as `ref` (the merge
   * ref is gone), so the number is unknown. Such a job may only destroy an environment made from its `headRef` (see
   * `authorize.ts`).
   */
  closesMergedPullRequest: boolean;
}

/**
 * A person using `/devenv` in Slack: the rights of a static token's holder, with `admin` for the Slack user ids the
 * configuration names (`slack.admins`).
 */
export interface SlackPrincipal {
  kind: 'slack';
  /** `slack:<team>/<user>` (see `slackOwner`): recorded as the environment's owner on create. */
  owner: string;
  role: TokenRole;
  teamId: string;
  userId: string;
}

export type Principal = TokenPrincipal | GitHubPrincipal | SlackPrincipal;

/** Turns the `Authorization` header into a caller, or throws `UnauthorizedError` / `ForbiddenError`. */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}
