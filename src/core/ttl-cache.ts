/**
 * Answers kept for a short time per process (a warm Lambda reuses them): what a create or update reads of its baseline
 * and of the listener's load balancer. A failed load is forgotten at once, so an error is never served from the cache.
 *
 * @example
 * const baselines = new TtlCache<Baseline>(30_000, () => clock.now().getTime());
 * const baseline = await baselines.get('web', () => readBaseline('web'));
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, { value: Promise<T>; until: number }>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs: number, now: () => number) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const cached = this.#entries.get(key);
    if (cached && cached.until > now) return cached.value;
    const value = load();
    const entry = { value, until: now + this.#ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  /** Forgets one key (its next `get` loads again). */
  delete(key: string): void {
    this.#entries.delete(key);
  }
}
