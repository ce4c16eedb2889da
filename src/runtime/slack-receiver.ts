import { AsyncInvoker } from '../aws/async-invoker.js';
// Imported by path, not from aws/index: the receiver's bundle needs DynamoDB and Lambda clients, no ECS, ELB or Route 53.
import { leaseLocksOnTable } from '../aws/dynamodb-lease-locks.js';
import type { Logger } from '../observability/logger.js';
import type { SlackJob } from '../slack/job.js';
import { createSlackLambdaHandler, type SlackLambdaHandler } from '../slack/lambda.js';
import { createFetchPoster } from '../slack/poster.js';
import { SharedReplayGuard } from '../slack/shared-replay-guard.js';
import { createSlackEndpoint } from '../slack/slack-app.js';
import { readLockTable } from './lock-table.js';
import { requireLambdaConfig } from './lambda-engine.js';
import { requireVariable } from './secrets.js';

/**
 * Slack waits 3 seconds for the ack: the replay check gets two quick tries of 800 ms at most each, not the engine's
 * backoff, and leaves the hand-over (`HAND_OVER_TIMEOUT_MS`, one try) the rest.
 */
const REPLAY_CHECK_RETRY = { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200 };
const REPLAY_CHECK_TIMEOUT_MS = 800;

/**
 * The Slack receiver on Lambda: verifies, refuses replays through the shared lock table (`DEVENV_LOCK_TABLE`, required),
 * acknowledges and hands each job to the worker function (`DEVENV_SLACK_WORKER_FUNCTION`) by asynchronous invoke. It
 * builds no engine: it never calls ECS, ELB or Route 53.
 */
export function buildSlackReceiver(env: NodeJS.ProcessEnv, logger: Logger): SlackLambdaHandler {
  const config = requireLambdaConfig(env, 'Slack receiver');
  const signingSecret = requireVariable(env, 'SLACK_SIGNING_SECRET');
  const worker = new AsyncInvoker(requireVariable(env, 'DEVENV_SLACK_WORKER_FUNCTION'));
  const locks = leaseLocksOnTable(readLockTable(env), { retry: REPLAY_CHECK_RETRY, requestTimeoutMs: REPLAY_CHECK_TIMEOUT_MS, ...(config.region ? { region: config.region } : {}) });
  const endpoint = createSlackEndpoint({
    config,
    signingSecret,
    replayGuard: new SharedReplayGuard({ locks }),
    // Stamped when queued: Lambda may hold an asynchronous invoke for long (the worker throttled, its retries), and the
    // worker drops a job that comes too late for Slack to be told (STALE_JOB_MS).
    dispatcher: { dispatch: (job: SlackJob) => worker.invoke({ ...job, acceptedAt: new Date().toISOString() }) },
    poster: createFetchPoster(env.SLACK_BOT_TOKEN ? { botToken: env.SLACK_BOT_TOKEN } : {}),
    logger,
  });
  return createSlackLambdaHandler(endpoint);
}
