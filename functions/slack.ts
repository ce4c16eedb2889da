import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { buildSlackReceiver } from '../src/runtime/slack-receiver.js';
import type { SlackLambdaHandler } from '../src/slack/lambda.js';

const logger = createLogger({ service: 'devenv-slack' });

const ready: Promise<SlackLambdaHandler> = environmentWithSecrets(process.env).then((env) => buildSlackReceiver(env, logger));
// Reported here once; every invocation then fails with the same error instead of the process crashing at init.
ready.catch((error: unknown) => logger.error('slack init failed', { error }));

/** Function URL or API Gateway HTTP API (payload v2) target: Slack's request URL for /devenv and its buttons. */
export async function handler(event: APIGatewayProxyEventV2) {
  return (await ready)(event);
}
