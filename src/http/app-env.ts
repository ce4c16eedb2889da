import type { HttpBindings } from '@hono/node-server';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import type { Logger } from '../observability/logger.js';
import type { Principal } from '../access/principal.js';

/** What `hono/aws-lambda` passes as `c.env`. */
export interface LambdaBindings {
  event: LambdaEvent;
  lambdaContext?: LambdaContext;
}

/** The hono environment of the devenv API: bindings differ per runtime, variables are set by the middleware. */
export interface AppEnv {
  Bindings: Partial<LambdaBindings & HttpBindings>;
  Variables: {
    /** devenv's id of the request: the Lambda invocation's, or a random UUID. */
    requestId: string;
    /** When the request reached the app (its clock), before authentication: what `?wait=`'s cap counts from. */
    receivedAt: number;
    /** The caller's `X-Request-Id`, when it sent a well-formed one: logged, never used as `requestId`. */
    clientRequestId?: string;
    /** The request's logger, with its request id on every line. */
    logger: Logger;
    /** Set by the authentication middleware on every `/v1` route. */
    principal: Principal;
  };
}
