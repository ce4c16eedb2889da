import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';

/** What a caller's `X-Request-Id` may be to be logged: hono's own rule for request ids. */
const CLIENT_REQUEST_ID = /^[\w\-=]{1,255}$/;

/**
 * Gives every request devenv's own id, sent back as `X-Request-Id`: on Lambda the invocation's `awsRequestId` (so
 * the id in a problem finds the CloudWatch lines), elsewhere a random UUID. A caller's `X-Request-Id` never replaces
 * it (a caller could otherwise make its requests look like others in the logs); it is kept as `clientRequestId`.
 *
 * @example
 * app.use(requestIdentity());
 * app.get('/', (c) => c.text(c.get('requestId')));
 */
export function requestIdentity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = (c.env as AppEnv['Bindings'] | undefined)?.lambdaContext?.awsRequestId ?? crypto.randomUUID();
    c.set('requestId', id);
    const clientId = c.req.header('x-request-id');
    if (clientId !== undefined && CLIENT_REQUEST_ID.test(clientId)) c.set('clientRequestId', clientId);
    c.header('x-request-id', id);
    await next();
  };
}
