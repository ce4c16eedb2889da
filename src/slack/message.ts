import type { types } from '@slack/bolt';

/** A message devenv sends: an acknowledgement, a `response_url` post or a `chat.postMessage`. */
export interface SlackMessage {
  text: string;
  blocks?: types.KnownBlock[];
  /** Only the person who asked sees it unless `in_channel`. */
  response_type?: 'ephemeral' | 'in_channel';
  /** On a `response_url`: replace the message the command or button came from (progress updates in place). */
  replace_original?: boolean;
}
