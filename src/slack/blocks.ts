import type { types } from '@slack/bolt';
import { slackUserOf } from '../access/owners.js';
import type { Environment } from '../core/environment.js';
import type { SlackMessage } from './message.js';

/** `action_id`s of devenv's buttons; the value of each is the environment's name. */
export const ACTIONS = { open: 'devenv_open', extend: 'devenv_extend', destroy: 'devenv_destroy' } as const;

/** What the Extend button adds. */
export const EXTEND_BY = '8h';

const STATUS_ICON: Record<Environment['status'], string> = {
  creating: ':hourglass_flowing_sand:',
  running: ':large_green_circle:',
  unhealthy: ':warning:',
  failed: ':red_circle:',
  degraded: ':large_orange_circle:',
};

/** `3h 12m left`, `expired`; to the minute. */
export function timeLeft(expiresAt: string, now: Date): string {
  const ms = new Date(expiresAt).getTime() - now.getTime();
  if (!Number.isFinite(ms)) return 'no expiry';
  if (ms <= 0) return 'expired';
  const minutes = Math.ceil(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days > 0 ? `${days}d` : '', hours > 0 ? `${hours}h` : '', rest > 0 && days === 0 ? `${rest}m` : ''].filter(Boolean);
  return `${parts.join(' ')} left`;
}

/** A Slack user owner as a mention; anything else as it is. */
export function ownerText(owner: string): string {
  const user = slackUserOf(owner);
  return user ? `<@${user.userId}>` : `\`${owner}\``;
}

/** Open (when it has a URL), Extend 8h, and Destroy behind a confirm dialog. */
export function environmentButtons(environment: Pick<Environment, 'name' | 'url'>, { destroyLabel = 'Destroy' } = {}): types.ActionsBlock {
  const elements: types.Button[] = [];
  if (environment.url) {
    elements.push({ type: 'button', action_id: ACTIONS.open, text: { type: 'plain_text', text: 'Open' }, url: environment.url, value: environment.name });
  }
  elements.push({ type: 'button', action_id: ACTIONS.extend, text: { type: 'plain_text', text: `Extend ${EXTEND_BY}` }, value: environment.name });
  elements.push({
    type: 'button',
    action_id: ACTIONS.destroy,
    style: 'danger',
    text: { type: 'plain_text', text: destroyLabel },
    value: environment.name,
    confirm: {
      title: { type: 'plain_text', text: `Destroy ${environment.name}?` },
      text: { type: 'mrkdwn', text: `Everything devenv made for *${environment.name}* is removed. This cannot be undone.` },
      confirm: { type: 'plain_text', text: 'Destroy' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    },
  });
  return { type: 'actions', block_id: `devenv_env_${environment.name}`, elements };
}

/** One environment: status, URL, owner, time left, images, and its buttons. */
export function environmentMessage(environment: Environment, now: Date, headline?: string): SlackMessage {
  const summary = [
    `${STATUS_ICON[environment.status]} *${environment.name}* (${environment.app}) is *${environment.status}*`,
    environment.statusReason ? `_${environment.statusReason}_` : '',
    environment.url ? `<${environment.url}|${environment.url}>` : '',
    `owner ${ownerText(environment.owner)} · ${timeLeft(environment.expiresAt, now)} (until ${environment.expiresAt})`,
    Object.entries(environment.images)
      .map(([container, image]) => `\`${container}\` ${image}`)
      .join(' · '),
  ].filter(Boolean);
  const text = [headline, ...summary].filter(Boolean).join('\n');
  return {
    response_type: 'ephemeral',
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, environmentButtons(environment)],
  };
}

const MAX_LISTED = 40;

/** A compact table, one line per environment: name, app, owner, status, time left, URL. */
export function listMessage(environments: readonly Environment[], now: Date, scope: 'mine' | 'all'): SlackMessage {
  if (environments.length === 0) {
    return { response_type: 'ephemeral', text: scope === 'mine' ? 'You have no environments. `/devenv create <name>` makes one.' : 'There are no environments.' };
  }
  const sorted = [...environments].sort((a, b) => a.name.localeCompare(b.name));
  const lines = sorted
    .slice(0, MAX_LISTED)
    .map(
      (environment) =>
        `${STATUS_ICON[environment.status]} *${environment.name}* · ${environment.app} · ${ownerText(environment.owner)} · ${environment.status} · ${timeLeft(environment.expiresAt, now)}${environment.url ? ` · <${environment.url}|open>` : ''}`,
    );
  if (sorted.length > MAX_LISTED) lines.push(`…and ${sorted.length - MAX_LISTED} more`);
  const header = `${scope === 'mine' ? 'Your' : 'All'} environments (${environments.length}): name · app · owner · status · time left · URL`;
  const blocks: types.KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: header } }];
  // A section's text holds at most 3,000 characters: ten lines each.
  for (let index = 0; index < lines.length; index += 10) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.slice(index, index + 10).join('\n') } });
  }
  return { response_type: 'ephemeral', text: [header, ...lines].join('\n'), blocks };
}
