/** What an extend does to an environment's expiry. */
export interface ExtendedExpiry {
  expiresAt: Date;
  /** True when the configured maximum (`now + ttl.max`) held the new expiry back. */
  capped: boolean;
}

/**
 * Extend adds time, it never takes any away: `ttl` is added to the current expiry (to now when that has passed or is
 * unknown), at most up to `now + max`, and the result is never earlier than the current expiry — even when a lowered
 * maximum would put the cap before it.
 *
 * @example
 * // 48 h left, extended by a day: 72 h left.
 * extendedExpiry({ current: new Date('2026-11-27T10:00Z'), now: new Date('2026-11-25T10:00Z'), ttlMs: 86_400_000, maxMs: 604_800_000 });
 * // → { expiresAt: 2026-11-28T10:00Z, capped: false }
 */
export function extendedExpiry({ current, now, ttlMs, maxMs }: { current: Date | undefined; now: Date; ttlMs: number; maxMs: number }): ExtendedExpiry {
  const from = Math.max(current?.getTime() ?? 0, now.getTime());
  const wanted = from + ttlMs;
  const cap = now.getTime() + maxMs;
  const next = Math.max(Math.min(wanted, cap), current?.getTime() ?? 0);
  return { expiresAt: new Date(next), capped: wanted > cap };
}
