import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/core/ttl-cache.js';

describe('Class: TtlCache', () => {
  describe('Method: get', () => {
    it('answers from the cache within the TTL and loads again once it has passed', async () => {
      // Prepare
      let now = 0;
      let loads = 0;
      const cache = new TtlCache<number>(30_000, () => now);
      const load = async () => ++loads;

      // Act
      const first = await cache.get('web', load);
      now = 29_999;
      const within = await cache.get('web', load);
      now = 30_000;
      const after = await cache.get('web', load);

      // Assess
      expect([first, within, after]).toEqual([1, 1, 2]);
    });

    it('forgets a failed load, so the next get loads again instead of serving the error', async () => {
      // Prepare
      const cache = new TtlCache<string>(30_000, () => 0);

      // Act
      const failed = await cache.get('web', () => Promise.reject(new Error('throttled'))).catch((error: Error) => error.message);
      const next = await cache.get('web', async () => 'baseline');

      // Assess
      expect(failed).toBe('throttled');
      expect(next).toBe('baseline');
    });

    it('shares one load between concurrent gets of the same key', async () => {
      // Prepare
      let loads = 0;
      const cache = new TtlCache<number>(30_000, () => 0);

      // Act
      const answers = await Promise.all([cache.get('web', async () => ++loads), cache.get('web', async () => ++loads)]);

      // Assess
      expect(answers).toEqual([1, 1]);
    });
  });
});
