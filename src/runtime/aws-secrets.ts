import { readSecretValues } from '../aws/secret-values.js';
import { withSecrets } from './secrets.js';

/**
 * `withSecrets` reading Secrets Manager with the SDK's standard chain: what every Lambda entry point runs once at init.
 *
 * @example
 * const env = await environmentWithSecrets(process.env);
 */
export function environmentWithSecrets(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  return withSecrets(env, (secretId) => readSecretValues(secretId));
}
