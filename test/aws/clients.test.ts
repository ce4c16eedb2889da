import { ListServicesCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallRecorder } from '../../src/aws/call-recorder.js';
import { createAwsClients, createAwsCloud, type AwsClients } from '../../src/aws/clients.js';
import { EcsServiceFleet } from '../../src/aws/ecs-service-fleet.js';
import { ElbTrafficRouter } from '../../src/aws/elb-traffic-router.js';
import { AwsRateLimiter } from '../../src/aws/rate-limiter.js';
import { withRetry } from '../../src/aws/retry.js';
import { Route53DnsRecords } from '../../src/aws/route53-dns-records.js';
import { CLUSTER, HOSTED_ZONE_ID, REGION } from './fixtures.js';

/** Answers every command of the three clients in place with an empty page, noting each input. */
function answerEverything(clients: AwsClients): Array<{ command: string; input: Record<string, unknown> }> {
  const seen: Array<{ command: string; input: Record<string, unknown> }> = [];
  for (const client of [clients.ecs, clients.elb, clients.route53]) {
    (client.middlewareStack as AwsClients['ecs']['middlewareStack']).add(
      (_next, context) => async (args) => {
        seen.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
        return { output: { $metadata: {}, IsTruncated: false }, response: {} } as never;
      },
      { step: 'initialize', priority: 'high', name: 'standInCloud' },
    );
  }
  return seen;
}

/** Stands in for AWS at the HTTP layer, below the SDK's own retry middleware: every request is throttled, and counted. */
function throttlingEndpoint(client: AwsClients['ecs']): { requests: () => number } {
  let requests = 0;
  const body = new TextEncoder().encode(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
  (client.config as { requestHandler: unknown }).requestHandler = {
    handle: async () => {
      requests += 1;
      return {
        response: {
          statusCode: 400,
          reason: 'Bad Request',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' },
          body,
        },
      };
    },
  };
  return { requests: () => requests };
}

describe('Function: createAwsClients', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('builds clients that make one attempt per send: withRetry is the only retry layer', async () => {
    // Act
    const clients = createAwsClients({ region: REGION });

    // Assess
    for (const client of [clients.ecs, clients.elb, clients.route53]) {
      await expect(client.config.maxAttempts()).resolves.toBe(1);
    }
  });

  it('sends exactly maxAttempts requests over the wire for one throttled call, not maxAttempts × the SDK retries', async () => {
    // Prepare
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const clients = createAwsClients({ region: REGION });
    const endpoint = throttlingEndpoint(clients.ecs);

    // Act
    const failure = await withRetry('ecs:ListServices', () => clients.ecs.send(new ListServicesCommand({ cluster: CLUSTER })), {
      maxAttempts: 3,
      sleep: async () => undefined,
    }).catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).toMatch(/still throttled after 3 attempts/);
    expect(endpoint.requests()).toBe(3);
  });

  it('builds the three clients in the given region', async () => {
    // Act
    const clients = createAwsClients({ region: 'eu-west-1' });

    // Assess
    await expect(clients.ecs.config.region()).resolves.toBe('eu-west-1');
    await expect(clients.elb.config.region()).resolves.toBe('eu-west-1');
    await expect(clients.route53.config.region()).resolves.toBe('eu-west-1');
  });

  it('passes an explicit endpoint on to every client', async () => {
    // Act
    const clients = createAwsClients({ region: REGION, endpoint: 'http://localhost:4566' });

    // Assess
    for (const client of [clients.ecs, clients.elb, clients.route53]) {
      await expect(client.config.endpoint?.()).resolves.toMatchObject({ hostname: 'localhost', port: 4566 });
    }
  });

  it('leaves the endpoint to the SDK when none is given', () => {
    // Act
    const clients = createAwsClients({ region: REGION });

    // Assess
    expect(clients.ecs.config.endpoint).toBeUndefined();
  });
});

describe('Function: createAwsCloud', () => {
  it('wires one adapter per service on the given clients', async () => {
    // Prepare
    const clients = createAwsClients({ region: REGION });
    const seen = answerEverything(clients);

    // Act
    const cloud = createAwsCloud(clients, { cluster: CLUSTER, hostedZoneId: `/hostedzone/${HOSTED_ZONE_ID}`, lockTable: 'devenv-locks' });
    await cloud.services.listServices();
    await cloud.dns.listOwnershipCandidates('dev.example.com');

    // Assess
    expect(cloud.services).toBeInstanceOf(EcsServiceFleet);
    expect(cloud.router).toBeInstanceOf(ElbTrafficRouter);
    expect(cloud.dns).toBeInstanceOf(Route53DnsRecords);
    expect(cloud.callLog).toBeUndefined();
    expect(seen).toEqual([
      { command: 'ListServicesCommand', input: expect.objectContaining({ cluster: CLUSTER }) },
      { command: 'ListResourceRecordSetsCommand', input: expect.objectContaining({ HostedZoneId: HOSTED_ZONE_ID }) },
    ]);
  });

  it('makes every request wait for its service\'s bucket when given a rate limiter', async () => {
    // Prepare
    const clients = createAwsClients({ region: REGION });
    answerEverything(clients);
    const sleeps: number[] = [];
    let now = 0;
    const limiter = new AwsRateLimiter({
      limits: { ecs: { perSecond: 1, burst: 1 }, route53: { perSecond: 2, burst: 1 } },
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const cloud = createAwsCloud(clients, { cluster: CLUSTER, hostedZoneId: HOSTED_ZONE_ID, lockTable: 'devenv-locks', rateLimiter: limiter }, new CallRecorder());

    // Act
    await cloud.services.listServices();
    await cloud.services.listServices();
    await cloud.dns.read('pr-1.dev.example.com');
    await cloud.dns.read('pr-2.dev.example.com');

    // Assess
    expect(sleeps).toEqual([1_000, 500]);
  });

  it('records every call of the adapters in the recorder it is given', async () => {
    // Prepare
    const clients = createAwsClients({ region: REGION });
    answerEverything(clients);
    const recorder = new CallRecorder();
    const cloud = createAwsCloud(clients, { cluster: CLUSTER, hostedZoneId: HOSTED_ZONE_ID, lockTable: 'devenv-locks' }, recorder);

    // Act
    const { calls } = await recorder.capture(async () => {
      await cloud.services.listServices();
      await cloud.router.targetHealth('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/a/1');
      await cloud.dns.read('pr-1.dev.example.com');
    });

    // Assess
    expect(cloud.callLog).toBe(recorder);
    expect(calls.map((call) => `${call.service}:${call.command}`)).toEqual([
      'ecs:ListServices',
      'elbv2:DescribeTargetHealth',
      'route53:ListResourceRecordSets',
    ]);
  });
});
