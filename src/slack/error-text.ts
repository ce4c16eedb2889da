import { isDevenvError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import { UsageError } from './command.js';
import type { SlackMessage } from './message.js';

/** What to do next, per error: the one place errors become Slack text. */
const NEXT_STEP: Record<ErrorCode, string> = {
  invalid_name: 'Pick another name: `/devenv help` shows the usage.',
  invalid_request: '`/devenv help` shows the usage.',
  invalid_config: "devenv's configuration is wrong: tell the team that runs devenv.",
  not_found: '`/devenv list` shows the environments there are.',
  conflict: 'Pick another name, or ask the team that runs devenv what holds this one.',
  busy: 'Someone is changing this environment right now: try again in a minute.',
  quota_exceeded: 'Destroy an environment you no longer need (`/devenv list`), then try again.',
  unsupported_network_mode: "This app's baseline service cannot be copied: tell the team that runs devenv.",
  forbidden: 'Ask its owner or a devenv admin.',
  policy_violation: "devenv's policy does not allow this image or variable: use an allowed one, or ask the team that runs devenv.",
  cloud_failure: 'Nothing was left half-made. Try again in a few minutes; if it keeps failing, tell the team that runs devenv.',
};

/**
 * An ephemeral message that says what went wrong and what to do. Errors devenv raised on purpose are shown; anything
 * else is logged with its details and shown as an internal error with the job id, so a secret in a stack never reaches Slack.
 */
export function errorMessage(error: unknown, { logger, requestId, action }: { logger: Pick<Logger, 'error'>; requestId: string; action?: string }): SlackMessage {
  const what = action ? `${action}: ` : '';
  if (error instanceof UsageError) {
    return { response_type: 'ephemeral', text: `:warning: ${error.message}\nUsage:\n\`\`\`${error.usage}\`\`\`` };
  }
  if (isDevenvError(error)) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message.slice(0, 200)})` : '';
    return { response_type: 'ephemeral', text: `:x: ${what}${error.message}${error.code === 'cloud_failure' ? cause : ''}\n${NEXT_STEP[error.code]}` };
  }
  logger.error('slack request failed', { error, requestId });
  return {
    response_type: 'ephemeral',
    text: `:x: ${what}devenv failed unexpectedly (request ${requestId}). Try again; if it keeps failing, tell the team that runs devenv with this request id.`,
  };
}
