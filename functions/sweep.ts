import type { Context } from 'aws-lambda';
import { LAST_BATCH_SECONDS } from '../src/core/sweep.js';
import { createLogger } from '../src/observability/logger.js';
import { buildAwsEngine } from '../src/runtime/aws-engine.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { requireLambdaConfig } from '../src/runtime/lambda-engine.js';
import { sweepWithNotices } from '../src/runtime/scheduled-sweep.js';
import { createFetchPoster } from '../src/slack/poster.js';

const logger = createLogger({ service: 'devenv-sweep' });

/** EventBridge Scheduler target: deletes expired environments and orphans; with SLACK_BOT_TOKEN, sends Slack notices. */
export async function handler(_event: unknown, context: Context) {
  const env = await environmentWithSecrets(process.env);
  const engine = buildAwsEngine(requireLambdaConfig(env, 'sweep'), env);
  const poster = env.SLACK_BOT_TOKEN ? createFetchPoster({ botToken: env.SLACK_BOT_TOKEN }) : undefined;
  const deadline = new Date(Date.now() + context.getRemainingTimeInMillis() - LAST_BATCH_SECONDS * 1000);
  const { report, notices } = await sweepWithNotices(engine, logger.child({ requestId: context.awsRequestId }), poster, undefined, { deadline });
  return {
    expired: report.expired,
    removed: report.removed.length,
    failures: report.failures.length,
    skipped: report.skipped.length,
    ...(notices ? { notices } : {}),
  };
}
