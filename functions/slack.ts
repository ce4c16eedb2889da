import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { buildSlackReceiver } from '../src/runtime/slack-receiver.js';
import type { SlackLambdaHandler } from '../src/slack/lambda.js';

const logger = createLogger({ service: 'devenv-slack' });

let ready: Promise<SlackLambdaHandler> | undefined;

/**
 * Built once per instance, starting at init. A failed build is logged and forgotten, so the next invocation tries again:
 * a read of the secret that failed once (throttled, a network blip) must not fail every request of a warm instance.
 */
function receiver(): Promise<SlackLambdaHandler> {
  ready ??= environmentWithSecrets(process.env)
    .then((env) => buildSlackReceiver(env, logger))
    .catch((error: unknown) => {
      ready = undefined;
      logger.error('slack init failed', { error });
      throw error;
    });
  return ready;
}
receiver().catch(() => undefined);

/** Function URL or API Gateway HTTP API (payload v2) target: Slack's request URL for /devenv and its buttons. */
export async function handler(event: APIGatewayProxyEventV2) {
  return (await receiver())(event);
}
