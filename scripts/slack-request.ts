/**
 * Sends devenv a correctly signed Slack request, as Slack would, and prints what devenv answers and posts: the
 * Slack flow with no Slack workspace. Start the local server first (`npm start`), then:
 *
 *   export SLACK_SIGNING_SECRET=…                         # as npm start printed it
 *   npx tsx scripts/slack-request.ts command "create demo web"  # /devenv create demo web
 *   npx tsx scripts/slack-request.ts command "list all"
 *   npx tsx scripts/slack-request.ts click extend demo      # the Extend 8h button (extend | destroy | open)
 *
 * DEVENV_URL (http://127.0.0.1:8787 unless set), SLACK_USER (U0LOCAL) and SLACK_TEAM (T0LOCAL) choose where and who.
 * The command's response_url points at the local server, which keeps what devenv posts there; the script prints each
 * post until the job is done.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ACTIONS } from '../src/slack/blocks.js';
import type { CapturedResponses } from '../src/slack/local-routes.js';
import { LOCAL_RESPONSES_PATH, SLACK_EVENTS_PATH } from '../src/slack/local-routes.js';
import type { SlackMessage } from '../src/slack/message.js';
import { signSlackRequest } from '../src/slack/signing.js';

export interface SlackRequestOptions {
  url: string;
  signingSecret: string;
  /** `command` + the text after /devenv, or `click` + a button (extend, destroy, open) + an environment name. */
  kind: 'command' | 'click';
  text: string;
  environment?: string;
  user?: string;
  team?: string;
  /** How long to wait for the job's posts; two minutes. */
  timeoutMs?: number;
  print?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface SlackRequestResult {
  status: number;
  ack: SlackMessage | undefined;
  posts: SlackMessage[];
}

const BUTTONS: Record<string, string> = { extend: ACTIONS.extend, destroy: ACTIONS.destroy, open: ACTIONS.open };

export async function sendSlackRequest({
  url,
  signingSecret,
  kind,
  text,
  environment = '',
  user = 'U0LOCAL',
  team = 'T0LOCAL',
  timeoutMs = 120_000,
  print = (line) => process.stdout.write(`${line}\n`),
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: SlackRequestOptions): Promise<SlackRequestResult> {
  const base = url.replace(/\/$/, '');
  const responseUrl = `${base}${LOCAL_RESPONSES_PATH}${randomUUID()}`;
  let rawBody: string;
  if (kind === 'command') {
    rawBody = new URLSearchParams({ command: '/devenv', text, team_id: team, user_id: user, user_name: user.toLowerCase(), channel_id: 'C0LOCAL', response_url: responseUrl, trigger_id: randomUUID() }).toString();
    print(`→ /devenv ${text}`);
  } else {
    const actionId = BUTTONS[text];
    if (!actionId) throw new Error(`click takes extend, destroy or open, not "${text}"`);
    const payload = {
      type: 'block_actions',
      team: { id: team },
      user: { id: user, team_id: team },
      response_url: responseUrl,
      trigger_id: randomUUID(),
      actions: [{ type: 'button', action_id: actionId, block_id: `devenv_env_${environment}`, value: environment, action_ts: String(Date.now() / 1000) }],
    };
    rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    print(`→ click ${text} ${environment}`);
  }
  const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(signingSecret, rawBody, Math.floor(Date.now() / 1000)) };
  const response = await fetch(`${base}${SLACK_EVENTS_PATH}`, { method: 'POST', headers, body: rawBody });
  const body = await response.text();
  const ack = body ? (JSON.parse(body) as SlackMessage) : undefined;
  print(`← ${response.status}${ack ? `: ${render(ack)}` : ''}`);
  const posts: SlackMessage[] = [];
  if (response.status !== 200) return { status: response.status, ack, posts };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const captured = (await (await fetch(responseUrl)).json()) as CapturedResponses;
    for (const message of captured.messages.slice(posts.length)) {
      posts.push(message);
      print(`⇢ response_url: ${render(message)}`);
    }
    if (captured.settled || Date.now() > deadline) break;
    await sleep(500);
  }
  return { status: response.status, ack, posts };
}

/** A message as text, with its buttons as `[Open]`. */
function render(message: SlackMessage): string {
  const buttons = (message.blocks ?? []).flatMap((block) => (block.type === 'actions' ? block.elements : [])).map((element) => `[${'text' in element && element.text && 'text' in element.text ? element.text.text : '?'}]`);
  return [message.text, buttons.join(' ')].filter(Boolean).join('\n  ');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [kind, text = '', environment] = process.argv.slice(2);
  const signingSecret = process.env.SLACK_SIGNING_SECRET;
  if ((kind !== 'command' && kind !== 'click') || !signingSecret) {
    process.stderr.write('usage: SLACK_SIGNING_SECRET=… npx tsx scripts/slack-request.ts command "<text after /devenv>" | click <extend|destroy|open> <name>\n');
    process.exit(2);
  }
  sendSlackRequest({
    url: process.env.DEVENV_URL ?? 'http://127.0.0.1:8787',
    signingSecret,
    kind,
    text,
    ...(environment ? { environment } : {}),
    ...(process.env.SLACK_USER ? { user: process.env.SLACK_USER } : {}),
    ...(process.env.SLACK_TEAM ? { team: process.env.SLACK_TEAM } : {}),
  }).then(
    ({ status }) => {
      process.exitCode = status === 200 ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(`slack-request: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
