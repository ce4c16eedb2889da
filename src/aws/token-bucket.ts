/** How fast a bucket refills and how much it holds: AWS's own terms (sustained rate and burst). */
export interface BucketRate {
  /** Tokens added per second, continuously (the sustained rate). */
  perSecond: number;
  /** Tokens the bucket holds at most, and holds at the start (the burst). */
  burst: number;
}

export interface TokenBucketOptions extends BucketRate {
  /** Milliseconds since any fixed origin; `Date.now` unless a test drives a clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A token bucket that makes callers wait instead of failing. `take(cost)` reserves `cost` tokens at once, so the level
 * may go below zero: a caller then sleeps until the refill has paid its debt. Reservations are kept in call order, so
 * callers are served first come, first served, and the long-run rate never exceeds `perSecond` however many wait.
 *
 * @example
 * const bucket = new TokenBucket({ perSecond: 4, burst: 20 });
 * await bucket.take(); // immediate while the bucket has tokens, then one caller every 250 ms
 */
export class TokenBucket {
  readonly perSecond: number;
  readonly burst: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #level: number;
  #updatedAt: number;

  constructor({ perSecond, burst, now = Date.now, sleep = defaultSleep }: TokenBucketOptions) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError(`TokenBucket: perSecond must be > 0 and burst >= 1 (got ${perSecond}, ${burst})`);
    this.perSecond = perSecond;
    this.burst = burst;
    this.#now = now;
    this.#sleep = sleep;
    this.#level = burst;
    this.#updatedAt = now();
  }

  /** Tokens available now; negative while callers wait for their reservation. */
  level(): number {
    this.#refill();
    return this.#level;
  }

  /** Reserves `cost` tokens and resolves once the bucket has refilled enough to cover them. */
  async take(cost = 1): Promise<void> {
    if (!(cost >= 0)) throw new RangeError(`TokenBucket.take: cost must be >= 0, got ${cost}`);
    this.#refill();
    this.#level -= cost;
    if (this.#level >= 0) return;
    await this.#sleep(Math.ceil((-this.#level / this.perSecond) * 1000));
  }

  /**
   * Gives up whatever tokens the bucket holds: AWS answered "slow down", so the burst this process thought it had is
   * not there. Waiting callers keep their place.
   */
  drain(): void {
    this.#refill();
    this.#level = Math.min(this.#level, 0);
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000;
    this.#updatedAt = now;
    this.#level = Math.min(this.burst, this.#level + elapsed * this.perSecond);
  }
}
