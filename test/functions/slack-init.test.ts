import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SlackJob } from '../../src/slack/job.js';
import { slashCommand, SIGNING_SECRET, TEAM, USERS } from '../slack/fixtures.js';
import { LAMBDA_DEVENV_CONFIG, lambdaContext } from '../support/lambda.js';

const secrets = mockClient(SecretsManagerClient);
const dynamodb = mockClient(DynamoDBClient);
const lambda = mockClient(LambdaClient);

/** Secrets Manager throttles the cold start's read once (a burst of cold starts, say), then answers. */
const throttledOnce = () =>
  secrets
    .on(GetSecretValueCommand)
    .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))
    .resolves({ SecretString: JSON.stringify({ SLACK_SIGNING_SECRET: SIGNING_SECRET }) });

function event(text: string): APIGatewayProxyEventV2 {
  const request = slashCommand(text, { timestamp: Math.floor(Date.now() / 1000) });
  return { body: request.rawBody, isBase64Encoded: false, headers: request.headers } as unknown as APIGatewayProxyEventV2;
}

beforeEach(() => {
  secrets.reset();
  dynamodb.reset();
  lambda.reset();
  dynamodb.on(PutItemCommand).resolves({});
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('LOG_LEVEL', 'error');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.stubEnv('DEVENV_CONFIG_FILE', '');
  vi.stubEnv('DEVENV_CONFIG', LAMBDA_DEVENV_CONFIG);
  vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-locks');
  vi.stubEnv('DEVENV_SLACK_WORKER_FUNCTION', 'devenv-slack-worker');
  vi.stubEnv('DEVENV_SECRETS_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:devenv-AbCdEf');
  vi.stubEnv('SLACK_SIGNING_SECRET', '');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('Handler: functions/slack.ts', () => {
  it('serves the next request when reading the secret failed once at its cold start', async () => {
    // Prepare
    throttledOnce();
    vi.resetModules();
    const { handler } = await import('../../functions/slack.js');

    // Act: the first request finds the init failed; the instance stays warm for the next one
    await handler(event('help')).catch(() => undefined);
    const next = await handler(event('help'));

    // Assess: a transient failure at init does not fail every request the instance will ever serve
    expect(next.statusCode).toBe(200);
    expect(JSON.parse(next.body!).text).toContain('*devenv*');
  });
});

describe('Handler: functions/slack-worker.ts', () => {
  it('runs the next job when reading the secret failed once at its cold start', async () => {
    // Prepare: a worker job whose result goes to a response_url that answers
    throttledOnce();
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
      posted.push(JSON.parse(init.body));
      return new Response('ok', { status: 200 });
    });
    vi.resetModules();
    const { handler } = await import('../../functions/slack-worker.js');
    const job: SlackJob = { id: 'job-1', user: { teamId: TEAM, userId: USERS.alice }, responseUrl: 'https://hooks.slack.com/commands/T0TEAM/1/abc', work: { kind: 'destroy', name: 'pr-0x' } };

    // Act: Lambda's retry of the failed run lands on the same warm instance
    const context = lambdaContext() as unknown as Context;
    await handler(job, context).catch(() => undefined);
    await handler(job, context);

    // Assess: the job ran on the instance whose init failed, and told Slack (here: a refusal, no AWS call needed)
    expect(posted.length).toBeGreaterThan(0);
    expect(JSON.stringify(posted.at(-1))).toContain('destroy failed');
  });
});
