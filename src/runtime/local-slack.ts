import { randomBytes } from 'node:crypto';
import { App } from '@slack/bolt';
import type { Engine } from '../core/engine.js';
import type { Logger } from '../observability/logger.js';
import { boltLogger } from '../slack/bolt-logger.js';
import { InProcessDispatcher } from '../slack/in-process-dispatcher.js';
import { registerListeners } from '../slack/listeners.js';
import { localSlackRoutes, SLACK_EVENTS_PATH } from '../slack/local-routes.js';
import { createFetchPoster } from '../slack/poster.js';
import { createSlackEndpoint } from '../slack/slack-app.js';
import { createWorker } from '../slack/worker.js';

export interface LocalSlack {
  /** The Slack routes for the local server (`undefined` for any other path). */
  routes: (request: Request) => Promise<Response | undefined>;
  signingSecret: string;
  dispatcher: InProcessDispatcher;
  /** Waits for the jobs still running and disconnects Socket Mode. */
  close(): Promise<void>;
}

export interface LocalSlackOptions {
  engine: Engine;
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  print?: (line: string) => void;
  /** Worker options for tests (a clock that moves, no real waiting). */
  worker?: { sleep?: (ms: number) => Promise<void>; now?: () => Date; pollIntervalMs?: number };
}

/**
 * `/devenv` for `npm start`: `POST /slack/events` on the local server with the worker in this process, signed with
 * `SLACK_SIGNING_SECRET` or a generated secret it prints; with `SLACK_APP_TOKEN` (`xapp-…`) it also connects to a real
 * workspace over Socket Mode, so no public URL is needed.
 *
 * @example
 * const slack = await startLocalSlack({ engine, logger });
 * await startLocalServer({ engine, routes: slack.routes, onClose: slack.close });
 */
export async function startLocalSlack({ engine, env = process.env, logger, print = (line) => process.stdout.write(`${line}\n`), worker: workerOptions = {} }: LocalSlackOptions): Promise<LocalSlack> {
  const generated = !env.SLACK_SIGNING_SECRET;
  const signingSecret = env.SLACK_SIGNING_SECRET || randomBytes(24).toString('hex');
  const poster = createFetchPoster(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {});
  const slackLogger = logger.child({ door: 'slack' });
  const dispatcher = new InProcessDispatcher({ worker: createWorker({ engine, poster, logger: slackLogger, ...workerOptions }), logger: slackLogger });
  const listeners = { config: engine.config, dispatcher, poster, logger: slackLogger };
  const endpoint = createSlackEndpoint({ ...listeners, signingSecret });

  print(`Slack: POST ${SLACK_EVENTS_PATH} (try: npx tsx scripts/slack-request.ts command "create demo web")`);
  if (generated) {
    print('Slack signing secret for this process (shown once; set SLACK_SIGNING_SECRET to choose one):');
    print(`  export SLACK_SIGNING_SECRET=${signingSecret}`);
  }

  let socketApp: App | undefined;
  if (env.SLACK_APP_TOKEN) {
    socketApp = new App({ socketMode: true, appToken: env.SLACK_APP_TOKEN, authorize: async () => ({}), logger: boltLogger(slackLogger) });
    registerListeners(socketApp, listeners);
    await socketApp.start();
    print('Slack: connected to the workspace over Socket Mode (SLACK_APP_TOKEN)');
  }

  return {
    routes: localSlackRoutes({ endpoint, dispatcher }),
    signingSecret,
    dispatcher,
    close: async () => {
      await socketApp?.stop();
      await dispatcher.idle();
    },
  };
}
