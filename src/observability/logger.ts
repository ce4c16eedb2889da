import { stackFrames } from './stack-frames.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The same logger with these fields on every line (a request id, say). */
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|signature|cookie/i;

/**
 * One JSON object per line, with level, time and message first; keys that look like secrets are redacted wherever they
 * are nested, and errors keep their name, code, message and cause (and, on `error` lines, their stack: something
 * unexpected happened there).
 *
 * @example
 * const log = createLogger({ service: 'api' }).child({ requestId });
 * log.info('environment created', { envName: 'pr-42' });
 */
export function createLogger(
  base: Record<string, unknown> = {},
  options: { level?: LogLevel; write?: (line: string) => void; now?: () => Date } = {},
): Logger {
  const threshold = ORDER[options.level ?? (process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info'] ?? ORDER.info;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < threshold) return;
    write(JSON.stringify({ level, time: now().toISOString(), message, ...(sanitize({ ...base, ...fields }, 0, { stacks: level === 'error' }) as object) }));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, options),
  };
}

export function sanitize(value: unknown, depth = 0, options: { stacks?: boolean } = {}): unknown {
  if (depth > 6) return '[too deep]';
  if (value instanceof Error) {
    const { code, context } = value as Error & { code?: unknown; context?: unknown };
    return {
      name: value.name,
      message: value.message,
      ...(code !== undefined ? { code } : {}),
      ...(context !== undefined ? { context: sanitize(context, depth + 1, options) } : {}),
      ...(value.cause !== undefined ? { cause: sanitize(value.cause, depth + 1, options) } : {}),
      ...(options.stacks ? { stack: stackFrames(value) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1, options));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) ? '[redacted]' : sanitize(item, depth + 1, options)]),
    );
  }
  return value;
}
