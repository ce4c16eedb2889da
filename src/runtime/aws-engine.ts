import { AwsRateLimiter, createAwsClients, createAwsCloud, CallRecorder, type AwsClients } from '../aws/index.js';
import type { DevenvConfig } from '../core/config.js';
import { Engine } from '../core/engine.js';
import type { Cloud } from '../core/ports.js';
import { readLockTable } from './lock-table.js';

/** The clock, sleep and jitter source of the retries and buckets; real ones unless a test drives them. */
export interface AwsCallTiming {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * The Cloud over `clients` as devenv runs on AWS: its calls spend the account's API rate through `config.awsCalls`, at
 * most `maxAttempts` requests each and one token bucket per service (ECS, ELBv2, Route 53, DynamoDB) for the whole
 * process. The limiter is returned so that any other client of the process can draw from the same buckets.
 *
 * @example
 * const { cloud, rateLimiter } = configuredAwsCloud(createAwsClients({ region: 'eu-west-1' }), config, 'devenv-locks');
 */
export function configuredAwsCloud(
  clients: AwsClients,
  config: DevenvConfig,
  lockTable: string,
  timing: AwsCallTiming = {},
): { cloud: Cloud; rateLimiter: AwsRateLimiter } {
  const { now, sleep, random } = timing;
  const rateLimiter = new AwsRateLimiter({ limits: config.awsCalls.rateLimits, ...(now ? { now } : {}), ...(sleep ? { sleep } : {}) });
  const cloud = createAwsCloud(
    clients,
    {
      cluster: config.cluster,
      hostedZoneId: config.hostedZoneId,
      lockTable,
      retry: { maxAttempts: config.awsCalls.maxAttempts, ...(sleep ? { sleep } : {}), ...(random ? { random } : {}) },
      rateLimiter,
    },
    new CallRecorder(),
  );
  return { cloud, rateLimiter };
}

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
  return new Engine({ config, cloud: configuredAwsCloud(clients, config, lockTable).cloud });
}
