import { describe, expect, it } from 'vitest';
import { sweepWithNotices } from '../../src/runtime/scheduled-sweep.js';
import { HOUR, MINUTE } from '../support/simulated.js';
import { slackHarness, slashCommand, USERS } from './fixtures.js';

const CI_OWNER = 'github:acme/web@octocat';

function notices(options: Parameters<typeof slackHarness>[0] = {}) {
  const slack = slackHarness(options);
  const sweep = () => sweepWithNotices(slack.engine, slack.logger, slack.poster, slack.now);
  const directMessages = () => slack.poster.messages.filter(({ channel }) => channel.startsWith('U'));
  return { ...slack, sweep, directMessages };
}

describe('Slack: expiry warnings', () => {
  it('warns the owner once, with Extend and Destroy now, however many sweeps run', async () => {
    // Prepare
    const slack = notices();
    await slack.send(slashCommand('create demo web --ttl 2h'));
    await slack.sweep();
    const beforeWindow = slack.directMessages().length;
    slack.advance(HOUR + 30 * MINUTE);

    // Act
    await slack.sweep();
    await slack.sweep();
    // Another Lambda instance: only the environment's tags say the warning went out.
    await sweepWithNotices(slack.anotherEngine(), slack.logger, slack.poster, slack.now);

    // Assess
    expect(beforeWindow).toBe(0);
    const warnings = slack.directMessages();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.channel).toBe(USERS.alice);
    expect(warnings[0]!.message.text).toContain('Your environment *demo* (web) expires soon: 30m left');
    const buttons = JSON.stringify(warnings[0]!.message.blocks);
    expect(buttons).toContain('Extend 8h');
    expect(buttons).toContain('Destroy now');
  });

  it('warns again after the environment was extended and nears its new expiry', async () => {
    const slack = notices();
    await slack.send(slashCommand('create demo web --ttl 2h'));
    slack.advance(HOUR + 30 * MINUTE);
    await slack.sweep();

    await slack.send(slashCommand('extend demo 2h'));
    await slack.sweep();
    const rightAfterExtend = slack.directMessages().length;
    slack.advance(HOUR + 30 * MINUTE);
    await slack.sweep();

    expect(rightAfterExtend).toBe(1);
    expect(slack.directMessages()).toHaveLength(2);
  });

  it('tries again on the next sweep when the message could not be sent', async () => {
    const slack = notices();
    await slack.send(slashCommand('create demo web --ttl 2h'));
    slack.advance(HOUR + 30 * MINUTE);
    slack.poster.failNext = 1;

    const failed = await slack.sweep();
    const retried = await slack.sweep();

    expect(failed.notices?.failed).toEqual(['demo']);
    expect(retried.notices?.warned).toEqual(['demo']);
    expect(slack.directMessages()).toHaveLength(1);
  });

  it('never messages the owner of a CI environment', async () => {
    const slack = notices();
    await slack.engine.create({ name: 'pr-42', app: 'web', owner: CI_OWNER, ttl: '2h' });
    slack.advance(HOUR + 30 * MINUTE);

    await slack.sweep();

    expect(slack.poster.messages).toEqual([]);
  });

  it("tells the app's notice channel once that a CI environment is ready, and when it expired", async () => {
    const slack = notices({ config: { slack: { noticeChannels: { web: 'C0NOTICE' } } } });
    await slack.engine.create({ name: 'pr-42', app: 'web', owner: CI_OWNER, ttl: '2h' });
    slack.advance(5 * MINUTE);

    await slack.sweep();
    await slack.sweep();
    slack.advance(2 * HOUR);
    await slack.sweep();

    expect(slack.poster.messages.map(({ channel, message }) => `${channel} ${message.text}`)).toEqual([
      'C0NOTICE :large_green_circle: *pr-42* (web) is ready: https://pr-42.dev.example.com',
      'C0NOTICE :wastebasket: *pr-42* (web) expired and was removed.',
    ]);
  });
});
