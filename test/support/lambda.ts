import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';

/** The context Lambda hands an invocation of the API function (60 s left unless told). */
export function lambdaContext(remainingMs = 60_000): LambdaContext {
  return {
    awsRequestId: '8476a536-e9f4-11e8-9739-2dfe598c3fcd',
    functionName: 'devenv-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:devenv-api',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/devenv-api',
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remainingMs,
  };
}

/** The configuration of a real installation for the Lambda functions; the ARNs and ids are made up, nothing reaches AWS. */
export const LAMBDA_DEVENV_CONFIG = JSON.stringify({
  region: 'us-east-1',
  cluster: 'dev',
  listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev/0123456789abcdef/0123456789abcdef',
  hostedZoneId: 'Z0123456789ABC',
  baseDomain: 'dev.example.com',
  apps: { web: { service: 'web' } },
});

/** An API Gateway HTTP API event, payload format 2.0, as Lambda delivers it. */
export function httpApiEvent(method: string, path: string, headers: Record<string, string> = {}): LambdaEvent {
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abcdef1234.execute-api.us-east-1.amazonaws.com', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443', accept: 'application/json', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      domainName: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abcdef1234',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8.5.0' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
    },
    isBase64Encoded: false,
  };
  return event as unknown as LambdaEvent;
}
