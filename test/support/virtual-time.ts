/**
 * Time that moves only when everything is waiting: `sleep(ms)` parks the caller on a timer, and `run` advances the
 * clock to the earliest timer once no other work can go on. Many concurrent sleepers share one clock, as they would
 * on a real one, and a test of minutes of waiting takes no time.
 */
export class VirtualTime {
  #now: number;
  #timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  #seq = 0;

  constructor(start: Date | number) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }

  readonly now = (): number => this.#now;
  readonly date = (): Date => new Date(this.#now);

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.#timers.push({ at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve });
    });

  /** Runs `work` to the end, moving the clock from timer to timer whenever all other work waits. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    const done = work.finally(() => {
      settled = true;
    });
    done.catch(() => undefined);
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (settled) return done;
      if (this.#timers.length === 0) continue;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift()!;
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
  }
}
