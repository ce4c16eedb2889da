import { describe, expect, it } from 'vitest';
import { fitForSlack, SECTION_TEXT_LIMIT } from '../../src/slack/fit.js';
import { slackHarness, slashCommand } from './fixtures.js';

describe('Function: fitForSlack', () => {
  it('clips the text and every section to what Slack accepts, and leaves the rest of the message as it is', () => {
    const long = 'x'.repeat(5_000);
    const buttons = { type: 'actions', elements: [{ type: 'button', action_id: 'devenv_open', text: { type: 'plain_text', text: 'Open' } }] };

    const fitted = fitForSlack({ text: long, replace_original: true, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: long } }, buttons] });

    expect(fitted.text).toHaveLength(SECTION_TEXT_LIMIT);
    expect(fitted.text.endsWith('…')).toBe(true);
    expect(fitted.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: fitted.text } }, buttons]);
    expect(fitted.replace_original).toBe(true);
  });

  it('leaves a message within the limits unchanged', () => {
    const message = { text: 'Created *demo*', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Created *demo*' } }] };

    expect(fitForSlack(message)).toEqual(message);
  });
});

describe('Slack: a refusal that echoes a very long input', () => {
  it('is acknowledged within Slack\'s limits (Slack would refuse the whole answer)', async () => {
    const slack = slackHarness();

    const response = await slack.send(slashCommand(`create demo web --ttl ${'9'.repeat(4_000)}h`));

    expect(response.status).toBe(200);
    expect(response.json?.text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
  });
});
