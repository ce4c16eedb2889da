import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../observability/logger.js';

/** Bolt's own log lines, through devenv's structured logger (Bolt logs strings; they become the message). */
export function boltLogger(logger: Logger): BoltLogger {
  let level = 'info' as LogLevel;
  const line = (write: (message: string) => void) => (...parts: unknown[]) => write(parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' '));
  return {
    debug: line((message) => logger.debug(message, { source: 'bolt' })),
    info: line((message) => logger.info(message, { source: 'bolt' })),
    warn: line((message) => logger.warn(message, { source: 'bolt' })),
    error: line((message) => logger.error(message, { source: 'bolt' })),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
