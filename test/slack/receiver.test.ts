import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { CloudError } from '../../src/core/errors.js';
import { InProcessDispatcher } from '../../src/slack/in-process-dispatcher.js';
import { createSlackEndpoint } from '../../src/slack/slack-app.js';
import { createWorker } from '../../src/slack/worker.js';
import { START } from '../support/simulated.js';
import { CapturingPoster, quietLogger, SIGNED, SIGNING_SECRET, slackHarness, slashCommand } from './fixtures.js';

describe('Slack: signed requests', () => {
  it('answers a correctly signed, fresh request', async () => {
    const slack = slackHarness();

    const answer = await slack.send(SIGNED.valid);

    expect(answer.status).toBe(200);
  });

  it.each([
    ['forged', SIGNED.forged],
    ['stale (over 5 minutes old)', SIGNED.stale],
  ])('refuses a %s request with 401 before any work', async (_kind, request) => {
    const slack = slackHarness();

    const answer = await slack.send(request);

    expect(answer).toMatchObject({ status: 401, body: '' });
    expect(slack.poster.responses).toEqual([]);
  });

  it('refuses a replayed request with 401, so its work runs once', async () => {
    const slack = slackHarness();

    const first = await slack.send(SIGNED.replayed);
    const replay = await slack.send(SIGNED.replayed);

    expect([first.status, replay.status]).toEqual([200, 401]);
    expect(slack.poster.responses).toHaveLength(1);
  });

  it('refuses a request with no signature headers', async () => {
    const slack = slackHarness();

    const answer = await slack.send({ rawBody: SIGNED.valid.rawBody, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    expect(answer.status).toBe(401);
  });
});

describe('Slack: acknowledgement before the work', () => {
  it('acknowledges a create while a deliberately slow engine has not finished, then posts the result', async () => {
    // Prepare: an engine whose create waits until the test lets it go
    const { config } = slackHarness();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const engineStarted = new Promise<void>((resolve) => (started = resolve));
    let finished = false;
    const environment = { name: 'demo', app: 'web', owner: 'slack:T0TEAM/U0ALICE', status: 'running', images: {}, expiresAt: START.toISOString(), createdAt: START.toISOString(), labels: {} };
    const slowEngine = {
      config,
      create: async () => {
        started();
        await gate;
        finished = true;
        return { outcome: 'created', environment, calls: [] };
      },
    } as unknown as Engine;
    const poster = new CapturingPoster();
    const logger = quietLogger();
    const dispatcher = new InProcessDispatcher({ worker: createWorker({ engine: slowEngine, poster, logger }), logger });
    const endpoint = createSlackEndpoint({ config, signingSecret: SIGNING_SECRET, dispatcher, poster, logger, now: () => START.getTime() });

    // Act
    const answer = await endpoint.handle(slashCommand('create demo web'));

    // Assess: acknowledged while the engine is still at work
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).text).toContain('Creating *demo*');
    expect(finished).toBe(false);
    await engineStarted;
    expect(finished).toBe(false);
    release();
    await dispatcher.idle();
    expect(finished).toBe(true);
    expect(poster.texts().at(-1)).toContain('*demo* created and healthy');
  });
});

describe('Slack: hand-over failure', () => {
  it('says in the acknowledgement that the work could not be started, so nothing is lost silently', async () => {
    const { config } = slackHarness();
    const poster = new CapturingPoster();
    const dispatcher = {
      dispatch: async () => {
        throw new CloudError('Invoke', 'could not hand the work to devenv-slack-worker: Rate exceeded');
      },
    };
    const endpoint = createSlackEndpoint({ config, signingSecret: SIGNING_SECRET, dispatcher, poster, logger: quietLogger(), now: () => START.getTime() });

    const answer = await endpoint.handle(slashCommand('destroy demo'));

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).text).toContain(':x: Invoke failed: could not hand the work to devenv-slack-worker');
    expect(JSON.parse(answer.body).text).toContain('Try again in a few minutes');
  });
});
