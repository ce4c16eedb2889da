import { describe, expect, it } from 'vitest';
import { environmentButtons } from '../../src/slack/blocks.js';
import { ACTIONS, buttonClick, slackHarness, slashCommand, USERS } from './fixtures.js';

describe('Slack: buttons', () => {
  it('asks for confirmation before Destroy, and offers Open and Extend 8h', () => {
    const block = environmentButtons({ name: 'demo', url: 'https://demo.dev.example.com' });

    const [open, extend, destroy] = block.elements as Array<Record<string, any>>;

    expect(open).toMatchObject({ action_id: ACTIONS.open, url: 'https://demo.dev.example.com' });
    expect(extend).toMatchObject({ action_id: ACTIONS.extend, value: 'demo', text: { text: 'Extend 8h' } });
    expect(destroy).toMatchObject({ action_id: ACTIONS.destroy, value: 'demo', style: 'danger' });
    expect(destroy!.confirm).toMatchObject({ title: { text: 'Destroy demo?' }, confirm: { text: 'Destroy' }, deny: { text: 'Keep it' } });
  });

  it('adds 8 hours to the expiry of my environment (never past the maximum) when I click Extend 8h', async () => {
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));
    const before = Date.parse((await slack.engine.get('demo')).expiresAt!);

    const answer = await slack.send(buttonClick(ACTIONS.extend, 'demo'));

    expect(answer.status).toBe(200);
    expect(slack.poster.texts().at(-1)).toContain('Extended *demo*');
    const expected = Math.min(before + 8 * 3_600_000, slack.now().getTime() + slack.engine.config.ttl.max);
    expect((await slack.engine.get('demo')).expiresAt).toBe(new Date(expected).toISOString());
    expect(expected).toBeGreaterThan(before);
  });

  it('destroys my environment when I confirm Destroy', async () => {
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));

    await slack.send(buttonClick(ACTIONS.destroy, 'demo'));

    expect(slack.poster.texts().at(-1)).toContain('Destroyed *demo*');
    await expect(slack.engine.get('demo')).rejects.toThrow('does not exist');
  });

  it("refuses a click on someone else's environment and changes nothing", async () => {
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));
    const before = await slack.inspect();
    const expiresAt = (await slack.engine.get('demo')).expiresAt;

    await slack.send(buttonClick(ACTIONS.destroy, 'demo', { user: USERS.bob }));
    const destroyRefusal = slack.poster.texts().at(-1);
    await slack.send(buttonClick(ACTIONS.extend, 'demo', { user: USERS.bob }));

    expect(destroyRefusal).toContain('only its owner or an admin may change it');
    expect(slack.poster.texts().at(-1)).toContain('only its owner or an admin may change it');
    expect(await slack.inspect()).toEqual(before);
    expect((await slack.engine.get('demo')).expiresAt).toBe(expiresAt);
  });

  it('answers a click with a bad environment name with a refusal on its response_url', async () => {
    const slack = slackHarness();

    const answer = await slack.send(buttonClick(ACTIONS.extend, 'Not-A-Name'));

    expect(answer.status).toBe(200);
    expect(slack.poster.responses.at(-1)?.message).toMatchObject({ replace_original: false });
    expect(slack.poster.texts().at(-1)).toContain('must be lowercase letters');
  });

  it('acknowledges Open with nothing to do', async () => {
    const slack = slackHarness();

    const answer = await slack.send(buttonClick(ACTIONS.open, 'demo'));

    expect(answer).toMatchObject({ status: 200, body: '' });
    expect(slack.poster.responses).toEqual([]);
  });
});
