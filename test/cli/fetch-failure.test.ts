import { describe, expect, it } from 'vitest';
import { describeFetchFailure } from '../../src/cli/fetch-failure.js';

const networkError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });

describe('Function: describeFetchFailure', () => {
  it('names the timeout when the request signal fired', () => {
    const signal = AbortSignal.abort(new DOMException('timed out', 'TimeoutError'));

    expect(describeFetchFailure(signal.reason, signal, 10_000)).toBe('no answer within 10 s');
  });

  it("gives the system error code of undici's \"fetch failed\"", () => {
    expect(describeFetchFailure(networkError('ECONNREFUSED'), new AbortController().signal, 10_000)).toBe('ECONNREFUSED');
  });

  it('falls back to the message', () => {
    expect(describeFetchFailure(new Error('socket hang up'), new AbortController().signal, 10_000)).toBe('socket hang up');
  });
});
