import { App } from '@slack/bolt';
import type { Logger } from '../observability/logger.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners, type ListenerOptions } from './listeners.js';
import { DevenvReceiver, type SlackHttpRequest, type SlackHttpResponse } from './receiver.js';
import { MemoryReplayGuard, type ReplayGuard } from './replay-guard.js';

export interface SlackAppOptions extends Omit<ListenerOptions, 'logger'> {
  signingSecret: string;
  logger: Logger;
  replayGuard?: ReplayGuard;
  now?: () => number;
}

export interface SlackEndpoint {
  /** `POST /slack/events`: verifies, acknowledges, hands work over; resolves with the HTTP answer. */
  handle(request: SlackHttpRequest): Promise<SlackHttpResponse>;
}

/**
 * The `/devenv` Slack app over HTTP (Lambda or the local server). It never calls Slack's Web API itself: no bot token,
 * no `auth.test` round trip on a cold start; everything it says goes in acknowledgements, the rest is the worker's.
 *
 * @example
 * const slack = createSlackEndpoint({ config, signingSecret, dispatcher, poster, logger });
 * const { status, body } = await slack.handle({ rawBody, headers });
 */
export function createSlackEndpoint({ signingSecret, logger, replayGuard = new MemoryReplayGuard(), now, ...listeners }: SlackAppOptions): SlackEndpoint {
  const receiver = new DevenvReceiver({ signingSecret, replayGuard, logger, ...(now ? { now } : {}) });
  const app = new App({
    receiver,
    // Requests are authorized by devenv's policy, not by a bot token; with no token Bolt makes no auth.test call.
    authorize: async () => ({}),
    // DevenvReceiver always answers after the listener (Lambda freezes whatever runs later); said here for Bolt too.
    processBeforeResponse: true,
    // No conversation state: each command stands alone.
    convoStore: false,
    logger: boltLogger(logger),
  });
  registerListeners(app, { ...listeners, logger });
  return { handle: (request) => receiver.handle(request) };
}
