import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/slack/message.js';
import type { SlackJob } from '../../src/slack/job.js';
import type { SlackPoster } from '../../src/slack/poster.js';
import { createWorker } from '../../src/slack/worker.js';
import { HOUR } from '../support/simulated.js';
import { CapturingPoster, quietLogger, RESPONSE_URL, slackHarness, slashCommand, TEAM, USERS } from './fixtures.js';

const job = (work: SlackJob['work']): SlackJob => ({ id: 'job-7', user: { teamId: TEAM, userId: USERS.alice }, responseUrl: RESPONSE_URL, work });

/**
 * Lambda runs an asynchronous invocation again when it fails (twice, `retryAttempts: 2`): a worker that failed because
 * its final post did not reach Slack would do its write a second time (extend twice, report a destroy as failed). So
 * the post is sent again within the run, and the run never fails for Slack.
 */
describe('Slack: a result post that fails (Lambda must not run the job again)', () => {
  it('extends once when its result post fails once: the post is sent again, not the job', async () => {
    // Prepare: Alice's environment, and a worker whose first final post fails (Slack answered 5xx, say)
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));
    const before = Date.parse((await slack.engine.get('demo')).expiresAt);
    const poster = new CapturingPoster();
    const run = createWorker({ engine: slack.engine, poster, logger: quietLogger(), now: slack.now, sleep: async () => undefined });
    poster.failNext = 1;

    // Act
    await run(job({ kind: 'extend', name: 'demo', ttl: '8h' }));

    // Assess: one /devenv extend adds 8 hours, and its result reached Slack on the second try
    expect((await slack.engine.get('demo')).expiresAt).toBe(new Date(before + 8 * HOUR).toISOString());
    expect(poster.texts().at(-1)).toContain('Extended');
  });

  it('ends a destroy without failing when Slack stays unreachable, so Lambda does not run it again', async () => {
    // Prepare
    const slack = slackHarness();
    await slack.send(slashCommand('create demo web'));
    const poster = new CapturingPoster();
    const run = createWorker({ engine: slack.engine, poster, logger: quietLogger(), now: slack.now, sleep: async () => undefined });
    poster.failNext = 3;

    // Act
    const outcome = await run(job({ kind: 'destroy', name: 'demo' })).then(
      () => 'ended',
      (error: unknown) => `rejected: ${String(error)}`,
    );

    // Assess: the environment is gone and the invocation succeeded (a rejection would make Lambda destroy again)
    expect(outcome).toBe('ended');
    await expect(slack.engine.get('demo')).rejects.toThrow('does not exist');
  });
});

/** Fails only the `n`-th post (1-based) to a response_url: one transient Slack failure in the middle of a job. */
class FailingNthPoster implements SlackPoster {
  readonly texts: string[] = [];
  #count = 0;
  constructor(readonly failing: number) {}
  async respond(_url: string, message: SlackMessage): Promise<void> {
    this.#count += 1;
    if (this.#count === this.failing) throw new Error('Slack answered 503');
    this.texts.push(message.text);
  }
  async postMessage(): Promise<void> {}
}

describe('Slack: worker progress posts', () => {
  it('reports the environment it created when only a progress post failed', async () => {
    // Prepare: the second post of a create (the "waiting for healthy" progress) fails once
    const slack = slackHarness({ deploymentSeconds: 60 });
    const poster = new FailingNthPoster(2);
    const run = createWorker({ engine: slack.engine, poster, logger: quietLogger(), sleep: async (ms) => slack.advance(ms), now: slack.now });

    // Act
    await run(job({ kind: 'create', name: 'demo', app: 'web', images: {}, environment: {} }));

    // Assess: the environment exists and is healthy, and the user's last message says so, not "create failed"
    expect((await slack.engine.get('demo')).status).toBe('running');
    expect(poster.texts.at(-1)).toContain('*demo* created and healthy');
  });
});

describe('Slack: worker waiting for healthy', () => {
  it('does not claim it waited the whole settle time when reading the environment failed at once', async () => {
    // Prepare: the first read while waiting is throttled
    const slack = slackHarness({ deploymentSeconds: 3_600 });
    let reads = 0;
    const engine = new Proxy(slack.engine, {
      get(target, property, receiver) {
        if (property === 'get') {
          return async (name: string) => {
            reads += 1;
            if (reads === 1) throw new Error('ThrottlingException: Rate exceeded');
            return target.get(name);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const poster = new CapturingPoster();
    const run = createWorker({ engine, poster, logger: quietLogger(), sleep: async (ms) => slack.advance(ms), now: slack.now });

    // Act
    await run(job({ kind: 'create', name: 'demo', app: 'web', images: {}, environment: {} }));

    // Assess: it watched for one poll (10 s), not 10 minutes
    expect(poster.texts().at(-1)).not.toContain('still starting after 10m');
    expect(poster.texts().at(-1)).toContain('/devenv status demo');
  });
});
