import { InvalidConfigError } from '../core/errors.js';
import { readApiSettings } from '../http/api-settings.js';
import { readAuthConfig } from '../http/auth/config.js';
import { startLocalServer } from '../http/local-server.js';
import { createLogger } from '../observability/logger.js';
import { runSweep } from '../sweep/run-sweep.js';
import { readLocalSweepSeconds } from '../sweep/sweep-settings.js';
import { startSweepTimer } from '../sweep/sweep-timer.js';
import { buildEngineFromEnvironment } from './engine.js';
import { localServerNotes } from './local-notes.js';
import { startLocalSlack } from './local-slack.js';

/**
 * `npm start`: the API on localhost, on real AWS when devenv is configured, else on the seeded simulated cloud, with
 * the Slack endpoint and (on the simulated cloud) the sweep timer. It wires all three doors together, so it lives in the
 * composition root, not in any one door.
 */
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
