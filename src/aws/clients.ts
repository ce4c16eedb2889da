import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { Cloud } from '../core/ports.js';
import { recordCalls, type CallRecorder } from './call-recorder.js';
import { DynamoDbEnvironmentCounts } from './dynamodb-environment-counts.js';
import { DynamoDbLeaseLocks } from './dynamodb-lease-locks.js';
import { EcsServiceFleet } from './ecs-service-fleet.js';
import { ElbTrafficRouter } from './elb-traffic-router.js';
import type { AwsRateLimiter } from './rate-limiter.js';
import type { RetryOptions } from './retry.js';
import { Route53DnsRecords } from './route53-dns-records.js';
import { AWS_REQUEST_TIMEOUT_MS, awsRequestHandler } from './request-handler.js';

export interface AwsClients {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  route53: Route53Client;
  dynamodb: DynamoDBClient;
}

export interface AwsCloudConfig {
  cluster: string;
  hostedZoneId: string;
  /** The DynamoDB table of the shared environment locks. */
  lockTable: string;
  retry?: RetryOptions;
  /** Every request of the clients waits for its service's bucket first (none: no client-side limit). */
  rateLimiter?: AwsRateLimiter;
}

/**
 * The SDK clients devenv uses, with the SDK's standard credential chain. `AWS_ENDPOINT_URL` (and the
 * per-service `AWS_ENDPOINT_URL_<SERVICE>`) is read by the SDK itself, so `endpoint` is only for an explicit override.
 * Each client makes one attempt per `send` (`maxAttempts: 1`): `withRetry` is devenv's only retry layer.
 *
 * @example
 * const clients = createAwsClients({ region: 'eu-west-1' });
 */
export function createAwsClients({
  region,
  endpoint,
  requestTimeoutMs = AWS_REQUEST_TIMEOUT_MS,
}: { region?: string; endpoint?: string; requestTimeoutMs?: number } = {}): AwsClients {
  const config = {
    maxAttempts: 1,
    requestHandler: awsRequestHandler(requestTimeoutMs),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
  return {
    ecs: new ECSClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    route53: new Route53Client(config),
    dynamodb: new DynamoDBClient(config),
  };
}

/**
 * The Cloud the engine runs on: the adapters over `clients`, and, given a recorder, a call log fed by every
 * command the clients send. Given a rate limiter, every request waits for its service's bucket (the recorder, attached
 * after, sits in front of it, so a call's `ms` includes that wait).
 *
 * @example
 * const cloud = createAwsCloud(createAwsClients(), { cluster: 'dev', hostedZoneId: 'Z0123456789', lockTable: 'devenv-locks' }, new CallRecorder());
 */
export function createAwsCloud(clients: AwsClients, config: AwsCloudConfig, recorder?: CallRecorder): Cloud {
  const retry = config.retry ? { retry: config.retry } : {};
  if (config.rateLimiter) {
    config.rateLimiter.attach(clients.ecs, 'ecs');
    config.rateLimiter.attach(clients.elb, 'elbv2');
    config.rateLimiter.attach(clients.route53, 'route53');
    config.rateLimiter.attach(clients.dynamodb, 'dynamodb');
  }
  if (recorder) {
    recordCalls(clients.ecs, recorder, 'ecs');
    recordCalls(clients.elb, recorder, 'elbv2');
    recordCalls(clients.route53, recorder, 'route53');
    recordCalls(clients.dynamodb, recorder, 'dynamodb');
  }
  return {
    services: new EcsServiceFleet(clients.ecs, { cluster: config.cluster, ...retry }),
    router: new ElbTrafficRouter(clients.elb, retry),
    dns: new Route53DnsRecords(clients.route53, { hostedZoneId: config.hostedZoneId, ...retry }),
    locks: new DynamoDbLeaseLocks(clients.dynamodb, { tableName: config.lockTable, ...retry }),
    counts: new DynamoDbEnvironmentCounts(clients.dynamodb, { tableName: config.lockTable, ...retry }),
    ...(recorder ? { callLog: recorder } : {}),
  };
}
