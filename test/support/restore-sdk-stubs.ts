import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * The SDK clients whose prototype `send` tests stub (`mockClient` given the class). test/isolated-files.test.ts fails
 * when a test stubs a client that is not here.
 */
export const STUBBED_CLIENTS = { DynamoDBClient, ECSClient, ElasticLoadBalancingV2Client, LambdaClient, Route53Client, SecretsManagerClient };

/**
 * Puts back each client's own `send`. A worker keeps packages loaded from one test file to the next, so a stub left on
 * a prototype would answer the next file's real clients (those the simulated cloud serves, for one).
 */
export function restoreSdkStubs(): void {
  for (const client of Object.values(STUBBED_CLIENTS)) {
    const own = Object.getOwnPropertyDescriptor(client.prototype, 'send')?.value as { restore?: () => void } | undefined;
    own?.restore?.();
  }
}
