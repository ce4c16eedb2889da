import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SlackEndpoint } from './slack-app.js';

/**
 * The Slack endpoint as a Lambda handler for a Function URL or an API Gateway HTTP API (payload v2). The body is
 * passed on byte for byte (base64 bodies decoded as UTF-8), since the signature covers it.
 *
 * @example
 * export const handler = createSlackLambdaHandler(createSlackEndpoint({ … }));
 */
export function createSlackLambdaHandler(endpoint: SlackEndpoint) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    const response = await endpoint.handle({ rawBody, headers });
    return { statusCode: response.status, headers: response.headers, body: response.body };
  };
}

export type SlackLambdaHandler = ReturnType<typeof createSlackLambdaHandler>;
