/**
 * Leases shared by every devenv process (DynamoDB conditional writes on AWS): at most one holder per key at a time.
 * A lease ends when released or when its expiry passes, so a holder that crashed blocks no one for long. Expiry is
 * decided by the time the caller passes, never by the store's clean-up.
 */
export interface LeaseLocks {
  /**
   * Takes the lease when it is free, expired at `now`, or already held by `owner` (a retried call, or a renewal), and
   * sets its expiry to `until`. False when someone else holds it.
   */
  acquire(lease: { key: string; owner: string; until: Date; now: Date; operation: string }): Promise<boolean>;
  /** Ends the lease if `owner` still holds it; a lease that is gone or held by someone else is left as it is. */
  release(key: string, owner: string): Promise<void>;
}
