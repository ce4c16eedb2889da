import type { Context } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { buildSlackWorker } from '../src/runtime/slack-worker.js';
import { isSlackJob } from '../src/slack/job.js';
import type { SlackWorker } from '../src/slack/worker.js';

const logger = createLogger({ service: 'devenv-slack-worker' });

let ready: Promise<SlackWorker> | undefined;

/** Built once per instance; a failed build is forgotten, so Lambda's retry of the job on this warm instance tries again. */
function worker(): Promise<SlackWorker> {
  ready ??= environmentWithSecrets(process.env)
    .then((env) => buildSlackWorker(env, logger))
    .catch((error: unknown) => {
      ready = undefined;
      logger.error('slack worker init failed', { error });
      throw error;
    });
  return ready;
}
worker().catch(() => undefined);

/** Invoked asynchronously by the Slack receiver; a rejection is retried by Lambda, then kept by the failure destination. */
export async function handler(event: unknown, context: Context): Promise<void> {
  if (!isSlackJob(event)) {
    // Thrown, not dropped: after Lambda's retries the failure destination keeps the event for a look.
    logger.error('not a slack job', { requestId: context.awsRequestId });
    throw new TypeError('the Slack worker was invoked with something that is not a Slack job');
  }
  await (await worker())(event);
}
