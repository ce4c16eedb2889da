import { describe, expect, it } from 'vitest';
import type { LambdaEvent } from 'hono/aws-lambda';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createLambdaHandler } from '../../src/http/lambda.js';
import { TOKENS, testApi } from './fixtures.js';
import { lambdaContext } from '../support/lambda.js';

const DOMAIN = 'abcdefghij0123456789.lambda-url.us-east-1.on.aws';

/** A Function URL event (payload format 2.0) as Lambda delivers it. */
function functionUrlEvent(input: { method: string; path: string; query?: string; headers?: Record<string, string>; body?: string; base64?: boolean }): APIGatewayProxyEventV2 {
  const body = input.body === undefined ? undefined : input.base64 ? Buffer.from(input.body).toString('base64') : input.body;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: input.path,
    rawQueryString: input.query ?? '',
    headers: {
      host: DOMAIN,
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-forwarded-for': '203.0.113.9',
      'x-amzn-trace-id': 'Root=1-67a1b2c3-0123456789abcdef01234567',
      'user-agent': 'devenv-cli',
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(input.body ?? '')) }),
      ...input.headers,
    },
    ...(input.query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(input.query)) } : {}),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij0123456789',
      domainName: DOMAIN,
      domainPrefix: 'abcdefghij0123456789',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'devenv-cli' },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: input.base64 === true,
  };
}

const context = lambdaContext();

/** hono types `body` as `string | null`; Lambda leaves it out when there is none, as the AWS types say. */
const asHonoEvent = (event: APIGatewayProxyEventV2) => event as unknown as LambdaEvent;

describe('Function: createLambdaHandler', () => {
  it('serves a Function URL PUT with a base64 body and a GET, with the Lambda request id', async () => {
    const api = await testApi();
    const handler = createLambdaHandler(api.app);

    const put = await handler(
      asHonoEvent(functionUrlEvent({
        method: 'PUT',
        path: '/v1/environments/demo-42',
        query: 'wait=30',
        headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({ app: 'web', images: { web: 'repo/web:3f2a1c9' } }),
        base64: true,
      })),
      context,
    );
    const get = await handler(
      asHonoEvent(functionUrlEvent({ method: 'GET', path: '/v1/environments/demo-42', headers: { authorization: `Bearer ${TOKENS.alice}` } })),
      context,
    );

    expect(put.statusCode).toBe(201);
    expect(put.headers?.['content-type']).toMatch(/^application\/json/);
    expect(put.headers?.['x-request-id']).toBe(context.awsRequestId);
    expect(JSON.parse(put.body)).toMatchObject({ name: 'demo-42', status: 'running', owner: 'alice', images: { web: 'repo/web:3f2a1c9' } });
    expect(get.statusCode).toBe(200);
    expect(JSON.parse(get.body)).toMatchObject({ name: 'demo-42', url: 'https://demo-42.dev.example.com' });
  });

  it("keeps the invocation's request id when the caller sends X-Request-Id, and logs the caller's as clientRequestId", async () => {
    const api = await testApi();
    const handler = createLambdaHandler(api.app);

    const res = await handler(
      asHonoEvent(functionUrlEvent({ method: 'GET', path: '/v1/environments', headers: { authorization: `Bearer ${TOKENS.alice}`, 'x-request-id': 'forged-id' } })),
      context,
    );

    expect(res.headers?.['x-request-id']).toBe(context.awsRequestId);
    const completed = api.logs.map((line) => JSON.parse(line)).find((line) => line.message === 'request completed');
    expect(completed).toMatchObject({ requestId: context.awsRequestId, clientRequestId: 'forged-id' });
  });

  it('answers a problem document for a request without a token', async () => {
    const api = await testApi();
    const handler = createLambdaHandler(api.app);

    const res = await handler(asHonoEvent(functionUrlEvent({ method: 'GET', path: '/v1/environments' })), context);

    expect(res.statusCode).toBe(401);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ type: 'urn:devenv:problem:unauthorized', requestId: context.awsRequestId });
  });

  it('stops waiting before the function times out', async () => {
    const api = await testApi({ deploymentSeconds: 600 });
    const handler = createLambdaHandler(api.app);
    const started = api.world.now().getTime();

    const res = await handler(
      asHonoEvent(functionUrlEvent({
        method: 'PUT',
        path: '/v1/environments/demo-42',
        query: 'wait=900',
        headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' },
        body: JSON.stringify({ app: 'web' }),
      })),
      lambdaContext(25_000),
    );

    expect(res.statusCode).toBe(202);
    expect(api.world.now().getTime() - started).toBe(20_000);
  });
});
