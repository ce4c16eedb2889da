import { describe, expect, it } from 'vitest';
import type { SlackJob } from '../../src/slack/job.js';
import { createSlackEndpoint } from '../../src/slack/slack-app.js';
import { createWorker } from '../../src/slack/worker.js';
import { MINUTE, START } from '../support/simulated.js';
import { CapturingPoster, quietLogger, SIGNING_SECRET, slackHarness, slashCommand } from './fixtures.js';

/**
 * The worker's asynchronous invocations wait in Lambda's queue while the function is throttled (the account's
 * concurrency is shared with the team's services), for up to `maxEventAge` (1 hour, infra/stack.ts), and Lambda's two
 * retries come on top. Slack's response_url works for 30 minutes: a job that starts later can tell no one what it did.
 */
describe('Slack: a job that reaches the worker after its response_url expired', () => {
  it('does not destroy the environment its owner made again in the meantime', async () => {
    // Prepare: Alice's /devenv destroy demo is accepted, but the worker is throttled and does not start it
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));
    const queued: SlackJob[] = [];
    const endpoint = createSlackEndpoint({
      config: slack.config,
      signingSecret: SIGNING_SECRET,
      // As the Lambda hand-over does: the job is stamped when queued
      dispatcher: { dispatch: async (job) => void queued.push({ ...job, acceptedAt: slack.now().toISOString() }) },
      poster: slack.poster,
      logger: quietLogger(),
      now: () => START.getTime(),
    });
    await endpoint.handle(slashCommand('destroy demo'));
    // 45 minutes on, Alice (who never heard back) destroyed demo from another message and made it afresh
    slack.advance(45 * MINUTE);
    await slack.engine.destroy('demo');
    await slack.engine.create({ name: 'demo', app: 'web', owner: 'slack:T0TEAM/U0ALICE' });
    const poster = new CapturingPoster();
    const worker = createWorker({ engine: slack.engine, poster, logger: quietLogger(), now: slack.now });

    // Act: Lambda finally runs the queued job
    await worker(queued[0]!).catch(() => undefined);

    // Assess: the new environment is still there
    await expect(slack.engine.get('demo')).resolves.toMatchObject({ name: 'demo' });
  });
});
