/**
 * Remembers the signatures of requests already accepted while their timestamp is still fresh, so the same signed
 * request is refused a second time. Older requests need no memory: Bolt's verification refuses them as stale.
 */
export interface ReplayGuard {
  /** True the first time a signature is seen; false for a replay. */
  firstSeen(signature: string, timestampSeconds: number): Promise<boolean>;
}

/** How long a timestamp stays fresh for Bolt (5 minutes), with room for clock skew. */
const REMEMBER_MS = 6 * 60_000;

/**
 * A `ReplayGuard` in this process's memory: exact where one process serves every request (`npm start`). On Lambda it
 * would miss replays that reach another instance, so the receiver there uses `SharedReplayGuard` (docs/slack.md).
 */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;

  constructor({ now = Date.now }: { now?: () => number } = {}) {
    this.#now = now;
  }

  async firstSeen(signature: string): Promise<boolean> {
    const now = this.#now();
    for (const [seen, forgetAt] of this.#seen) {
      if (forgetAt > now) break;
      this.#seen.delete(seen);
    }
    if (this.#seen.has(signature)) return false;
    this.#seen.set(signature, now + REMEMBER_MS);
    return true;
  }
}
