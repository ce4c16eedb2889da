import { describe, expect, it } from 'vitest';
import { RESPONSE_URL, slackHarness, slashCommand, USERS } from './fixtures.js';

describe('Slack: /devenv commands', () => {
  describe('help and usage errors', () => {
    it('answers help in the acknowledgement itself, with no job and no response_url post', async () => {
      const slack = slackHarness();

      const answer = await slack.send(slashCommand('help'));

      expect(answer.status).toBe(200);
      expect(answer.json?.response_type).toBe('ephemeral');
      expect(answer.json?.text).toContain('/devenv create <name> [app]');
      expect(slack.poster.responses).toEqual([]);
    });

    it.each([
      ['frobnicate demo', 'unknown subcommand "frobnicate"'],
      ['create', 'create needs an environment name'],
      ['create demo web --image web', '--image takes container=repo:tag'],
      ['create demo web --ttl', '--ttl needs a value'],
      ['create demo nope', 'unknown app "nope"'],
      ['create Demo_1 web', 'must be lowercase letters'],
      ['create demo web --ttl 99d', 'ttl'],
      ['create pr-7 web', 'reserved for the GitHub Actions job of pull request #7'],
      ['list everything', 'list takes mine or all'],
      ['status', 'status takes exactly one environment name'],
      ['extend demo forever', '"forever" is not a duration'],
      ['destroy a b', 'destroy takes exactly one environment name'],
    ])('answers "%s" with a short ephemeral message and changes nothing', async (text, expected) => {
      const slack = slackHarness();
      const before = await slack.inspect();

      const answer = await slack.send(slashCommand(text));

      expect(answer.status).toBe(200);
      expect(answer.json?.response_type).toBe('ephemeral');
      expect(answer.json?.text.toLowerCase()).toContain(expected.toLowerCase());
      expect(slack.poster.responses).toEqual([]);
      expect(await slack.inspect()).toEqual(before);
    });
  });

  describe('create', () => {
    it('acknowledges, then posts progress and the URL of a healthy environment owned by the Slack user', async () => {
      const slack = slackHarness();

      const answer = await slack.send(slashCommand('create demo web --image web=repo/web:feature --env web.FEATURE=on --ttl 8h'));

      expect(answer.json?.text).toContain('Creating *demo*');
      const texts = slack.poster.texts();
      expect(texts[0]).toContain('Creating *demo* (web)');
      expect(texts[1]).toMatch(/target group ✓ rule ✓ service ✓ DNS ✓ — waiting for healthy/);
      expect(texts.at(-1)).toContain('created and healthy: https://demo.');
      expect(slack.poster.responses.every(({ url, message }) => url === RESPONSE_URL && message.replace_original === true)).toBe(true);
      expect(slack.poster.responses.length).toBeLessThanOrEqual(5);
      const environment = await slack.engine.get('demo');
      expect(environment).toMatchObject({ owner: `slack:T0TEAM/${USERS.alice}`, status: 'running', images: { web: 'repo/web:feature' } });
    });

    it('reports a failure with what failed and what to do when the quota is reached', async () => {
      const slack = slackHarness({ config: { limits: { perOwner: 1 } } });
      await slack.send(slashCommand('create one web'));

      await slack.send(slashCommand('create two web'));

      const last = slack.poster.texts().at(-1)!;
      expect(last).toContain(':x: create failed:');
      expect(last).toContain('Destroy an environment you no longer need');
      await expect(slack.engine.get('two')).rejects.toThrow('does not exist');
    });
  });

  describe('list', () => {
    it('lists only my environments for "mine" and everyone\'s for "all", as a table with owner, status, time left and URL', async () => {
      const slack = slackHarness();
      await slack.send(slashCommand('create mine web'));
      await slack.send(slashCommand('create theirs web', { user: USERS.bob }));

      await slack.send(slashCommand('list'));
      const mine = slack.poster.texts().at(-1)!;
      await slack.send(slashCommand('list all'));
      const all = slack.poster.texts().at(-1)!;

      expect(mine).toMatch(/\*mine\* · web · <@U0ALICE> · running · 1d 23h left · <https:\/\/mine\.dev\.example\.com\|open>/);
      expect(mine).not.toContain('theirs');
      expect(all).toContain('*theirs* · web · <@U0BOB>');
      expect(all).toContain('All environments (2)');
    });
  });

  describe('status', () => {
    it('shows an environment with its buttons', async () => {
      const slack = slackHarness();
      await slack.send(slashCommand('create demo web'));

      await slack.send(slashCommand('status demo', { user: USERS.bob }));

      const { message } = slack.poster.responses.at(-1)!;
      expect(message.text).toContain('*demo* (web) is *running*');
      expect(JSON.stringify(message.blocks)).toContain('devenv_destroy');
    });

    it('says an unknown environment does not exist', async () => {
      const slack = slackHarness();

      await slack.send(slashCommand('status ghost'));

      expect(slack.poster.texts().at(-1)).toContain('environment ghost does not exist');
    });
  });

  describe('extend', () => {
    it('moves the expiry of my environment', async () => {
      const slack = slackHarness();
      await slack.send(slashCommand('create demo web'));

      await slack.send(slashCommand('extend demo 7d'));

      expect(slack.poster.texts().at(-1)).toContain('Extended *demo*');
      expect((await slack.engine.get('demo')).expiresAt).toBe(new Date(slack.now().getTime() + 7 * 24 * 3_600_000).toISOString());
    });

    it("refuses to extend someone else's environment and leaves its expiry", async () => {
      const slack = slackHarness();
      await slack.send(slashCommand('create demo web'));
      const before = (await slack.engine.get('demo')).expiresAt;

      await slack.send(slashCommand('extend demo 7d', { user: USERS.bob }));

      expect(slack.poster.texts().at(-1)).toContain('only its owner or an admin may change it');
      expect((await slack.engine.get('demo')).expiresAt).toBe(before);
    });
  });

  describe('destroy', () => {
    it('removes my environment', async () => {
      const slack = slackHarness();
      await slack.send(slashCommand('create demo web'));

      await slack.send(slashCommand('destroy demo'));

      expect(slack.poster.texts().at(-1)).toContain('Destroyed *demo*');
      expect((await slack.inspect()).services).not.toContain(expect.stringContaining('demo'));
    });

    it("lets an admin destroy anyone's environment but not a user", async () => {
      const slack = slackHarness();
      await slack.send(slashCommand('create demo web'));

      await slack.send(slashCommand('destroy demo', { user: USERS.bob }));
      const refused = slack.poster.texts().at(-1)!;
      await slack.send(slashCommand('destroy demo', { user: USERS.admin }));

      expect(refused).toContain('only its owner or an admin may change it');
      expect(slack.poster.texts().at(-1)).toContain('Destroyed *demo*');
    });

    it('says a missing environment does not exist', async () => {
      const slack = slackHarness();

      await slack.send(slashCommand('destroy ghost'));

      expect(slack.poster.texts().at(-1)).toContain('environment ghost does not exist');
    });
  });
});
