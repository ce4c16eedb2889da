import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { readApiSettings } from '../src/http/api-settings.js';
import { createApp } from '../src/http/app.js';
import { createAuthenticator, readAuthConfig } from '../src/http/auth/index.js';
import { createLambdaHandler, type LambdaHandler } from '../src/http/lambda.js';
import { createLogger } from '../src/observability/logger.js';
import { buildAwsEngine } from '../src/runtime/aws-engine.js';
import { environmentWithSecrets } from '../src/runtime/aws-secrets.js';
import { requireLambdaConfig } from '../src/runtime/lambda-engine.js';

const logger = createLogger({ service: 'devenv-api' });

const ready: Promise<LambdaHandler> = (async () => {
  const env = await environmentWithSecrets(process.env);
  const config = requireLambdaConfig(env, 'API');
  const authenticator = createAuthenticator({ config: readAuthConfig(env) });
  const { maxWaitSeconds } = readApiSettings(env);
  return createLambdaHandler(createApp({ engine: buildAwsEngine(config), authenticator, logger, maxWaitSeconds }));
})();
// Reported here once; every invocation then fails with the same error instead of the process crashing at init.
ready.catch((error: unknown) => logger.error('api init failed', { error }));

/** Function URL or API Gateway HTTP API (payload v2) target. */
export async function handler(event: LambdaEvent, context: LambdaContext) {
  return (await ready)(event, context);
}
