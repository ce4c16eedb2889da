import type { SlackPrincipal } from '../access/principal.js';
import { slackOwner } from '../access/owners.js';
import type { DevenvConfig } from '../core/config.js';
import { slackSettings } from './settings.js';

/** A Slack user as Slack's signed request names them. */
export interface SlackUser {
  teamId: string;
  userId: string;
}

/** The caller behind a signed Slack request: owner `slack:<team>/<user>`, admin when the configuration names the user. */
export function slackPrincipal(user: SlackUser, config: DevenvConfig): SlackPrincipal {
  const admin = slackSettings(config).admins.includes(user.userId);
  return { kind: 'slack', owner: slackOwner(user.teamId, user.userId), role: admin ? 'admin' : 'user', teamId: user.teamId, userId: user.userId };
}
