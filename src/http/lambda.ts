import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { AppEnv } from './app-env.js';

/**
 * The app as a Lambda handler for a Function URL or an API Gateway HTTP API (payload v2; v1 and ALB events work too).
 * `hono/aws-lambda` passes the Lambda context on, so `?wait=` stops before the function's timeout.
 *
 * @example
 * export const handler = createLambdaHandler(createApp({ engine, authenticator }));
 */
export function createLambdaHandler<S extends {}>(app: Hono<AppEnv, S, '/'>) {
  return handle(app);
}

export type LambdaHandler = ReturnType<typeof createLambdaHandler>;
