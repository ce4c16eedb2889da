import type { Context } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { lambdaInit } from '../src/runtime/lambda-init.js';
import { buildSlackWorker } from '../src/runtime/slack-worker.js';
import { isSlackJob } from '../src/slack/job.js';
import type { SlackWorker } from '../src/slack/worker.js';

const logger = createLogger({ service: 'devenv-slack-worker' });

/** Built once per instance; a failed build is forgotten, so Lambda's retry of the job on this warm instance tries again. */
const worker = lambdaInit(async (): Promise<SlackWorker> => buildSlackWorker(await environmentWithSecrets(process.env), logger), logger, 'slack worker init failed');

/** Invoked asynchronously by the Slack receiver; a rejection is retried by Lambda, then kept by the failure destination. */
export async function handler(event: unknown, context: Context): Promise<void> {
  if (!isSlackJob(event)) {
    // Thrown, not dropped: after Lambda's retries the failure destination keeps the event for a look.
    logger.error('not a slack job', { requestId: context.awsRequestId });
    throw new TypeError('the Slack worker was invoked with something that is not a Slack job');
  }
  await (await worker())(event);
}
