import { describe, expect, it } from 'vitest';
import type { SlackHttpRequest } from '../../src/slack/receiver.js';
import { slackHarness, slashCommand } from './fixtures.js';

/** The same signed request with its X-Slack-Signature header rewritten. */
const withSignature = (request: SlackHttpRequest, rewrite: (signature: string) => string): SlackHttpRequest => ({
  rawBody: request.rawBody,
  headers: { ...request.headers, 'x-slack-signature': rewrite(request.headers['x-slack-signature']!) },
});

describe('Slack: a replay with a rewritten signature header', () => {
  // Bolt's verifySlackRequest reads the header as `version=hash` with split('='), so anything after a second '=' is
  // ignored: the header differs, the request verifies. The replay lease is keyed on the header.
  it.each([
    ['a suffix after a second "="', (signature: string) => `${signature}=replay-1`],
    ['a trailing "="', (signature: string) => `${signature}=`],
  ])('is refused with 401 when the header has %s, so the work runs once', async (_kind, rewrite) => {
    // Prepare
    const slack = slackHarness();
    const original = slashCommand('list all');

    // Act
    const first = await slack.send(original);
    const replay = await slack.send(withSignature(original, rewrite));

    // Assess
    expect([first.status, replay.status]).toEqual([200, 401]);
    expect(slack.poster.responses).toHaveLength(1);
  });
});
