import { mapLimit } from './concurrency.js';
import type { DevenvConfig } from './config.js';
import { BusyError } from './errors.js';
import type { Clock, LeaseLocks } from './ports.js';

/** How environment locks are held and waited for. Every field has a default; tests inject `sleep` and `random`. */
export interface LockTiming {
  /** How long a lease lasts unless renewed: the longest a crashed holder blocks others (default 60 s). */
  leaseMs: number;
  /**
   * The sweep's leases (default 15 times `leaseMs`: 15 minutes, a Lambda's longest run): the sweep holds a group of
   * environments' leases for minutes at devenv's share of the account's API rate, and a lease that outlives the run
   * needs no renewal. Environments the sweep is removing something of stay blocked that long if it crashes (the others are
   * let go as soon as they are read again).
   */
  sweepLeaseMs: number;
  /** A held lease is renewed this often while its work runs (default a third of `leaseMs`). */
  renewEveryMs: number;
  /** How long a write waits for another call's lock before answering busy, in sleeps asked for (default 20 s). */
  waitMs: number;
  /** The first wait between two tries (default 250 ms); it doubles up to `maxPollMs` (default 2 s), jittered. */
  pollMs: number;
  maxPollMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), as `Math.random` returns. */
  random: () => number;
}

export type LockOperation = 'create' | 'extend' | 'destroy' | 'sweep' | 'notice' | 'repair';

const LOCK_CONCURRENCY = 8;

/** How long a release waits for a renewal still in flight (a retried PutItem takes a few seconds at most). */
const RENEWAL_WAIT_MS = 5_000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function lockTiming(overrides: Partial<LockTiming> = {}): LockTiming {
  const leaseMs = overrides.leaseMs ?? 60_000;
  return {
    leaseMs,
    sweepLeaseMs: overrides.sweepLeaseMs ?? leaseMs * 15,
    renewEveryMs: overrides.renewEveryMs ?? Math.floor(leaseMs / 3),
    waitMs: overrides.waitMs ?? 20_000,
    pollMs: overrides.pollMs ?? 250,
    maxPollMs: overrides.maxPollMs ?? 2_000,
    sleep: overrides.sleep ?? realSleep,
    random: overrides.random ?? Math.random,
  };
}

/**
 * The key of an environment's lock: the installation's identity and the environment's host name, so two installations
 * sharing one lock table never wait on each other.
 */
export function environmentLockKey(config: Pick<DevenvConfig, 'installation' | 'baseDomain'>, envName: string): string {
  return `env#${config.installation}#${envName}.${config.baseDomain}`;
}

interface HeldLease {
  key: string;
  owner: string;
  /** Stops the renewals and resolves once none is in flight. */
  stopRenewing: () => Promise<void>;
}

/**
 * Per-environment locks shared by every devenv process, so two writes of one environment never overlap wherever they
 * run (each Lambda instance serves one request at a time: a lock in memory would serialise nothing there).
 */
export class EnvironmentLocks {
  readonly #locks: LeaseLocks;
  readonly #config: Pick<DevenvConfig, 'installation' | 'baseDomain'>;
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #timing: LockTiming;

  constructor(options: { locks: LeaseLocks; config: Pick<DevenvConfig, 'installation' | 'baseDomain'>; clock: Clock; newId: () => string; timing?: Partial<LockTiming> }) {
    this.#locks = options.locks;
    this.#config = options.config;
    this.#clock = options.clock;
    this.#newId = options.newId;
    this.#timing = lockTiming(options.timing);
  }

  /** Runs `work` holding the environment's lock, waiting (bounded, jittered) while another call holds it; busy after that. */
  async run<T>(envName: string, operation: LockOperation, work: () => Promise<T>): Promise<T> {
    const lease = await this.#acquireWaiting(envName, operation);
    try {
      return await work();
    } finally {
      await this.#release(lease);
    }
  }

