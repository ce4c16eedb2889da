import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CloudError } from '../core/errors.js';
import { awsRequestHandler } from './request-handler.js';

/**
 * Reads one Secrets Manager secret whose `SecretString` is a JSON object of string values. The values never appear in
 * an error: a bad secret is described by its shape only.
 *
 * @example
 * const values = await readSecretValues(process.env.DEVENV_SECRETS_ARN!);
 */
export async function readSecretValues(secretId: string, client: SecretsManagerClient = new SecretsManagerClient({ requestHandler: awsRequestHandler() })): Promise<Record<string, string>> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    throw new CloudError('GetSecretValue', `could not read secret ${secretId}: ${(error as Error).name}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new CloudError('GetSecretValue', `secret ${secretId} must hold a JSON object in its SecretString`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CloudError('GetSecretValue', `secret ${secretId} must hold a JSON object in its SecretString`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new CloudError('GetSecretValue', `secret ${secretId}: the value of ${key} must be a string`);
    values[key] = value;
  }
  return values;
}
