import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Authenticator } from '../../access/principal.js';

/** Requires a caller on every route it guards; the caller's owner goes on the request's log lines (never the token). */
export function requireCaller(authenticator: Authenticator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await authenticator.authenticate(c.req.header('authorization'));
    c.set('principal', principal);
    c.set('logger', c.get('logger').child({ caller: principal.owner, callerKind: principal.kind }));
    await next();
  };
}
