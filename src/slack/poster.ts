import { fitForSlack } from './fit.js';
import type { SlackMessage } from './message.js';

/**
 * devenv's calls to Slack: posts to a command's or click's `response_url`, and `chat.postMessage` (direct messages and
 * channel notices). Injected everywhere, so tests capture them with no network.
 */
export interface SlackPoster {
  respond(responseUrl: string, message: SlackMessage): Promise<void>;
  /** `channel` is a channel id, or a user id for a direct message from the app. */
  postMessage(channel: string, message: SlackMessage): Promise<void>;
}

export class SlackPostError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackPostError';
  }
}

export interface FetchPosterOptions {
  /** Needed for `postMessage` only; `response_url` posts need no token. */
  botToken?: string;
  fetch?: typeof globalThis.fetch;
  /** Slack's Web API; a test or a local stand-in may point elsewhere. */
  apiUrl?: string;
  timeoutMs?: number;
}

/**
 * `SlackPoster` over `fetch`: two small JSON POSTs need no Web API client (which would double the worker's bundle).
 *
 * @example
 * const poster = createFetchPoster({ botToken: process.env.SLACK_BOT_TOKEN });
 * await poster.respond(job.responseUrl, { text: 'done', replace_original: true });
 */
export function createFetchPoster({ botToken, fetch = globalThis.fetch, apiUrl = 'https://slack.com/api', timeoutMs = 10_000 }: FetchPosterOptions = {}): SlackPoster {
  const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new SlackPostError(`posting to Slack failed: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new SlackPostError(`Slack answered ${response.status} to a post`);
    return response;
  };
  return {
    async respond(responseUrl, message) {
      await post(responseUrl, fitForSlack(message));
    },
    async postMessage(channel, message) {
      if (!botToken) throw new SlackPostError('SLACK_BOT_TOKEN is required to send Slack messages');
      const response = await post(`${apiUrl}/chat.postMessage`, { channel, ...fitForSlack(message) }, { authorization: `Bearer ${botToken}` });
      const answer = (await response.json()) as { ok?: boolean; error?: string };
      if (!answer.ok) throw new SlackPostError(`chat.postMessage failed: ${answer.error ?? 'no reason given'}`);
    },
  };
}
