import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSecretValues } from '../../src/aws/secret-values.js';
import { requireVariable, withSecrets } from '../../src/runtime/secrets.js';

const secrets = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:devenv-AbCdEf';
const read = (secretId: string) => readSecretValues(secretId, new SecretsManagerClient({ region: 'us-east-1' }));

describe('Function: withSecrets', () => {
  beforeEach(() => {
    secrets.reset();
  });

  it('fills the variables not already set from the JSON secret, and ignores other keys', async () => {
    secrets
      .on(GetSecretValueCommand, { SecretId: ARN })
      .resolves({ SecretString: JSON.stringify({ SLACK_SIGNING_SECRET: 'from-secret', SLACK_BOT_TOKEN: 'xoxb-secret', PATH: '/evil' }) });

    const env = await withSecrets({ DEVENV_SECRETS_ARN: ARN, SLACK_BOT_TOKEN: 'xoxb-env', PATH: '/usr/bin' }, read);

    expect(env).toMatchObject({ SLACK_SIGNING_SECRET: 'from-secret', SLACK_BOT_TOKEN: 'xoxb-env', PATH: '/usr/bin' });
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('reads nothing without DEVENV_SECRETS_ARN', async () => {
    const env = await withSecrets({ SLACK_SIGNING_SECRET: 'set' }, read);

    expect(env).toEqual({ SLACK_SIGNING_SECRET: 'set' });
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('refuses a secret that is not a JSON object, without showing its value', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'xoxb-plain-token' });

    const failure = withSecrets({ DEVENV_SECRETS_ARN: ARN }, read);

    await expect(failure).rejects.toThrow(`secret ${ARN} must hold a JSON object`);
    await expect(failure).rejects.not.toThrow('xoxb-plain-token');
  });

  it('names the variable that is required', () => {
    expect(() => requireVariable({}, 'SLACK_SIGNING_SECRET')).toThrow('Environment variable SLACK_SIGNING_SECRET is required');
  });
});
