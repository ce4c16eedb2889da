import { createAwsClients, createAwsCloud, CallRecorder } from '../aws/index.js';
import type { DevenvConfig } from '../core/config.js';
import { Engine } from '../core/engine.js';

/**
 * The engine on real AWS for a validated configuration: the SDK's standard credential chain, `AWS_ENDPOINT_URL` for
 * emulators. Lambda entry points build it directly, so they never load the simulated cloud.
 *
 * @example
 * const engine = buildAwsEngine(readConfigFromEnvironment(process.env)!);
 */
export function buildAwsEngine(config: DevenvConfig): Engine {
  const clients = createAwsClients({ ...(config.region ? { region: config.region } : {}) });
  const cloud = createAwsCloud(clients, { cluster: config.cluster, hostedZoneId: config.hostedZoneId }, new CallRecorder());
  return new Engine({ config, cloud });
}
