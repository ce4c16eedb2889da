import type { LambdaContext } from 'hono/aws-lambda';

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
