import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/aws/token-bucket.js';
import { VirtualTime } from '../support/virtual-time.js';

/** A bucket on a clock the test moves, whose sleeps are noted and move that clock. */
function bucketOnFakeClock(rate: { perSecond: number; burst: number }) {
  let now = 0;
  const sleeps: number[] = [];
  const bucket = new TokenBucket({
    ...rate,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { bucket, sleeps, advance: (ms: number) => void (now += ms) };
}

describe('Class: TokenBucket', () => {
  describe('Method: take', () => {
    it('answers at once while the burst lasts, then makes each caller wait one refill interval', async () => {
      // Prepare
      const { bucket, sleeps } = bucketOnFakeClock({ perSecond: 4, burst: 3 });

      // Act
      for (let i = 0; i < 5; i += 1) await bucket.take();

      // Assess
      expect(sleeps).toEqual([250, 250]);
    });

    it('refills with the clock, never beyond the burst', async () => {
      // Prepare
      const { bucket, sleeps, advance } = bucketOnFakeClock({ perSecond: 2, burst: 4 });
      for (let i = 0; i < 4; i += 1) await bucket.take();

      // Act
      advance(60_000);
      for (let i = 0; i < 5; i += 1) await bucket.take();

      // Assess
      expect(sleeps).toEqual([500]);
    });

    it('charges a costly call its whole cost: a 20-token call on an empty 4/s bucket waits 5 s', async () => {
      // Prepare
      const { bucket, sleeps } = bucketOnFakeClock({ perSecond: 4, burst: 20 });
      await bucket.take(20);

      // Act
      await bucket.take(20);

      // Assess
      expect(sleeps).toEqual([5_000]);
    });

    it('serves concurrent callers first come, first served, at the refill rate', async () => {
      // Prepare
      const time = new VirtualTime(0);
      const bucket = new TokenBucket({ perSecond: 2, burst: 2, now: time.now, sleep: time.sleep });
      const admitted: Array<{ caller: number; at: number }> = [];

      // Act
      await time.run(
        Promise.all(
          Array.from({ length: 6 }, async (_, caller) => {
            await bucket.take();
            admitted.push({ caller, at: time.now() });
          }),
        ),
      );

      // Assess
      expect(admitted).toEqual([
        { caller: 0, at: 0 },
        { caller: 1, at: 0 },
        { caller: 2, at: 500 },
        { caller: 3, at: 1_000 },
        { caller: 4, at: 1_500 },
        { caller: 5, at: 2_000 },
      ]);
    });
  });

  describe('Method: drain', () => {
    it('gives up the burst, so the next caller waits for the refill', async () => {
      // Prepare
      const { bucket, sleeps } = bucketOnFakeClock({ perSecond: 10, burst: 40 });

      // Act
      bucket.drain();
      await bucket.take();

      // Assess
      expect(sleeps).toEqual([100]);
    });
  });

  it('refuses a rate that could never admit anyone', () => {
    expect(() => new TokenBucket({ perSecond: 0, burst: 10 })).toThrow(RangeError);
    expect(() => new TokenBucket({ perSecond: 1, burst: 0.5 })).toThrow(RangeError);
  });
});
