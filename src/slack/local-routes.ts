import type { InProcessDispatcher } from './in-process-dispatcher.js';
import type { SlackMessage } from './message.js';
import type { SlackEndpoint } from './slack-app.js';

/** Where the local server serves Slack: Bolt's default path, and a stand-in for `response_url`s. */
export const SLACK_EVENTS_PATH = '/slack/events';
export const LOCAL_RESPONSES_PATH = '/slack/responses/';

const RESPONSE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_CAPTURED = 200;

/** What the local server holds for one captured `response_url`. */
export interface CapturedResponses {
  messages: SlackMessage[];
  /** False while the job that posts there is still running. */
  settled: boolean;
}

/**
 * The Slack routes of the local server (`npm start`), as a fetch handler that answers `undefined` for other paths:
 * `POST /slack/events` (the same endpoint as on Lambda), and a local `response_url` stand-in so that
 * `scripts/slack-request.ts` can show what devenv posts with no Slack workspace: `POST /slack/responses/<id>` keeps a
 * message, `GET /slack/responses/<id>` returns them and whether the job is done.
 */
export function localSlackRoutes({ endpoint, dispatcher }: { endpoint: SlackEndpoint; dispatcher: InProcessDispatcher }) {
  const captured = new Map<string, SlackMessage[]>();
  return async (request: Request): Promise<Response | undefined> => {
    const url = new URL(request.url);
    if (url.pathname === SLACK_EVENTS_PATH) {
      if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } });
      const headers = Object.fromEntries([...request.headers].map(([name, value]) => [name.toLowerCase(), value]));
      const answer = await endpoint.handle({ rawBody: await request.text(), headers });
      return new Response(answer.body || null, { status: answer.status, headers: answer.headers });
    }
    if (!url.pathname.startsWith(LOCAL_RESPONSES_PATH)) return undefined;
    const id = url.pathname.slice(LOCAL_RESPONSES_PATH.length);
    if (!RESPONSE_ID.test(id)) return new Response(null, { status: 404 });
    if (request.method === 'POST') {
      const messages = captured.get(id) ?? [];
      if (!captured.has(id) && captured.size >= MAX_CAPTURED) captured.delete(captured.keys().next().value!);
      messages.push((await request.json()) as SlackMessage);
      captured.set(id, messages);
      return Response.json({ ok: true });
    }
    if (request.method === 'GET') {
      const body: CapturedResponses = { messages: captured.get(id) ?? [], settled: !dispatcher.running(`${url.origin}${url.pathname}`) };
      return Response.json(body);
    }
    return new Response(null, { status: 405, headers: { allow: 'GET, POST' } });
  };
}
