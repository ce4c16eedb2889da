import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/slack/command.js';
import { START } from '../support/simulated.js';
import { slackHarness, slashCommand, USERS } from './fixtures.js';

const POLLUTABLE = ['ttl', 'app', 'polluted'] as const;

afterEach(() => {
  // Whatever a failing run left on Object.prototype must not leak into the other tests of this worker.
  for (const key of POLLUTABLE) delete (Object.prototype as Record<string, unknown>)[key];
});

describe('Slack: /devenv create --env with a container named __proto__', () => {
  it('changes no object but its own command', () => {
    // Act
    try {
      parseCommand('create demo web --env __proto__.polluted=yes');
    } catch {
      // A refusal is fine too; what matters is what the parse left behind.
    }

    // Assess
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does not set the TTL of other users' creates on the same receiver instance", async () => {
    // Prepare: Bob's command, on the receiver instance that serves Alice next
    const slack = slackHarness();
    await slack.send(slashCommand('create bobs web --env __proto__.ttl=1m', { user: USERS.bob }));

    // Act
    await slack.send(slashCommand('create demo web'));

    // Assess: Alice's environment lives the configured default (48h), not the minute Bob chose for her
    expect((await slack.engine.get('demo')).expiresAt).toBe(new Date(START.getTime() + slack.engine.config.ttl.default).toISOString());
  });
});
