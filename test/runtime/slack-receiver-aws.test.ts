import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSlackReceiver } from '../../src/runtime/slack-receiver.js';
import { LAMBDA_DEVENV_CONFIG } from '../support/lambda.js';
import { quietLogger, slashCommand, SIGNING_SECRET } from '../slack/fixtures.js';

/**
 * The receiver as deployed (`buildSlackReceiver`: its own DynamoDB and Lambda clients), against a stand-in for AWS on
 * localhost that each test scripts: what DynamoDB answers to the replay lease's PutItem, what Lambda answers to Invoke.
 */
type Answer = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let server: Server;
let endpoint: string;
const sockets = new Set<{ destroy: () => void }>();
const seen: Array<{ service: 'dynamodb' | 'lambda'; body: string }> = [];
let dynamodb: Answer;
let lambda: Answer;

const putItemOk: Answer = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
  response.end('{}');
};
const invokeAccepted: Answer = (_request, response) => {
  response.writeHead(202, { 'content-type': 'application/json' });
  response.end('');
};
/** AWS got the whole request (and acted on it); its answer never comes back: the connection drops. */
const answerLost: Answer = (request) => request.socket.destroy();
/** AWS takes the request and never answers (a hung connection). */
const neverAnswers: Answer = () => undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    sockets.add(request.socket);
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const service = request.headers['x-amz-target']?.toString().startsWith('DynamoDB_') ? 'dynamodb' : 'lambda';
      seen.push({ service, body });
      (service === 'dynamodb' ? dynamodb : lambda)(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  vi.unstubAllEnvs();
  seen.length = 0;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function receiver() {
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_LAMBDA', endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  return buildSlackReceiver(
    {
      DEVENV_CONFIG: LAMBDA_DEVENV_CONFIG,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      DEVENV_SLACK_WORKER_FUNCTION: 'devenv-slack-worker',
      DEVENV_LOCK_TABLE: 'devenv-locks',
    },
    quietLogger(),
  );
}

function event(text: string): APIGatewayProxyEventV2 {
  // Signed now: the receiver checks the timestamp against the real clock.
  const request = slashCommand(text, { timestamp: Math.floor(Date.now() / 1000) });
  return { body: request.rawBody, isBase64Encoded: false, headers: request.headers } as unknown as APIGatewayProxyEventV2;
}

describe('Function: buildSlackReceiver — against AWS', () => {
  it('hands a command to the worker through the lock table and Lambda', async () => {
    // Prepare
    dynamodb = putItemOk;
    lambda = invokeAccepted;

    // Act
    const result = await receiver()(event('destroy demo'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!).text).toContain('Destroying *demo*');
    expect(seen.map(({ service }) => service)).toEqual(['dynamodb', 'lambda']);
    // Stamped when queued, so that the worker can drop it if Lambda holds it past Slack's 30 minutes
    const job = JSON.parse(seen[1]!.body) as { work: { kind: string }; acceptedAt: string };
    expect(job.work.kind).toBe('destroy');
    expect(Math.abs(Date.parse(job.acceptedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('starts the worker once for one command when the Invoke answer is lost (the SDK must not send it again)', async () => {
    // Prepare: Lambda queues the job, then the connection drops before its 202 comes back
    dynamodb = putItemOk;
    let invokes = 0;
    lambda = (request, response, body) => (++invokes === 1 ? answerLost(request, response, body) : invokeAccepted(request, response, body));

    // Act
    await receiver()(event('destroy demo'));

    // Assess: every Invoke that reached Lambda is one worker run of the same job
    expect(seen.filter(({ service }) => service === 'lambda')).toHaveLength(1);
  });

  it(
    'acknowledges within Slack\'s 3 seconds, having done nothing, when the lock table never answers',
    async () => {
      // Prepare
      dynamodb = neverAnswers;
      lambda = invokeAccepted;
      const started = Date.now();

      // Act
      const result = await receiver()(event('destroy demo'));

      // Assess: Slack gave up after 3 s; an answer after that shows the user only "operation_timeout"
      expect(JSON.parse(result.body!).text).toContain('did nothing');
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(seen.filter(({ service }) => service === 'lambda')).toHaveLength(0);
    },
    8_000,
  );

  it(
    'acknowledges within Slack\'s 3 seconds when Lambda never answers the Invoke',
    async () => {
      // Prepare
      dynamodb = putItemOk;
      lambda = neverAnswers;
      const started = Date.now();

      // Act
      const result = await receiver()(event('destroy demo'));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
    },
    8_000,
  );
});
