import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { DevenvConfig } from '../core/config.js';
import { formatDuration, parseDuration } from '../core/duration.js';
import type { Logger } from '../observability/logger.js';
import { ACTIONS, EXTEND_BY } from './blocks.js';
import { parseCommand } from './command.js';
import { errorMessage } from './error-text.js';
import { helpMessage } from './help.js';
import type { JobDispatcher, SlackWork } from './job.js';
import type { SlackMessage } from './message.js';
import type { SlackPoster } from './poster.js';
import { prepareWork } from './prepare.js';
import { slackPrincipal } from './slack-principal.js';

export interface ListenerOptions {
  config: DevenvConfig;
  dispatcher: JobDispatcher;
  /** Answers a refused click on its response_url (a click's acknowledgement shows nothing). */
  poster: SlackPoster;
  logger: Logger;
  /** The slash command's name as the Slack app's manifest declares it. */
  command?: string;
  newId?: () => string;
}

const ACCEPTED: Record<SlackWork['kind'], (name: string) => string> = {
  create: (name) => `:hourglass_flowing_sand: Creating *${name}*…`,
  list: () => ':mag: Listing environments…',
  status: (name) => `:mag: Looking at *${name}*…`,
  extend: (name) => `:hourglass_flowing_sand: Extending *${name}*…`,
  destroy: (name) => `:hourglass_flowing_sand: Destroying *${name}*…`,
};

/**
 * `/devenv` and the buttons of devenv's messages. Each acknowledges within Slack's 3 seconds with no cloud call: help
 * and refusals are the acknowledgement itself; anything else is handed to the worker first (so nothing is lost if the
 * hand-over fails: the acknowledgement then says so) and acknowledged as accepted.
 */
export function registerListeners(app: App, { config, dispatcher, poster, logger, command = '/devenv', newId = randomUUID }: ListenerOptions): void {
  const handOver = async (work: SlackWork, user: { teamId: string; userId: string }, responseUrl: string, id: string): Promise<SlackMessage> => {
    await dispatcher.dispatch({ id, user, responseUrl, work });
    logger.info('slack job handed over', { requestId: id, work: work.kind, user: user.userId });
    return { response_type: 'ephemeral', text: ACCEPTED[work.kind]('name' in work ? work.name : '') };
  };

  app.command(command, async ({ command: body, ack }) => {
    const id = newId();
    const user = { teamId: body.team_id, userId: body.user_id };
    let answer: SlackMessage;
    try {
      const parsed = parseCommand(body.text ?? '');
      answer =
        parsed.kind === 'help' ? helpMessage(config) : await handOver(prepareWork(parsed, slackPrincipal(user, config), config), user, body.response_url, id);
    } catch (error) {
      answer = errorMessage(error, { logger, requestId: id });
    }
    await ack(answer);
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTIONS.open }, async ({ ack }) => {
    await ack();
  });

  for (const actionId of [ACTIONS.extend, ACTIONS.destroy]) {
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ action, body, ack }) => {
      const id = newId();
      // The workspace, as a slash command's team_id names it: in an Enterprise organization user.team_id is the org's E… id.
      const user = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
      const name = action.value ?? '';
      // Where environments live less than 8 hours, the button extends to the maximum rather than being refused every time.
      const extendBy = formatDuration(Math.min(parseDuration(EXTEND_BY), config.ttl.max));
      const command = actionId === ACTIONS.extend ? ({ kind: 'extend', name, ttl: extendBy } as const) : ({ kind: 'destroy', name } as const);
      try {
        await handOver(prepareWork(command, slackPrincipal(user, config), config), user, body.response_url, id);
        await ack();
      } catch (error) {
        // A click's acknowledgement shows nothing: a refusal goes to its response_url instead.
        await ack();
        await poster.respond(body.response_url, { ...errorMessage(error, { logger, requestId: id }), replace_original: false });
      }
    });
  }
}
