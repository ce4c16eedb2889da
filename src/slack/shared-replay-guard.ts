import { createHash, randomUUID } from 'node:crypto';
import type { LeaseLocks } from '../core/lease-locks.js';
import type { ReplayGuard } from './replay-guard.js';

/** Bolt refuses a request whose timestamp is more than 5 minutes old; a replay can only matter until then. */
const FRESH_MS = 5 * 60_000;
/** Covers clock skew between the instance that saw the request and one a replay reaches later. */
const SKEW_MARGIN_MS = 60_000;

const LEASE_PREFIX = 'slack-replay#';

/** The lease key of a signature: its SHA-256, so the lock table never holds a usable signature. */
export function replayLeaseKey(signature: string): string {
  return `${LEASE_PREFIX}${createHash('sha256').update(signature).digest('hex')}`;
}

export interface SharedReplayGuardOptions {
  /** The lease locks every devenv process shares (the lock table on AWS, `DEVENV_LOCK_TABLE`). */
  locks: LeaseLocks;
  now?: () => number;
  newOwner?: () => string;
}

/**
 * A `ReplayGuard` shared by every receiver instance: seeing a signature means taking a lease on its hash, with a fresh
 * owner, until the request's timestamp has gone stale (+ a margin), and never giving it back. The first taker wins;
 * any other instance finds the lease held and refuses the replay. After that Bolt's timestamp check refuses the
 * request, so an expired lease is harmless. A store error propagates: the receiver fails closed.
 *
 * @example
 * const guard = new SharedReplayGuard({ locks: new DynamoDbLeaseLocks(dynamodb, { tableName: 'devenv-locks' }) });
 * await guard.firstSeen(headers['x-slack-signature'], Number(headers['x-slack-request-timestamp'])); // true, then false
 */
export class SharedReplayGuard implements ReplayGuard {
  readonly #locks: LeaseLocks;
  readonly #now: () => number;
  readonly #newOwner: () => string;

  constructor({ locks, now = Date.now, newOwner = randomUUID }: SharedReplayGuardOptions) {
    this.#locks = locks;
    this.#now = now;
    this.#newOwner = newOwner;
  }

  firstSeen(signature: string, timestampSeconds: number): Promise<boolean> {
    return this.#locks.acquire({
      key: replayLeaseKey(signature),
      // A fresh owner per call: the lease's `#owner = :me` clause must never let a second request through as "ours".
      owner: `slack-replay:${this.#newOwner()}`,
      operation: 'slack-replay',
      now: new Date(this.#now()),
      until: new Date(timestampSeconds * 1000 + FRESH_MS + SKEW_MARGIN_MS),
    });
  }
}
