import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { CloudError } from '../../src/core/errors.js';
import type { SlackJob } from '../../src/slack/job.js';
import { createWorker } from '../../src/slack/worker.js';
import { CapturingPoster, quietLogger, RESPONSE_URL, slackHarness, TEAM, USERS } from './fixtures.js';

const job = (work: SlackJob['work']): SlackJob => ({ id: 'job-1', user: { teamId: TEAM, userId: USERS.alice }, responseUrl: RESPONSE_URL, work });
const CREATE = { kind: 'create', name: 'demo', app: 'web', images: {}, environment: {} } as const;

describe('Slack: worker', () => {
  it('posts the URL when the environment turns healthy', async () => {
    const slack = slackHarness({ deploymentSeconds: 60 });
    const run = createWorker({ engine: slack.engine, poster: slack.poster, logger: quietLogger(), sleep: async (ms) => slack.advance(ms), now: slack.now });

    await run(job(CREATE));

    const texts = slack.poster.texts();
    expect(texts[1]).toContain('waiting for healthy');
    expect(texts.at(-1)).toContain('*demo* created and healthy: https://demo.');
  });

  it('says what failed and what to do when the environment never turns healthy', async () => {
    const slack = slackHarness({ deploymentSeconds: 3_600 });
    const run = createWorker({
      engine: slack.engine,
      poster: slack.poster,
      logger: quietLogger(),
      settleTimeoutMs: 60_000,
      sleep: async (ms) => slack.advance(ms),
      now: slack.now,
    });

    await run(job(CREATE));

    expect(slack.poster.texts().at(-1)).toContain('still starting after 1m. `/devenv status demo` shows how it is going');
  });

  it('says what failed and what to do when the cloud refuses', async () => {
    const { config } = slackHarness();
    const engine = {
      config,
      create: async () => {
        throw new CloudError('CreateService', 'AccessDeniedException: not authorized');
      },
    } as unknown as Engine;
    const poster = new CapturingPoster();

    await createWorker({ engine, poster, logger: quietLogger() })(job(CREATE));

    const last = poster.texts().at(-1)!;
    expect(last).toContain(':x: create failed: CreateService failed: AccessDeniedException: not authorized');
    expect(last).toContain('Try again in a few minutes');
  });

  it('hides the details of an unexpected error behind the job id', async () => {
    const { config } = slackHarness();
    const engine = { config, list: async () => Promise.reject(new Error('secret internals')) } as unknown as Engine;
    const poster = new CapturingPoster();

    await createWorker({ engine, poster, logger: quietLogger() })(job({ kind: 'list', scope: 'all' }));

    expect(poster.texts().at(-1)).toContain('devenv failed unexpectedly (request job-1)');
    expect(poster.texts().at(-1)).not.toContain('secret internals');
  });

  it('tries the result three times when Slack cannot be told, then ends without failing (a retry would repeat the work)', async () => {
    const slack = slackHarness();
    slack.poster.failNext = 10;
    const waits: number[] = [];
    const run = createWorker({ engine: slack.engine, poster: slack.poster, logger: quietLogger(), sleep: async (ms) => void waits.push(ms) });

    await expect(run(job({ kind: 'list', scope: 'mine' }))).resolves.toBeUndefined();

    expect(slack.poster.failNext).toBe(10 - 3);
    expect(waits).toEqual([1_000, 3_000]);
  });

  it('refuses a job whose contents break the rules, however it was queued', async () => {
    const slack = slackHarness();
    const run = createWorker({ engine: slack.engine, poster: slack.poster, logger: quietLogger() });

    await run(job({ ...CREATE, name: 'pr-9' }));

    expect(slack.poster.texts().at(-1)).toContain('reserved for the GitHub Actions job of pull request #9');
    expect((await slack.inspect()).services.some((service) => service.includes('pr-9'))).toBe(false);
  });
});
