import { describe, expect, it } from 'vitest';
import { MAX_POLL_INTERVAL_MS, nextPollInterval } from '../../src/contract/polling.js';

describe('Function: nextPollInterval', () => {
  it('waits half as long again each time, up to 30 s', () => {
    const intervals = [3_000];
    while (intervals.length < 10) intervals.push(nextPollInterval(intervals.at(-1)!));

    expect(intervals).toEqual([3_000, 4_500, 6_750, 10_125, 15_188, 22_782, 30_000, 30_000, 30_000, 30_000]);
    expect(nextPollInterval(MAX_POLL_INTERVAL_MS * 2)).toBe(MAX_POLL_INTERVAL_MS);
  });
});
