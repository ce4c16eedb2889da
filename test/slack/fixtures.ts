import { createLogger } from '../../src/observability/logger.js';
import { ACTIONS } from '../../src/slack/blocks.js';
import { InProcessDispatcher } from '../../src/slack/in-process-dispatcher.js';
import type { SlackMessage } from '../../src/slack/message.js';
import type { SlackPoster } from '../../src/slack/poster.js';
import type { SlackHttpRequest } from '../../src/slack/receiver.js';
import type { ReplayGuard } from '../../src/slack/replay-guard.js';
import { signSlackRequest } from '../../src/slack/signing.js';
import { createSlackEndpoint } from '../../src/slack/slack-app.js';
import { createWorker } from '../../src/slack/worker.js';
import { simulated, START } from '../support/simulated.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM = 'T0TEAM';
export const USERS = { alice: 'U0ALICE', bob: 'U0BOB', admin: 'U0ADMIN' } as const;
export const RESPONSE_URL = 'https://hooks.slack.com/commands/T0TEAM/1/abc';
/** Requests are signed at the simulated cloud's start; the receiver's clock is there too unless a test moves it. */
export const NOW_SECONDS = Math.floor(START.getTime() / 1000);

export interface RequestOptions {
  user?: string;
  responseUrl?: string;
  timestamp?: number;
  secret?: string;
}

export function slashCommand(text: string, { user = USERS.alice, responseUrl = RESPONSE_URL, timestamp = NOW_SECONDS, secret = SIGNING_SECRET }: RequestOptions = {}): SlackHttpRequest {
  const rawBody = new URLSearchParams({
    token: 'unused',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: 'C0CHANNEL',
    channel_name: 'dev',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/devenv',
    text,
    api_app_id: 'A0APP',
    response_url: responseUrl,
    trigger_id: `trigger-${text}-${user}-${timestamp}`,
  }).toString();
  return { rawBody, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(secret, rawBody, timestamp) } };
}

export function buttonClick(actionId: string, value: string, { user = USERS.alice, responseUrl = RESPONSE_URL, timestamp = NOW_SECONDS, secret = SIGNING_SECRET }: RequestOptions = {}): SlackHttpRequest {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'acme' },
    user: { id: user, team_id: TEAM, name: user.toLowerCase() },
    api_app_id: 'A0APP',
    token: 'unused',
    trigger_id: `trigger-${actionId}-${value}-${user}-${timestamp}`,
    response_url: responseUrl,
    container: { type: 'message', message_ts: '1.2', channel_id: 'C0CHANNEL', is_ephemeral: true },
    channel: { id: 'C0CHANNEL', name: 'dev' },
    actions: [{ type: 'button', action_id: actionId, block_id: `devenv_env_${value}`, value, text: { type: 'plain_text', text: 'x' }, action_ts: '1.3' }],
  };
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { rawBody, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(secret, rawBody, timestamp) } };
}

/** The four signed requests of the security tests, built once. */
export const SIGNED = {
  valid: slashCommand('help'),
  forged: slashCommand('help', { secret: 'not-the-signing-secret' }),
  stale: slashCommand('help', { timestamp: NOW_SECONDS - 5 * 60 - 1 }),
  replayed: slashCommand('list all'),
} as const;

export { ACTIONS };

/** Captures what devenv sends to Slack. */
export class CapturingPoster implements SlackPoster {
  readonly responses: Array<{ url: string; message: SlackMessage }> = [];
  readonly messages: Array<{ channel: string; message: SlackMessage }> = [];
  failNext = 0;

  async respond(url: string, message: SlackMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('Slack is unreachable');
    }
    this.responses.push({ url, message });
  }

  async postMessage(channel: string, message: SlackMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('Slack is unreachable');
    }
    this.messages.push({ channel, message });
  }

  texts(): string[] {
    return this.responses.map(({ message }) => message.text);
  }
}

export const quietLogger = () => createLogger({ service: 'devenv-slack-test' }, { write: () => undefined });

/**
 * The Slack endpoint on a seeded simulated cloud, with the in-process hand-over and a worker whose waiting moves the
 * simulated clock. Alice and Bob are users, U0ADMIN an admin.
 */
export function slackHarness(options: { deploymentSeconds?: number; apps?: 'one' | 'all'; config?: Record<string, unknown>; replayGuard?: ReplayGuard } = {}) {
  const cloud = simulated({
    deploymentSeconds: options.deploymentSeconds ?? 30,
    config: { slack: { admins: [USERS.admin] }, ...options.config },
  });
  const poster = new CapturingPoster();
  const logger = quietLogger();
  const worker = createWorker({
    engine: cloud.engine,
    poster,
    logger,
    pollIntervalMs: 10_000,
    sleep: async (ms) => cloud.advance(ms),
    now: cloud.now,
  });
  const dispatcher = new InProcessDispatcher({ worker, logger });
  let ids = 0;
  const endpoint = createSlackEndpoint({
    config: cloud.config,
    signingSecret: SIGNING_SECRET,
    dispatcher,
    poster,
    logger,
    now: () => START.getTime(),
    newId: () => `job-${(ids += 1)}`,
    ...(options.replayGuard ? { replayGuard: options.replayGuard } : {}),
  });
  /** Sends a request and waits for the work it handed over. */
  const send = async (request: SlackHttpRequest) => {
    const response = await endpoint.handle(request);
    await dispatcher.idle();
    return { ...response, json: response.body ? (JSON.parse(response.body) as SlackMessage) : undefined };
  };
  return { ...cloud, poster, dispatcher, endpoint, send, logger };
}
