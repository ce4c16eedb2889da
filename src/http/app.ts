import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Engine } from '../core/engine.js';
import { NotFoundError } from '../core/errors.js';
import { createLogger, type Logger } from '../observability/logger.js';
import type { AppEnv } from './app-env.js';
import { requireCaller } from './auth/middleware.js';
import type { Authenticator } from '../access/principal.js';
import { assertMayWriteName, writeGuard } from '../access/authorize.js';
import { toView } from './environment-view.js';
import { allowedMethods } from './allowed-methods.js';
import { MethodNotAllowedError, PayloadTooLargeError, RouteNotFoundError } from './errors.js';
import { jsonBody } from './json-body.js';
import { createProblemHandler, problemResponse } from './problem.js';
import { pullRequestLabels } from '../access/pull-request-labels.js';
import { requestIdentity } from './request-id.js';
import { requestLog } from './request-log.js';
import { registerSweepRoutes } from './sweep-handlers.js';
import { environmentRoutes, healthRoute } from './routes.js';
import { MAX_WAIT_SECONDS } from './parameter-schemas.js';
import { validationHook } from './validation.js';
import { waitUntilSettled } from './wait-until-settled.js';

export interface AppOptions {
  engine: Engine;
  authenticator: Authenticator;
  logger?: Logger;
  /** Larger bodies get 413 before anything reads them. */
  maxBodyBytes?: number;
  /** Upper bound of `?wait=` (`readApiSettings`); on Lambda the function's remaining time bounds it too. */
  maxWaitSeconds?: number;
  pollIntervalMs?: number;
  /** Injected in tests so that waiting takes no time (and can move a simulated clock). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A signal that fires after `ms` of real time: on Lambda, when only the margin to answer is left. */
  hardStop?: (ms: number) => AbortSignal;
}

/** Time kept back from a Lambda's remaining time to answer after waiting. */
const LAMBDA_MARGIN_MS = 5_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The devenv REST API as a hono app, the same on Lambda and locally. Every `/v1` route needs a caller; errors leave
 * as RFC 9457 problems from one `onError`; `/openapi.json` is generated from the schemas that validate requests.
 *
 * @example
 * const app = createApp({ engine, authenticator: createAuthenticator({ config: readAuthConfig() }) });
 * const res = await app.request('/v1/environments', { headers: { authorization: `Bearer ${token}` } });
 */
