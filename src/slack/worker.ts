import { writeGuard } from '../access/authorize.js';
import { formatDuration } from '../core/duration.js';
import type { Engine } from '../core/engine.js';
import type { Environment } from '../core/environment.js';
import { NotFoundError } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import { environmentMessage, listMessage } from './blocks.js';
import { errorMessage } from './error-text.js';
import type { SlackJob, SlackWork } from './job.js';
import type { SlackMessage } from './message.js';
import type { SlackPoster } from './poster.js';
import { prepareWork } from './prepare.js';
import { slackPrincipal } from './slack-principal.js';

export interface WorkerOptions {
  engine: Engine;
  poster: SlackPoster;
  logger: Logger;
  /** How long a create waits for the environment to turn healthy before it says where to look; 10 minutes. */
  settleTimeoutMs?: number;
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export type SlackWorker = (job: SlackJob) => Promise<void>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A job older than this is dropped unrun: Slack's response_url works for 30 minutes, and a job queued longer (the
 * worker throttled, Lambda's retries) could undo what its user did since (a destroy of the environment made again).
 */
export const STALE_JOB_MS = 25 * 60_000;

/** Waits before the final post is sent again: a result that does not reach Slack is tried three times in all. */
const RESULT_POST_RETRIES_MS = [1_000, 3_000] as const;

/**
 * Runs a job handed over by the receiver and posts its progress and result to the job's `response_url`, replacing the
 * acknowledgement in place. A refused or failed job is answered with what failed and what to do. The returned promise
 * never rejects for Slack: a result that cannot be posted is tried again within the run, then logged, because Lambda
 * running the job again would repeat its write (extend twice, a destroy reported as failed). A job accepted more than
 * STALE_JOB_MS ago is dropped unrun.
 *
 * @example
 * const run = createWorker({ engine, poster: createFetchPoster(), logger });
 * await run(job);
 */
export function createWorker({
  engine,
  poster,
  logger,
  settleTimeoutMs = 10 * 60_000,
  pollIntervalMs = 10_000,
  sleep = defaultSleep,
  now = () => new Date(),
}: WorkerOptions): SlackWorker {
  return async (job) => {
    const log = logger.child({ requestId: job.id, work: job.work.kind });
    const age = job.acceptedAt === undefined ? 0 : now().getTime() - Date.parse(job.acceptedAt);
    if (age > STALE_JOB_MS) {
      log.warn('slack job dropped unrun: accepted too long ago for Slack to be told, and it could undo what its user did since', {
        acceptedAt: job.acceptedAt,
      });
      return;
    }
    const respond = (message: SlackMessage) => poster.respond(job.responseUrl, { replace_original: true, ...message });
    // A progress post that does not reach Slack must not turn a create that went on into a failure: only the result counts.
    const progress = (message: SlackMessage) =>
      respond(message).catch((error: unknown) => log.warn('progress post to Slack failed; going on', { error: error instanceof Error ? error.message : String(error) }));
    let message: SlackMessage;
    try {
      const principal = slackPrincipal(job.user, engine.config);
      const work = prepareWork(job.work, principal, engine.config);
      message = await perform(work);

      async function perform(work: SlackWork): Promise<SlackMessage> {
        switch (work.kind) {
          case 'create':
            return create(work);
          case 'list': {
            const shown = await engine.list(work.scope === 'all' ? {} : { owner: principal.owner });
            return listMessage(shown, now(), work.scope);
          }
          case 'status':
            return environmentMessage(await engine.get(work.name), now());
          case 'extend': {
            const { environment } = await engine.extend(work.name, work.ttl, { guard: writeGuard(principal, work.name, 'extend') });
            log.info('environment extended', { envName: work.name, expiresAt: environment.expiresAt });
            return environmentMessage(environment, now(), `:white_check_mark: Extended *${work.name}*.`);
          }
          case 'destroy': {
            const result = await engine.destroy(work.name, { guard: writeGuard(principal, work.name, 'destroy') });
            if (!result.found) throw new NotFoundError(`environment ${work.name} does not exist`, { envName: work.name });
            log.info('environment destroyed', { envName: work.name, removed: result.removed.length });
            return { response_type: 'ephemeral', text: `:wastebasket: Destroyed *${work.name}*: ${result.removed.length} resources removed.` };
          }
        }
      }

      async function create(work: Extract<SlackWork, { kind: 'create' }>): Promise<SlackMessage> {
        await progress({ text: `:hourglass_flowing_sand: Creating *${work.name}* (${work.app})…` });
        const result = await engine.create(
          {
            name: work.name,
            app: work.app,
            owner: principal.owner,
            images: work.images,
            environment: work.environment,
            ...(work.ttl !== undefined ? { ttl: work.ttl } : {}),
          },
          { guard: writeGuard(principal, work.name, 'put') },
        );
        log.info(`environment ${result.outcome}`, { envName: work.name, app: work.app, calls: result.calls.length });
        let environment = result.environment;
        let readFailed = false;
        if (environment.status === 'creating') {
          await progress({ text: progressText(environment, result.outcome) });
          ({ environment, readFailed } = await waitWhileCreating(environment));
        }
        return settledMessage(environment, result.outcome, readFailed);
      }
    } catch (error) {
      message = errorMessage(error, { logger: log, requestId: job.id, action: `${job.work.kind} failed` });
      log.warn('slack job refused or failed', { error: error instanceof Error ? error.message : String(error) });
    }
    for (const wait of [...RESULT_POST_RETRIES_MS, undefined]) {
      try {
        return await respond(message);
      } catch (error) {
        if (wait === undefined) {
          log.error('the result could not be posted to Slack; the job is not run again (its write would be repeated)', { error, text: message.text });
          return;
        }
        await sleep(wait);
      }
    }
  };

  async function waitWhileCreating(initial: Environment): Promise<{ environment: Environment; readFailed: boolean }> {
    const deadline = now().getTime() + settleTimeoutMs;
    let environment = initial;
    while (environment.status === 'creating' && now().getTime() < deadline) {
      await sleep(Math.min(pollIntervalMs, Math.max(0, deadline - now().getTime())));
      try {
        environment = await engine.get(initial.name);
      } catch (error) {
        // The create is done; a failed read (throttling, say) only ends the wait: the message says where to look.
        logger.warn('stopped waiting: reading the environment failed', { envName: initial.name, error });
        return { environment, readFailed: true };
      }
    }
    return { environment, readFailed: false };
  }

  function settledMessage(environment: Environment, outcome: string, readFailed = false): SlackMessage {
    const verb = outcome === 'created' ? 'created' : outcome === 'updated' ? 'updated' : 'unchanged';
    switch (environment.status) {
      case 'running':
        return environmentMessage(environment, now(), `:white_check_mark: *${environment.name}* ${verb} and healthy${environment.url ? `: ${environment.url}` : ''}`);
      case 'creating':
        return environmentMessage(
          environment,
          now(),
          `:hourglass: *${environment.name}* ${readFailed ? 'was still starting when devenv could no longer read it' : `is still starting after ${formatDuration(settleTimeoutMs)}`}. \`/devenv status ${environment.name}\` shows how it is going.`,
        );
      default:
        return environmentMessage(
          environment,
          now(),
          `:x: *${environment.name}* ${verb} but is *${environment.status}*: ${environment.statusReason ?? 'no reason given'}.\nFix the image or variables and run \`/devenv create ${environment.name}\` again, or \`/devenv destroy ${environment.name}\`.`,
        );
    }
  }
}

/** "creating… target group ✓ rule ✓ service ✓ DNS ✓ — waiting for healthy…" from what the create made. */
export function progressText(environment: Environment, outcome: string): string {
  if (outcome !== 'created') return `:hourglass_flowing_sand: Updating *${environment.name}*: new deployment started — waiting for healthy…`;
  const steps = [environment.targetGroupArn ? 'target group ✓' : '', environment.host ? 'rule ✓' : '', 'service ✓', environment.host ? 'DNS ✓' : ''].filter(Boolean);
  return `:hourglass_flowing_sand: Creating *${environment.name}*… ${steps.join(' ')} — waiting for healthy…`;
}
