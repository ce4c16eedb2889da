import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { readApiSettings } from '../src/http/api-settings.js';
import { createApp } from '../src/http/app.js';
import { createAuthenticator, readAuthConfig } from '../src/http/auth/index.js';
import { createLambdaHandler, type LambdaHandler } from '../src/http/lambda.js';
import { createLogger } from '../src/observability/logger.js';
import { buildAwsEngine } from '../src/runtime/aws-engine.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { requireLambdaConfig } from '../src/runtime/lambda-engine.js';
import { lambdaInit } from '../src/runtime/lambda-init.js';

const logger = createLogger({ service: 'devenv-api' });

const app = lambdaInit(
  async (): Promise<LambdaHandler> => {
    const env = await environmentWithSecrets(process.env);
    const config = requireLambdaConfig(env, 'API');
    const authenticator = createAuthenticator({ config: readAuthConfig(env) });
    const { maxWaitSeconds } = readApiSettings(env);
    return createLambdaHandler(createApp({ engine: buildAwsEngine(config), authenticator, logger, maxWaitSeconds }));
  },
  logger,
  'api init failed',
);

/** Function URL or API Gateway HTTP API (payload v2) target. */
export async function handler(event: LambdaEvent, context: LambdaContext) {
  return (await app())(event, context);
}
