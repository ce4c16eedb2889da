import { parse } from 'node:querystring';
import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../observability/logger.js';
import type { ReplayGuard } from './replay-guard.js';
import { fitForSlack } from './fit.js';

/** An HTTP request as it reached devenv: the raw body (signatures cover it byte for byte) and lower-case headers. */
export interface SlackHttpRequest {
  rawBody: string;
  headers: Readonly<Record<string, string | undefined>>;
}

export interface SlackHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface DevenvReceiverOptions {
  signingSecret: string;
  replayGuard: ReplayGuard;
  logger: Logger;
  now?: () => number;
}

const EMPTY: Record<string, string> = {};

/**
 * The one form of a Slack signature. Bolt's `verifySlackRequest` splits the header on '=' and ignores anything after a
 * second one, so `v0=<hash>=x` verifies too; the replay lease is keyed on the header, so each such variant of a captured
 * request would pass as new.
 */
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

const REPLAY_CHECK_FAILED = 'devenv could not check this request right now, so it did nothing. Try again in a minute.';

/**
 * A Bolt receiver for one HTTP request at a time, the same on Lambda and on the local server: it verifies the signature
 * and timestamp with Bolt's `verifySlackRequest` and refuses replays before any work, then lets Bolt's listeners run
 * and answers with what they acknowledged (`processBeforeResponse`: on Lambda nothing may run after the answer).
 *
 * @example
 * const receiver = new DevenvReceiver({ signingSecret, replayGuard: new MemoryReplayGuard(), logger });
 * const response = await receiver.handle({ rawBody, headers });
 */
export class DevenvReceiver implements Receiver {
  readonly #signingSecret: string;
  readonly #replayGuard: ReplayGuard;
  readonly #logger: Logger;
  readonly #now: () => number;
  #app: App | undefined;

  constructor({ signingSecret, replayGuard, logger, now = Date.now }: DevenvReceiverOptions) {
    if (!signingSecret) throw new TypeError('a Slack signing secret is required (SLACK_SIGNING_SECRET)');
    this.#signingSecret = signingSecret;
    this.#replayGuard = replayGuard;
    this.#logger = logger;
    this.#now = now;
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async handle({ rawBody, headers }: SlackHttpRequest): Promise<SlackHttpResponse> {
    const signature = headers['x-slack-signature'] ?? '';
    const timestamp = Number(headers['x-slack-request-timestamp']);
    try {
      if (!SIGNATURE.test(signature)) throw new Error('x-slack-signature is not v0= and 64 hex digits');
      verifySlackRequest({
        signingSecret: this.#signingSecret,
        body: rawBody,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: this.#now(),
      });
    } catch (error) {
      this.#logger.warn('slack request refused', { reason: (error as Error).message });
      return { status: 401, headers: EMPTY, body: '' };
    }
    const body = parseBody(rawBody, headers['content-type']);
    let firstSeen: boolean;
    try {
      firstSeen = await this.#replayGuard.firstSeen(signature, timestamp);
    } catch (error) {
      // Fail closed: a request that cannot be checked against replays is not run. Slack retries neither slash commands
      // nor button clicks, so a 5xx would only show the user a bare "failed" — a command gets an ephemeral message
      // saying nothing was done; a click (whose ack body Slack ignores) and anything else get 503, and the Events API
      // (the only thing Slack retries) would try again.
      this.#logger.error('slack request refused: the replay check failed; check the lock table (DEVENV_LOCK_TABLE) and its permissions', { error });
      return typeof body?.command === 'string' ? json({ response_type: 'ephemeral', text: REPLAY_CHECK_FAILED }) : { status: 503, headers: EMPTY, body: '' };
    }
    if (!firstSeen) {
      this.#logger.warn('slack request refused', { reason: 'replayed: this signed request was already handled' });
      return { status: 401, headers: EMPTY, body: '' };
    }
    if (body === undefined) return { status: 400, headers: EMPTY, body: '' };
    if (body.ssl_check) return { status: 200, headers: EMPTY, body: '' };
    if (body.type === 'url_verification') return json({ challenge: body.challenge });

    let acknowledged: unknown;
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        acknowledged = response ?? '';
      },
    };
    try {
      await this.#app?.processEvent(event);
    } catch (error) {
      this.#logger.error('slack listener failed', { error });
      return { status: 500, headers: EMPTY, body: '' };
    }
    if (acknowledged === undefined) return { status: 404, headers: EMPTY, body: '' };
    return typeof acknowledged === 'string' ? { status: 200, headers: EMPTY, body: acknowledged } : json(fitForSlack(acknowledged as Record<string, unknown>));
  }
}

function json(value: unknown): SlackHttpResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Slash commands come form-encoded; interactions form-encoded with a JSON `payload`; events as JSON. */
function parseBody(rawBody: string, contentType: string | undefined): Record<string, any> | undefined {
  try {
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const form = parse(rawBody);
      return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
    }
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
