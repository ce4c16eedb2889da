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

function build(): Promise<LambdaHandler> {
  const building = (async () => {
    const env = await environmentWithSecrets(process.env);
    const config = requireLambdaConfig(env, 'API');
    const authenticator = createAuthenticator({ config: readAuthConfig(env) });
    const { maxWaitSeconds } = readApiSettings(env);
    return createLambdaHandler(createApp({ engine: buildAwsEngine(config), authenticator, logger, maxWaitSeconds }));
  })();
  // Reported once per attempt, instead of the process crashing at init.
  building.catch((error: unknown) => logger.error('api init failed', { error }));
  return building;
}

/** Built at the cold start; undefined after a failed build, so that the next invocation builds again. */
let ready: Promise<LambdaHandler> | undefined = build();

/** Function URL or API Gateway HTTP API (payload v2) target. */
export async function handler(event: LambdaEvent, context: LambdaContext) {
  const building = (ready ??= build());
  let app: LambdaHandler;
  try {
    app = await building;
  } catch (error) {
    // This invocation fails; the next one builds again. A failure that may pass (the secret could not be read) would
    // otherwise fail every invocation of this instance until Lambda recycles it.
    if (ready === building) ready = undefined;
    throw error;
  }
  return app(event, context);
}