  /**
   * Takes, without waiting, the lock of each environment that is free, and runs `work` with the names it got; the others
   * are being written right now and are left for another time. `work` may give some back early (`release`); every lock
   * still held is released when it ends.
   */
  async runWithFree<T>(
    envNames: readonly string[],
    operation: LockOperation,
    work: (held: ReadonlySet<string>, release: (names: Iterable<string>) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const names = [...new Set(envNames)].sort();
    const attempts = await mapLimit(names, LOCK_CONCURRENCY, (name) =>
      this.#tryAcquire(name, operation).then(
        (lease) => ({ name, lease }),
        (error: unknown) => ({ name, error }),
      ),
    );
    const leases = new Map(attempts.flatMap((attempt) => ('lease' in attempt && attempt.lease ? [[attempt.name, attempt.lease] as const] : [])));
    // Gives back the named leases before `work` ends (the rest are given back when it does).
    const release = async (released: Iterable<string>): Promise<void> => {
      const ending = [...released].flatMap((name) => {
        const lease = leases.get(name);
        leases.delete(name);
        return lease ? [lease] : [];
      });
      await mapLimit(ending, LOCK_CONCURRENCY, (lease) => this.#release(lease));
    };
    try {
      const failure = attempts.find((attempt) => 'error' in attempt);
      // A lock table devenv cannot write to must fail the run loudly, not look like every environment being busy.
      if (failure && 'error' in failure) throw failure.error;
      return await work(new Set(leases.keys()), release);
    } finally {
      await release([...leases.keys()]);
    }
  }

  async #acquireWaiting(envName: string, operation: LockOperation): Promise<HeldLease> {
    const { waitMs, pollMs, maxPollMs, sleep, random, leaseMs } = this.#timing;
    let waited = 0;
    for (let attempt = 0; ; attempt += 1) {
      const lease = await this.#tryAcquire(envName, operation);
      if (lease) return lease;
      if (waited >= waitMs) {
        throw new BusyError(
          `environment ${envName} is locked by another devenv call (a create, update, extend, destroy or the sweep) that did not finish within ` +
            `${Math.round(waitMs / 1000)} s; try again in a minute (a lock left by a call that crashed expires ${Math.round(leaseMs / 1000)} s after its last renewal)`,
          { envName, resource: environmentLockKey(this.#config, envName) },
        );
      }
      // Equal jitter: never a hot loop, and two waiters drift apart instead of polling in step. The last wait may run past
      // `waitMs` by less than `maxPollMs`: cutting it short would only add tries.
      const ceiling = Math.min(maxPollMs, pollMs * 2 ** attempt);
      const delay = Math.max(1, Math.round(ceiling / 2 + random() * (ceiling / 2)));
      await sleep(delay);
      waited += delay;
    }
  }

  async #tryAcquire(envName: string, operation: LockOperation): Promise<HeldLease | undefined> {
    const key = environmentLockKey(this.#config, envName);
    const owner = `${operation}:${this.#newId()}`;
    if (!(await this.#locks.acquire(this.#leaseFrom(key, owner, operation)))) return undefined;
    return { key, owner, stopRenewing: this.#renew(key, owner, operation) };
  }

  /**
   * Keeps the lease while its work runs, however long that is, so the lease itself can be short. A renewal that fails is
   * tried again at the next tick; if the process dies, renewals stop and the lease runs out.
   */
  #renew(key: string, owner: string, operation: LockOperation): () => Promise<void> {
    const every = operation === 'sweep' ? Math.floor(this.#timing.sweepLeaseMs / 3) : this.#timing.renewEveryMs;
    // The renewal in flight, if any: a PutItem that lands after the release would take the lease again (the item is
    // gone, so its condition holds) and block the environment for a whole lease with no one holding it.
    let inFlight: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      inFlight = this.#locks.acquire(this.#leaseFrom(key, owner, operation)).catch(() => undefined);
    }, every);
    timer.unref?.();
    return () => {
      clearInterval(timer);
      // Bounded: a renewal slow to answer (a request may take up to 20 s, then be retried) must not hold the answer back.
      let bound: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        bound = setTimeout(resolve, RENEWAL_WAIT_MS);
        bound.unref?.();
      });
      return Promise.race([inFlight, timeout]).then(() => clearTimeout(bound));
    };
  }

  #leaseFrom(key: string, owner: string, operation: LockOperation) {
    const now = this.#clock.now();
    const leaseMs = operation === 'sweep' ? this.#timing.sweepLeaseMs : this.#timing.leaseMs;
    return { key, owner, operation, now, until: new Date(now.getTime() + leaseMs) };
  }

  async #release(lease: HeldLease): Promise<void> {
    await lease.stopRenewing();
    // A release that fails must not turn finished work into a failure: the lease runs out by itself.
    await this.#locks.release(lease.key, lease.owner).catch(() => undefined);
  }
}
