import { isCiOwner, slackUserOf } from '../access/owners.js';
import type { Engine } from '../core/engine.js';
import type { Environment } from '../core/environment.js';
import type { SweepReport } from '../core/sweep.js';
import type { Logger } from '../observability/logger.js';
import { environmentButtons, timeLeft } from './blocks.js';
import type { SlackMessage } from './message.js';
import type { SlackPoster } from './poster.js';
import { slackSettings } from './settings.js';

export interface NoticeOptions {
  engine: Engine;
  poster: SlackPoster;
  logger: Logger;
  now?: () => Date;
}

export interface NoticeSummary {
  /** Environments whose owner was warned of the expiry. */
  warned: string[];
  /** CI environments announced as ready or expired in their app's channel. */
  ready: string[];
  expired: string[];
  failed: string[];
}

/** A notice not sent is recorded as this, so that the next sweep tries again. */
const UNSENT = 'unsent';
const SENT = 'sent';

/**
 * Slack's part of a sweep: call it before the sweep (it lists the environments, so that the expired ones are still
 * known by app and owner), then call what it returns with the sweep's report. It warns the owners of Slack-made
 * environments that expire within `slack.warnBefore`, once per expiry (recorded in the environment's tags, so an extend
 * re-arms it), and tells an app's notice channel when its CI environments are ready or expired. CI owners are never
 * messaged. A notice that could not be sent is logged and recorded as unsent, so the next sweep sends it.
 *
 * @example
 * const notify = await prepareSlackNotices({ engine, poster, logger });
 * await notify(await runSweep(engine, logger));
 */
export async function prepareSlackNotices({ engine, poster, logger, now = () => new Date() }: NoticeOptions): Promise<(report: SweepReport) => Promise<NoticeSummary>> {
  const before = await engine.list();
  const settings = slackSettings(engine.config);

  return async (report) => {
    const summary: NoticeSummary = { warned: [], ready: [], expired: [], failed: [] };
    const expired = new Set(report.expired);
    const at = now();
    for (const environment of before) {
      const channel = settings.noticeChannels[environment.app];
      const ci = isCiOwner(environment.owner);
      try {
        if (expired.has(environment.name)) {
          if (ci && channel) {
            await poster.postMessage(channel, { text: `:wastebasket: *${environment.name}* (${environment.app}) expired and was removed.` });
            summary.expired.push(environment.name);
          }
          continue;
        }
        const owner = slackUserOf(environment.owner);
        if (owner && !ci && isWithin(environment.expiresAt, at, settings.warnBefore) && environment.notices?.['expiry-warning'] !== environment.expiresAt) {
          const expiresAt = environment.expiresAt;
          if (await send(environment, 'expiry-warning', expiresAt, () => poster.postMessage(owner.userId, expiryWarning(environment, at)), expiresAt)) {
            summary.warned.push(environment.name);
          }
        }
        if (ci && channel && environment.status === 'running' && environment.notices?.ready !== SENT) {
          if (await send(environment, 'ready', SENT, () => poster.postMessage(channel, readyNotice(environment)))) summary.ready.push(environment.name);
        }
      } catch (error) {
        summary.failed.push(environment.name);
        logger.warn('slack notice not sent; the next sweep tries again', { envName: environment.name, error });
      }
    }
    logger.info('slack notices sent', { ...summary });
    return summary;
  };

  /** Records the notice under the environment's lock first (so one sweep of two sends it), then sends it. */
  async function send(environment: Environment, notice: 'expiry-warning' | 'ready', value: string, post: () => Promise<void>, expiresAt?: string): Promise<boolean> {
    const claimed = await engine.recordNotice(environment.name, { notice, value, ...(expiresAt ? { expiresAt } : {}) });
    if (!claimed) return false;
    try {
      await post();
    } catch (error) {
      await engine.recordNotice(environment.name, { notice, value: UNSENT });
      throw error;
    }
    return true;
  }
}

function isWithin(expiresAt: string, now: Date, leadMs: number): boolean {
  const left = new Date(expiresAt).getTime() - now.getTime();
  return left > 0 && left <= leadMs;
}

/** The direct message to the owner: how long is left, with Extend 8h and Destroy now. */
export function expiryWarning(environment: Environment, now: Date): SlackMessage {
  const text = `:alarm_clock: Your environment *${environment.name}* (${environment.app}) expires soon: ${timeLeft(environment.expiresAt, now)} (at ${environment.expiresAt}). Extend it to keep it.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, environmentButtons(environment, { destroyLabel: 'Destroy now' })] };
}

function readyNotice(environment: Environment): SlackMessage {
  const text = `:large_green_circle: *${environment.name}* (${environment.app}) is ready${environment.url ? `: ${environment.url}` : ''}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
