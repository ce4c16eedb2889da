import type { Logger } from '../observability/logger.js';
import { createFetchPoster } from '../slack/poster.js';
import { createWorker, type SlackWorker } from '../slack/worker.js';
import { buildAwsEngine } from './aws-engine.js';
import { requireLambdaConfig } from './lambda-engine.js';

/** The Slack worker on Lambda: runs jobs on AWS and posts to their `response_url`. It never loads Bolt. */
export function buildSlackWorker(env: NodeJS.ProcessEnv, logger: Logger): SlackWorker {
  const engine = buildAwsEngine(requireLambdaConfig(env, 'Slack worker'), env);
  return createWorker({ engine, poster: createFetchPoster(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}), logger });
}
