import { AsyncInvoker } from '../aws/async-invoker.js';
import type { Logger } from '../observability/logger.js';
import type { SlackJob } from '../slack/job.js';
import { createSlackLambdaHandler, type SlackLambdaHandler } from '../slack/lambda.js';
import { createFetchPoster } from '../slack/poster.js';
import { createSlackEndpoint } from '../slack/slack-app.js';
import { requireLambdaConfig } from './lambda-engine.js';
import { requireVariable } from './secrets.js';

/**
 * The Slack receiver on Lambda: verifies, acknowledges and hands each job to the worker function
 * (`DEVENV_SLACK_WORKER_FUNCTION`) by asynchronous invoke. It builds no engine: it never calls ECS, ELB or Route 53.
 */
export function buildSlackReceiver(env: NodeJS.ProcessEnv, logger: Logger): SlackLambdaHandler {
  const config = requireLambdaConfig(env, 'Slack receiver');
  const signingSecret = requireVariable(env, 'SLACK_SIGNING_SECRET');
  const worker = new AsyncInvoker(requireVariable(env, 'DEVENV_SLACK_WORKER_FUNCTION'));
  const endpoint = createSlackEndpoint({
    config,
    signingSecret,
    dispatcher: { dispatch: (job: SlackJob) => worker.invoke(job) },
    poster: createFetchPoster(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
    logger,
  });
  return createSlackLambdaHandler(endpoint);
}
