import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createSlackLambdaHandler } from '../../src/slack/lambda.js';
import type { SlackHttpRequest } from '../../src/slack/receiver.js';

describe('Function: createSlackLambdaHandler', () => {
  it('passes a base64 body decoded and headers in lower case, and returns the answer as a v2 result', async () => {
    const seen: SlackHttpRequest[] = [];
    const handler = createSlackLambdaHandler({
      handle: async (request) => {
        seen.push(request);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"text":"ok"}' };
      },
    });
    const event = { body: Buffer.from('text=h%C3%A9', 'utf8').toString('base64'), isBase64Encoded: true, headers: { 'X-Slack-Signature': 'v0=1' } } as unknown as APIGatewayProxyEventV2;

    const result = await handler(event);

    expect(seen).toEqual([{ rawBody: 'text=h%C3%A9', headers: { 'x-slack-signature': 'v0=1' } }]);
    expect(result).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"text":"ok"}' });
  });
});
