import { describe, expect, it } from 'vitest';
import { DevenvError } from '../../src/core/errors.js';
import { createLogger } from '../../src/observability/logger.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ service: 'test' }, { write: (line) => lines.push(JSON.parse(line)), now: () => new Date(0), level: 'info' });
  return { lines, logger };
}

describe('Function: createLogger', () => {
  it('writes one JSON object per line with level, time, message and the child fields', () => {
    const { lines, logger } = capture();

    logger.child({ requestId: 'req-1' }).info('created', { envName: 'pr-1' });

    expect(lines).toEqual([{ level: 'info', time: '1970-01-01T00:00:00.000Z', message: 'created', service: 'test', requestId: 'req-1', envName: 'pr-1' }]);
  });

  it('redacts secrets wherever they are nested', () => {
    const { lines, logger } = capture();

    logger.info('auth', { headers: { authorization: 'Bearer abc' }, apiToken: 'xyz', nested: [{ clientSecret: 's' }] });

    expect(JSON.stringify(lines)).not.toMatch(/abc|xyz|"s"/);
  });

  it('keeps an error name, code, message and cause', () => {
    const { lines, logger } = capture();

    logger.error('failed', { error: new DevenvError('conflict', 'taken', { cause: new Error('PriorityInUse') }) });

    expect(lines[0]!.error).toMatchObject({ name: 'DevenvError', code: 'conflict', message: 'taken', cause: { message: 'PriorityInUse' } });
  });

  it('keeps the stack of an error on error lines only (where something unexpected happened)', () => {
    const { lines, logger } = capture();
    const error = new Error('socket hang up');

    logger.error('failed', { error });
    logger.warn('retrying', { error });

    expect((lines[0]!.error as { stack: string[] }).stack[0]).toMatch(/^at .*logger\.test\.ts:\d+:\d+\)?$/);
    expect(lines[1]!.error).not.toHaveProperty('stack');
  });

  it('drops lines below the level', () => {
    const { lines, logger } = capture();

    logger.debug('noise');

    expect(lines).toEqual([]);
  });
});
