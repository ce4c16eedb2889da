import { InvalidConfigError } from '../core/errors.js';

/** The variables a devenv secret may fill; anything else in it is ignored. */
export const SECRET_VARIABLES = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'DEVENV_API_TOKENS'] as const;

export type SecretReader = (secretId: string) => Promise<Record<string, string>>;

/**
 * The environment with secrets filled in from `DEVENV_SECRETS_ARN` (one Secrets Manager secret, a JSON object keyed by
 * variable name), for the variables not already set. Without `DEVENV_SECRETS_ARN` the environment is returned as it is.
 * Values are never logged.
 *
 * @example
 * const env = await withSecrets(process.env, (arn) => readSecretValues(new SecretsManagerClient({}), arn));
 */
export async function withSecrets(env: NodeJS.ProcessEnv, read: SecretReader): Promise<NodeJS.ProcessEnv> {
  const secretId = env.DEVENV_SECRETS_ARN;
  if (!secretId) return env;
  const values = await read(secretId);
  const filled: NodeJS.ProcessEnv = { ...env };
  for (const name of SECRET_VARIABLES) {
    if (!filled[name] && values[name] !== undefined) filled[name] = values[name];
  }
  return filled;
}

/** A required variable, or an error that names it (and, on Lambda, where it may come from). */
export function requireVariable(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new InvalidConfigError(`Environment variable ${name} is required (set it, or put it in the secret named by DEVENV_SECRETS_ARN)`);
  return value;
}
