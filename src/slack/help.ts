import type { DevenvConfig } from '../core/config.js';
import { formatDuration } from '../core/duration.js';
import { USAGE } from './command.js';
import type { SlackMessage } from './message.js';

/** `/devenv help`: answered in the acknowledgement itself. */
export function helpMessage(config: DevenvConfig): SlackMessage {
  const apps = Object.keys(config.apps).join(', ');
  return {
    response_type: 'ephemeral',
    text: [
      '*devenv*: your own copy of an app, with its own URL, removed when its time runs out.',
      '```',
      ...Object.values(USAGE),
      '```',
      `Apps: ${apps}. Environments live ${formatDuration(config.ttl.default)} unless you say (at most ${formatDuration(config.ttl.max)}).`,
      'Names `pr-<n>` belong to pull request jobs.',
    ].join('\n'),
  };
}
