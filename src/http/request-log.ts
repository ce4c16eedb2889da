import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../observability/logger.js';
import type { AppEnv } from './app-env.js';

/**
 * Gives each request a logger carrying its request id (and the caller's own, as `clientRequestId`), and logs one line
 * when it ends: method, path, status, time and caller. Headers are never logged, so neither are tokens.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const clientRequestId = c.get('clientRequestId');
    c.set('logger', logger.child({ requestId: c.get('requestId'), ...(clientRequestId ? { clientRequestId } : {}) }));
    await next();
    const principal = c.get('principal');
    c.get('logger').info('request completed', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      ...(principal ? { caller: principal.owner } : {}),
    });
  };
}
