/**
 * How long one AWS request may take, answer included. The SDK's HTTP handler sets no limit of its own: a request that
 * hangs would hold its caller (and keep renewing its environment's lease) until the Lambda is killed. Past it the
 * request fails with a TimeoutError, which `withRetry` sends again (AWS calls answer in a second or two; a create's
 * writes tolerate an answer lost after AWS acted).
 */
export const AWS_REQUEST_TIMEOUT_MS = 20_000;

/** The SDK's Node.js HTTP handler options: connect within 5 s (or `requestTimeoutMs`, if shorter), answer within `requestTimeoutMs`, else fail. */
export function awsRequestHandler(requestTimeoutMs = AWS_REQUEST_TIMEOUT_MS) {
  return { connectionTimeout: Math.min(5_000, requestTimeoutMs), requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true };
}
