import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { lambdaInit } from '../src/runtime/lambda-init.js';
import { buildSlackReceiver } from '../src/runtime/slack-receiver.js';
import type { SlackLambdaHandler } from '../src/slack/lambda.js';

const logger = createLogger({ service: 'devenv-slack' });

const receiver = lambdaInit(async (): Promise<SlackLambdaHandler> => buildSlackReceiver(await environmentWithSecrets(process.env), logger), logger, 'slack init failed');

/** Function URL or API Gateway HTTP API (payload v2) target: Slack's request URL for /devenv and its buttons. */
export async function handler(event: APIGatewayProxyEventV2) {
  return (await receiver())(event);
}
