import type { DevenvConfig, SlackConfig } from '../core/config.js';
import { parseDuration } from '../core/duration.js';

/** The Slack settings in force: the configuration's `slack` section, or its defaults when there is none. */
export function slackSettings(config: DevenvConfig): SlackConfig {
  return config.slack ?? { admins: [], warnBefore: parseDuration('1h'), noticeChannels: {} };
}
