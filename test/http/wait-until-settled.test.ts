import { describe, expect, it, vi } from 'vitest';
import type { Environment } from '../../src/core/environment.js';
import { waitUntilSettled } from '../../src/http/wait-until-settled.js';

const creating = { name: 'pr-1', status: 'creating' } as Environment;
const running = { name: 'pr-1', status: 'running' } as Environment;

/** An engine whose environment settles after `polls` reads, and a clock that only the sleeps move. */
function world(polls: number) {
  let now = 0;
  const sleeps: number[] = [];
  const get = vi.fn(async () => (get.mock.calls.length >= polls ? running : creating));
  return {
    get,
    sleeps,
    options: {
      engine: { get },
      initial: creating,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
      now: () => now,
      logger: { warn: vi.fn() },
    },
  };
}

describe('Function: waitUntilSettled', () => {
  it('polls at growing intervals: 5 s, then 1.5 times longer each time, up to 30 s', async () => {
    // Prepare
    const { options, sleeps, get } = world(8);

    // Act
    const environment = await waitUntilSettled({ ...options, timeoutMs: 900_000, pollIntervalMs: 5_000 });

    // Assess
    expect(environment.status).toBe('running');
    expect(sleeps).toEqual([5_000, 7_500, 11_250, 16_875, 25_313, 30_000, 30_000, 30_000]);
    expect(get).toHaveBeenCalledTimes(8);
  });

  it('reads about 33 times in a 900-second wait that never settles, and stops exactly at the deadline', async () => {
    // Prepare
    const { options, sleeps, get } = world(Number.POSITIVE_INFINITY);

    // Act
    const environment = await waitUntilSettled({ ...options, timeoutMs: 900_000, pollIntervalMs: 5_000 });

    // Assess
    expect(environment.status).toBe('creating');
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(900_000);
    expect(get.mock.calls.length).toBeLessThanOrEqual(34);
  });

  it('grows from another first interval as the contract says', async () => {
    // Prepare
    const { options, sleeps } = world(5);

    // Act
    await waitUntilSettled({ ...options, timeoutMs: 60_000, pollIntervalMs: 1_000 });

    // Assess
    expect(sleeps).toEqual([1_000, 1_500, 2_250, 3_375, 5_063]);
  });
});
