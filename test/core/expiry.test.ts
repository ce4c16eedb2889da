import { describe, expect, it } from 'vitest';
import { extendedExpiry } from '../../src/core/expiry.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-11-25T10:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('Function: extendedExpiry', () => {
  it('adds the ttl to the current expiry when it is still ahead', () => {
    expect(extendedExpiry({ current: at(48 * HOUR), now: NOW, ttlMs: DAY, maxMs: 7 * DAY })).toEqual({ expiresAt: at(72 * HOUR), capped: false });
  });

  it('adds the ttl to now when the expiry has passed or is unknown', () => {
    expect(extendedExpiry({ current: at(-HOUR), now: NOW, ttlMs: DAY, maxMs: 7 * DAY })).toEqual({ expiresAt: at(DAY), capped: false });
    expect(extendedExpiry({ current: undefined, now: NOW, ttlMs: DAY, maxMs: 7 * DAY })).toEqual({ expiresAt: at(DAY), capped: false });
  });

  it('stops at now + the maximum and says so', () => {
    expect(extendedExpiry({ current: at(6 * DAY), now: NOW, ttlMs: 2 * DAY, maxMs: 7 * DAY })).toEqual({ expiresAt: at(7 * DAY), capped: true });
  });

  it('never moves the expiry earlier, even when a lowered maximum puts the cap before it', () => {
    expect(extendedExpiry({ current: at(10 * DAY), now: NOW, ttlMs: HOUR, maxMs: 7 * DAY })).toEqual({ expiresAt: at(10 * DAY), capped: true });
  });
});