export function createApp({
  engine,
  authenticator,
  logger = createLogger({ service: 'devenv-api' }),
  maxBodyBytes = 64 * 1024,
  maxWaitSeconds = MAX_WAIT_SECONDS,
  pollIntervalMs = 5_000,
  sleep = defaultSleep,
  now = Date.now,
  hardStop = (ms) => AbortSignal.timeout(ms),
}: AppOptions) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook() });
  const baseDomain = engine.config.baseDomain;
  const routes = environmentRoutes({ baseDomain });

  app.use(requestIdentity());
  app.use(async (c, next) => {
    c.set('receivedAt', now());
    await next();
  });
  app.use(requestLog(logger));
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new PayloadTooLargeError(maxBodyBytes);
      },
    }),
  );
  app.use('/v1/*', requireCaller(authenticator));
  app.onError(createProblemHandler(logger));
  app.notFound((c) => {
    // hono calls this also when the path is a route but the method is not: that is a 405 with the methods it has.
    const allow = allowedMethods(app.routes, c.req.path);
    const error = allow.length > 0 ? new MethodNotAllowedError(c.req.method, c.req.path, allow) : new RouteNotFoundError(c.req.method, c.req.path);
    return problemResponse(c, error, logger);
  });

  app.openapi(
    { ...routes.put, middleware: [jsonBody({ required: true })] },
    async (c) => {
      const { name } = c.req.valid('param');
      const { wait } = c.req.valid('query');
      const body = c.req.valid('json');
      const principal = c.get('principal');
      assertMayWriteName(principal, name, 'put');
      const labels = pullRequestLabels(principal);
      const result = await engine.create(
        {
          name,
          app: body.app,
          owner: principal.owner,
          ...(body.ttl !== undefined ? { ttl: body.ttl } : {}),
          ...(body.images ? { images: body.images } : {}),
          ...(body.environment ? { environment: body.environment } : {}),
          ...(labels ? { labels } : {}),
        },
        { guard: writeGuard(principal, name, 'put') },
      );
      c.get('logger').info(`environment ${result.outcome}`, { envName: name, app: body.app, calls: result.calls.length });
      let environment = result.environment;
      if (wait) {
        const remainingMs = c.env?.lambdaContext?.getRemainingTimeInMillis?.();
        // The cap bounds the whole answer (behind API Gateway it must come within 29 s): authentication and the write count.
        const timeoutMs = Math.min(wait * 1000, maxWaitSeconds * 1000 - (now() - c.get('receivedAt')));
        // The deadline only keeps a poll from starting late; one already running (an AWS read can take its client's
        // 20 s timeout, and retries) is abandoned when the function's own time runs out, so the answer still leaves.
        const signal =
          remainingMs === undefined ? c.req.raw.signal : AbortSignal.any([c.req.raw.signal, hardStop(Math.max(0, remainingMs - LAMBDA_MARGIN_MS))]);
        environment = await waitUntilSettled({
          engine,
          initial: environment,
          timeoutMs: remainingMs === undefined ? timeoutMs : Math.min(timeoutMs, remainingMs - LAMBDA_MARGIN_MS),
          pollIntervalMs,
          sleep,
          now,
          logger: c.get('logger'),
          signal,
        });
      }
      c.header('location', `/v1/environments/${name}`);
      const response = { ...toView(environment), outcome: result.outcome, ...(result.repaired ? { repaired: result.repaired } : {}), calls: result.calls };
      if (environment.status === 'creating') return c.json(response, 202);
      return result.outcome === 'created' ? c.json(response, 201) : c.json(response, 200);
    },
    validationHook({ route: routes.put, baseDomain }),
  );

  app.openapi(
    routes.list,
    async (c) => {
      const filter = c.req.valid('query');
      const environments = await engine.list(filter);
      return c.json({ environments: environments.map(toView) }, 200);
    },
    validationHook({ route: routes.list, baseDomain }),
  );

  app.openapi(
    routes.get,
    async (c) => {
      const { name } = c.req.valid('param');
      return c.json(toView(await engine.get(name)), 200);
    },
    validationHook({ route: routes.get, baseDomain }),
  );

  app.openapi(
    { ...routes.extend, middleware: [jsonBody({ required: false })] },
    async (c) => {
      const { name } = c.req.valid('param');
      const { ttl } = c.req.valid('json');
      const principal = c.get('principal');
      assertMayWriteName(principal, name, 'extend');
      const { environment, capped, calls } = await engine.extend(name, ttl, { guard: writeGuard(principal, name, 'extend') });
      c.get('logger').info('environment extended', { envName: name, expiresAt: environment.expiresAt, capped, calls: calls.length });
      return c.json({ ...toView(environment), capped, calls }, 200);
    },
    validationHook({ route: routes.extend, baseDomain }),
  );

  app.openapi(
    routes.repair,
    async (c) => {
      const { name } = c.req.valid('param');
      const principal = c.get('principal');
      // Authorized exactly as a PUT of the environment: a repair re-creates what a PUT would.
      assertMayWriteName(principal, name, 'put');
      const { environment, repaired, calls } = await engine.repair(name, { guard: writeGuard(principal, name, 'put') });
      c.get('logger').info('environment repaired', { envName: name, repaired, calls: calls.length });
      return c.json({ ...toView(environment), repaired, calls }, 200);
    },
    validationHook({ route: routes.repair, baseDomain }),
  );

  app.openapi(
    routes.destroy,
    async (c) => {
      const { name } = c.req.valid('param');
      const principal = c.get('principal');
      assertMayWriteName(principal, name, 'destroy');
      const result = await engine.destroy(name, { guard: writeGuard(principal, name, 'destroy') });
      if (!result.found) throw new NotFoundError(`environment ${name} does not exist`, { envName: name });
      c.get('logger').info('environment destroyed', { envName: name, removed: result.removed.length, calls: result.calls });
      return c.body(null, 204);
    },
    validationHook({ route: routes.destroy, baseDomain }),
  );

  registerSweepRoutes(app, { engine, now, maxWaitSeconds });

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A static API token, or a GitHub Actions OIDC token (requested with the audience this devenv expects) from an allowed repository.',
  });
  app.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'devenv',
      version: '1',
      description: 'Per-pull-request copies of baseline ECS services. Errors are RFC 9457 problems (`application/problem+json`).',
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));

  return app;
}

export type DevenvApp = ReturnType<typeof createApp>;
