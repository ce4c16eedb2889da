import type { DevenvConfig } from '../core/config.js';
import { InvalidConfigError } from '../core/errors.js';
import { readConfigFromEnvironment } from './config-source.js';

/**
 * The configuration a Lambda function runs on. Unlike `npm start`, a function never falls back to the simulated cloud:
 * each instance would get its own in-memory cloud, the API's answers would contradict each other, and a sweep would
 * report a clean run while nothing in AWS is ever removed.
 */
export function requireLambdaConfig(env: NodeJS.ProcessEnv, functionName: string): DevenvConfig {
  const config = readConfigFromEnvironment(env);
  if (!config) {
    throw new InvalidConfigError(`the ${functionName} on Lambda needs DEVENV_CONFIG or DEVENV_CONFIG_FILE; it does not run on the simulated cloud`);
  }
  return config;
}
