import { describe, expect, it } from 'vitest';
import { HOUR, simulated, START } from '../../support/simulated.js';

const owner = 'alice';
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(START.getTime() + ms).toISOString();
const tagWrites = (world: ReturnType<typeof simulated>) => world.cloud.faults.calls.filter((call) => call.command === 'TagResource').length;

describe('Class: Engine', () => {
  describe('Method: extend (frozen clock)', () => {
    it('moves a 48 h environment a day later when extended by a day, as the README quick start does', async () => {
      // Prepare
      const world = simulated();
      await world.engine.create({ name: 'demo-42', app: 'web', owner, ttl: '48h' });
      world.advance(HOUR);

      // Act
      const { environment, capped } = await world.engine.extend('demo-42', '24h');

      // Assess
      expect(environment.expiresAt).toBe(iso(72 * HOUR));
      expect(capped).toBe(false);
      expect((await world.engine.get('demo-42')).expiresAt).toBe(iso(72 * HOUR));
    });

    it('counts from now when the expiry has already passed', async () => {
      const world = simulated();
      await world.engine.create({ name: 'demo-42', app: 'web', owner, ttl: '1h' });
      world.advance(2 * HOUR);

      const { environment } = await world.engine.extend('demo-42', '24h');

      expect(environment.expiresAt).toBe(iso(2 * HOUR + DAY));
    });

    it('stops at now + ttl.max and says it was capped', async () => {
      const world = simulated();
      await world.engine.create({ name: 'demo-42', app: 'web', owner, ttl: '6d' });

      const { environment, capped } = await world.engine.extend('demo-42', '2d');

      expect(environment.expiresAt).toBe(iso(7 * DAY));
      expect(capped).toBe(true);
    });

    it('never shortens: at the cap already, it changes nothing and writes nothing', async () => {
      const world = simulated();
      await world.engine.create({ name: 'demo-42', app: 'web', owner, ttl: '7d' });
      const writesBefore = tagWrites(world);

      const { environment, capped } = await world.engine.extend('demo-42', '1h');

      expect(environment.expiresAt).toBe(iso(7 * DAY));
      expect(capped).toBe(true);
      expect(tagWrites(world)).toBe(writesBefore);
    });
  });
});
