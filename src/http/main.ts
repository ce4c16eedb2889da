import { InvalidConfigError } from '../core/errors.js';
import { createLogger } from '../observability/logger.js';
import { buildEngineFromEnvironment } from '../runtime/engine.js';
import { localServerNotes } from '../runtime/local-notes.js';
import { runSweep } from '../sweep/run-sweep.js';
import { readLocalSweepSeconds } from '../sweep/sweep-settings.js';
import { startSweepTimer } from '../sweep/sweep-timer.js';
import { startLocalSlack } from '../runtime/local-slack.js';
import { readApiSettings } from './api-settings.js';
import { readAuthConfig } from './auth/config.js';
import { startLocalServer } from './local-server.js';

/** `npm start`: the API on localhost, on real AWS when devenv is configured, else on the seeded simulated cloud. */
async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const logger = createLogger({ service: 'devenv-api' });
  const { maxWaitSeconds } = readApiSettings(env);
  const { engine, mode, seed, config } = await buildEngineFromEnvironment(env);
  const authConfig = readAuthConfig(env, { allowEmpty: mode === 'simulated' });
  // Only the simulated cloud is swept from here: on AWS the scheduled sweep function does it.
  const sweepSeconds = mode === 'simulated' ? readLocalSweepSeconds(env) : 0;
  const slack = await startLocalSlack({ engine, env, logger });
  const server = await startLocalServer({
    engine,
    port,
    ...(env.HOST ? { hostname: env.HOST } : {}),
    authConfig,
    generateAdminToken: mode === 'simulated',
    mode,
    ...(seed ? { notes: localServerNotes({ seed, config, sweepSeconds }) } : {}),
    logger,
    app: { maxWaitSeconds },
    routes: slack.routes,
    onClose: slack.close,
  });
  const sweeps =
    sweepSeconds > 0
      ? startSweepTimer({ run: () => runSweep(engine, logger.child({ job: 'local-sweep' })), intervalMs: sweepSeconds * 1000, logger })
      : undefined;
  const stop = () => {
    Promise.all([sweeps?.stop(), server.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`devenv: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
