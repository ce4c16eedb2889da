import { describe, expect, it } from 'vitest';
import type { SlackHttpRequest } from '../../src/slack/receiver.js';
import { signSlackRequest } from '../../src/slack/signing.js';
import { ACTIONS, buttonClick, NOW_SECONDS, RESPONSE_URL, SIGNING_SECRET, slackHarness, slashCommand, TEAM, USERS } from './fixtures.js';

const ORG = 'E0ORG';

/**
 * A click as Slack sends it in an Enterprise organization: `user.team_id` is the organization's id (E…), not the
 * workspace's (T…), which is in `team.id` — the same workspace id a slash command carries as `team_id`
 * (docs.slack.dev, interaction payloads: "The user.team_id will report an enterprise organization ID … instead of team ID").
 */
function enterpriseClick(actionId: string, value: string, user: string = USERS.alice): SlackHttpRequest {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'acme', enterprise_id: ORG, enterprise_name: 'Acme' },
    enterprise: { id: ORG, name: 'Acme' },
    is_enterprise_install: false,
    user: { id: user, team_id: ORG, name: user.toLowerCase() },
    api_app_id: 'A0APP',
    token: 'unused',
    trigger_id: `trigger-${actionId}-${value}-${user}`,
    response_url: RESPONSE_URL,
    container: { type: 'message', message_ts: '1.2', channel_id: 'C0CHANNEL', is_ephemeral: true },
    channel: { id: 'C0CHANNEL', name: 'dev' },
    actions: [{ type: 'button', action_id: actionId, block_id: `devenv_env_${value}`, value, text: { type: 'plain_text', text: 'x' }, action_ts: '1.3' }],
  };
  const rawBody = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { rawBody, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, rawBody, NOW_SECONDS) } };
}

describe('Slack: buttons in an Enterprise organization', () => {
  it('extends my environment when I click Extend 8h on the message my own /devenv create left', async () => {
    // Prepare: Alice creates demo with a slash command (owner slack:T0TEAM/U0ALICE)
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));
    const before = (await slack.engine.get('demo')).expiresAt;

    // Act
    await slack.send(enterpriseClick(ACTIONS.extend, 'demo'));

    // Assess
    expect(slack.poster.texts().at(-1)).toContain('Extended *demo*');
    expect((await slack.engine.get('demo')).expiresAt).not.toBe(before);
  });

  it("still refuses a click on someone else's environment", async () => {
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));

    await slack.send(enterpriseClick(ACTIONS.destroy, 'demo', USERS.bob));

    expect(slack.poster.texts().at(-1)).toContain('only its owner or an admin may change it');
    expect((await slack.engine.get('demo')).name).toBe('demo');
  });
});

describe('Slack: Extend 8h where the maximum TTL is shorter', () => {
  it('extends as far as the maximum allows instead of refusing every click', async () => {
    // Prepare: an installation whose environments live at most 4 hours
    const slack = slackHarness({ config: { ttl: { default: '2h', max: '4h' } } });
    await slack.send(slashCommand('create demo web'));

    // Act: the button on the create's message (or on the expiry warning)
    await slack.send(buttonClick(ACTIONS.extend, 'demo'));

    // Assess
    expect(slack.poster.texts().at(-1)).toContain('Extended *demo*');
    expect((await slack.engine.get('demo')).expiresAt).toBe(new Date(slack.now().getTime() + 4 * 3_600_000).toISOString());
  });
});
