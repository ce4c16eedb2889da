import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Engine } from '../core/engine.js';
import { LAST_BATCH_SECONDS } from '../core/sweep.js';
import type { AppEnv } from './app-env.js';
import { assertMaySweep } from '../access/authorize.js';
import { noBody } from './json-body.js';
import { sweepRoutes } from './routes.js';
import { validationHook } from './validation.js';

/**
 * `GET /v1/sweep` (the plan: what a sweep would remove now, nothing changed) and `POST /v1/sweep` (a sweep run now), for
 * admin tokens. The scheduled sweep is `src/sweep/`; these call the same engine methods. `now` is the moment expiry and
 * orphan age are judged by (the app's clock, which tests freeze).
 */
export function registerSweepRoutes(
  app: OpenAPIHono<AppEnv>,
  { engine, now, maxWaitSeconds }: { engine: Engine; now: () => number; maxWaitSeconds: number },
): void {
  const routes = sweepRoutes();

  app.openapi(
    routes.plan,
    async (c) => {
      assertMaySweep(c.get('principal'));
      const at = new Date(now());
      const { expired, orphans, resources, drift, calls } = await engine.planSweep(at);
      return c.json({ dryRun: true as const, at: at.toISOString(), expired, orphans, resources, drift, calls }, 200);
    },
    validationHook({ route: routes.plan }),
  );

  app.openapi(
    { ...routes.run, middleware: [noBody({ hint: 'a dry run is GET /v1/sweep' })] },
    async (c) => {
      assertMaySweep(c.get('principal'));
      const at = new Date(now());
      // Within the answer time the function has (DEVENV_MAX_WAIT_SECONDS, and on Lambda its remaining time): a run killed at
      // its timeout would keep the leases of the environments it had not reached for the sweep's whole lease. What is left
      // is reported skipped.
      const remainingMs = c.env?.lambdaContext?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
      const answerWithinMs = Math.min(maxWaitSeconds * 1000, remainingMs);
      const deadline = new Date(at.getTime() + Math.max(0, answerWithinMs - LAST_BATCH_SECONDS * 1000));
      const report = await engine.sweep(at, { deadline });
      const logger = c.get('logger');
      // The AWS error goes under its own key: a field named `message` would replace the line's own.
      for (const { message, ...failure } of report.failures) logger.warn('sweep could not remove a resource; the next sweep tries again', { ...failure, reason: message });
      logger.info('sweep finished', { expired: report.expired, orphans: report.orphans.length, removed: report.removed.length, failures: report.failures.length });
      const { expired, orphans, removed, failures, skipped, drift, calls } = report;
      return c.json({ dryRun: false as const, at: at.toISOString(), expired, orphans, removed, failures, skipped, drift, calls }, 200);
    },
    validationHook({ route: routes.run }),
  );
}
