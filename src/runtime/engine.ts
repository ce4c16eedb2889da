import { createAwsClients, createAwsCloud, CallRecorder } from '../aws/index.js';
import type { DevenvConfig } from '../core/config.js';
import { parseConfig } from '../core/config.js';
import { Engine } from '../core/engine.js';
import type { LockTiming } from '../core/environment-lock.js';
import { attachSimulatedCloud } from '../local/attach.js';
import { ensureLockTable, SIMULATED_LOCK_TABLE } from '../local/dynamodb.js';
import { createSeededCloud, type SeededDevCluster } from '../local/seed.js';
import type { SimulatedCloud } from '../local/simulated-cloud.js';
import { buildAwsEngine } from './aws-engine.js';
import { readConfigFromEnvironment } from './config-source.js';

export interface LocalEngine {
  engine: Engine;
  config: DevenvConfig;
  seed: SeededDevCluster;
  cloud: SimulatedCloud;
}

/** devenv's configuration for the seeded simulated cloud: every baseline app of the seed. */
export function seededConfig(seed: SeededDevCluster, overrides: Partial<Record<keyof DevenvConfig, unknown>> = {}): DevenvConfig {
  return parseConfig({
    cluster: seed.clusterName,
    listenerArn: seed.listenerArn,
    hostedZoneId: seed.hostedZoneId,
    baseDomain: seed.baseDomain,
    apps: Object.fromEntries(
      Object.entries(seed.apps).map(([app, baseline]) => [
        app,
        { service: baseline.service, container: baseline.container, ...(baseline.port ? { port: baseline.port } : {}) },
      ]),
    ),
    ...overrides,
  });
}

/**
 * An engine on the embedded simulated cloud, through the real AWS adapters: what `npm start` runs with no AWS account,
 * and the backdrop of scenario tests.
 */
export function createLocalEngine(
  options: {
    deploymentSeconds?: number;
    now?: () => Date;
    config?: Partial<Record<keyof DevenvConfig, unknown>>;
    retry?: { sleep?: (ms: number) => Promise<void> };
    lock?: Partial<LockTiming>;
  } = {},
): LocalEngine {
  const { cloud, seed } = createSeededCloud({
    ...(options.deploymentSeconds !== undefined ? { deploymentSeconds: options.deploymentSeconds } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const config = seededConfig(seed, options.config);
  const engine = engineOnSimulatedCloud(cloud, config, options);
  return { engine, config, seed, cloud };
}

/**
 * An engine on an existing simulated cloud: a second one on the same cloud is what another Lambda instance would be.
 * It retries as `config.awsCalls` says but has no client-side rate limit: the embedded cloud is nobody's shared
 * account, and `npm start` should not wait for tokens (`configuredAwsCloud` wires one with the limiter).
 */
export function engineOnSimulatedCloud(
  cloud: SimulatedCloud,
  config: DevenvConfig,
  options: { now?: () => Date; retry?: { sleep?: (ms: number) => Promise<void> }; lock?: Partial<LockTiming> } = {},
): Engine {
  const clients = createAwsClients({ region: 'us-east-1' });
  attachSimulatedCloud(clients.ecs, cloud, 'ecs');
  attachSimulatedCloud(clients.elb, cloud, 'elbv2');
  attachSimulatedCloud(clients.route53, cloud, 'route53');
  attachSimulatedCloud(clients.dynamodb, cloud, 'dynamodb');
  // The simulated cloud's lock table, shared by every engine on it: the same locks two Lambda instances share on AWS.
  ensureLockTable(cloud.dynamodb, SIMULATED_LOCK_TABLE);
  const awsCloud = createAwsCloud(
    clients,
    {
      cluster: config.cluster,
      hostedZoneId: config.hostedZoneId,
      lockTable: SIMULATED_LOCK_TABLE,
      retry: { maxAttempts: config.awsCalls.maxAttempts, ...options.retry },
    },
    new CallRecorder(),
  );
  return new Engine({
    config,
    cloud: awsCloud,
    ...(options.now ? { clock: { now: options.now } } : {}),
    ...(options.lock ? { lockTiming: options.lock } : {}),
  });
}

/**
 * The engine every entry point runs: real AWS when devenv is configured (`DEVENV_CONFIG` or `DEVENV_CONFIG_FILE`;
 * credentials from the SDK's standard chain; `AWS_ENDPOINT_URL` works for emulators; `DEVENV_LOCK_TABLE` required), else
 * the simulated cloud.
 */
export async function buildEngineFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ engine: Engine; config: DevenvConfig; mode: 'aws' | 'simulated'; seed?: SeededDevCluster }> {
  const config = readConfigFromEnvironment(env);
  if (!config) {
    const local = createLocalEngine({ deploymentSeconds: Number(env.DEVENV_SIMULATED_DEPLOYMENT_SECONDS ?? 5) });
    return { engine: local.engine, config: local.config, mode: 'simulated', seed: local.seed };
  }
  return { engine: buildAwsEngine(config, env), config, mode: 'aws' };
}
