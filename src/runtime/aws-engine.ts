import { createAwsClients, createAwsCloud, CallRecorder } from '../aws/index.js';
import type { DevenvConfig } from '../core/config.js';
import { Engine } from '../core/engine.js';
import { readLockTable } from './lock-table.js';

/**
 * The engine on real AWS for a validated configuration: the SDK's standard credential chain, `AWS_ENDPOINT_URL` for
 * emulators, and the lock table from `DEVENV_LOCK_TABLE` (required: it throws without it). Lambda entry points build it
 * directly, so they never load the simulated cloud.
 *
 * @example
 * const engine = buildAwsEngine(readConfigFromEnvironment(process.env)!);
 */
export function buildAwsEngine(config: DevenvConfig, env: NodeJS.ProcessEnv = process.env): Engine {
  const lockTable = readLockTable(env);
  const clients = createAwsClients({ ...(config.region ? { region: config.region } : {}) });
  const cloud = createAwsCloud(clients, { cluster: config.cluster, hostedZoneId: config.hostedZoneId, lockTable }, new CallRecorder());
  return new Engine({ config, cloud });
}
