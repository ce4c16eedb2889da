/**
 * What an environment's recorded owner says about who made it. Owners are written by the doors that authenticate the
 * caller: `github:<repository>@<actor>` for GitHub Actions jobs, `slack:<team>/<user>` for Slack users, the token's
 * configured owner for static tokens.
 */

const SLACK_OWNER = /^slack:([A-Z0-9]+)\/([A-Z0-9]+)$/;
const SLACK_ID = /^[A-Z0-9]{2,40}$/;

/** True when an environment's recorded owner is a job of this repository (any actor). */
export function ownedByRepository(owner: string, repository: string): boolean {
  return owner.toLowerCase().startsWith(`github:${repository.toLowerCase()}@`);
}

/** True for environments made by a GitHub Actions job (CI), whose owner is no person to message. */
export function isCiOwner(owner: string): boolean {
  return owner.startsWith('github:');
}

/**
 * The owner recorded for a Slack user.
 *
 * @example
 * slackOwner('T0123ABC', 'U0456DEF'); // 'slack:T0123ABC/U0456DEF'
 */
export function slackOwner(teamId: string, userId: string): string {
  if (!SLACK_ID.test(teamId) || !SLACK_ID.test(userId)) {
    throw new TypeError(`Slack team and user ids are upper-case letters and digits, not ${teamId.slice(0, 40)}/${userId.slice(0, 40)}`);
  }
  return `slack:${teamId}/${userId}`;
}

/** The Slack team and user of a `slack:<team>/<user>` owner; undefined for any other owner. */
export function slackUserOf(owner: string): { teamId: string; userId: string } | undefined {
  const match = SLACK_OWNER.exec(owner);
  return match ? { teamId: match[1]!, userId: match[2]! } : undefined;
}
