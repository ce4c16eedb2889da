import { createHmac } from 'node:crypto';

/**
 * The headers Slack signs a request with: `v0=` HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret.
 * For the local request script and tests; devenv verifies with Bolt's `verifySlackRequest`.
 *
 * @example
 * signSlackRequest(secret, 'command=%2Fdevenv&text=help', Math.floor(Date.now() / 1000));
 */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSeconds: number): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return {
    'x-slack-signature': `v0=${signature}`,
    'x-slack-request-timestamp': String(timestampSeconds),
  };
}
