import type { DevenvConfig } from './config.js';
import type { Clock, Cloud, LoadBalancerAlias, TaskDefinitionSnapshot } from './ports.js';
import type { Baseline } from './baseline.js';
import { TtlCache } from './ttl-cache.js';

/**
 * How long a process reuses what it read of an app's baseline (service, task definition, target group) and of the
 * listener's load balancer. A baseline deployed anew reaches new clones within this time; nothing a write removes or
 * checks for ownership is read through this cache.
 */
export const BASELINE_CACHE_SECONDS = 30;

/** What every engine operation works with. */
export interface EngineContext {
  config: DevenvConfig;
  cloud: Cloud;
  clock: Clock;
  /** Unique ids for claims and idempotency tokens (≤ 36 characters). */
  newId: () => string;
  /** Task definition revisions never change (tags included: they are set only at registration), so they cache forever. */
  revisions: RevisionCache;
  /** Per app, for BASELINE_CACHE_SECONDS. */
  baselines: TtlCache<Baseline>;
  /** The listener's load balancer as an alias target, for BASELINE_CACHE_SECONDS. */
  listeners: TtlCache<LoadBalancerAlias>;
}

/** ARNs of foreign revisions one process remembers (about 100 bytes each). */
const FOREIGN_REVISIONS_KEPT = 50_000;

/** The caches of one engine (one Lambda instance), timed by its clock. */
export function engineCaches(clock: Clock): Pick<EngineContext, 'revisions' | 'baselines' | 'listeners'> {
  const now = () => clock.now().getTime();
  return {
    revisions: new RevisionCache(),
    baselines: new TtlCache(BASELINE_CACHE_SECONDS * 1000, now),
    listeners: new TtlCache(BASELINE_CACHE_SECONDS * 1000, now),
  };
}

export class RevisionCache {
  readonly #entries = new Map<string, Promise<TaskDefinitionSnapshot>>();
  readonly #limit: number;
  /**
   * Revisions described once and found to be no devenv installation's of this name (the team's own deploys): only their
   * ARNs, kept beyond `limit`, so a sweep scanning a family's whole history describes each once per process, not at
   * every run (the FIFO above, smaller than a long history, would forget all of them between two runs).
   */
  readonly #foreign = new Set<string>();

  isForeign(arn: string): boolean {
    return this.#foreign.has(arn);
  }

  markForeign(arn: string): void {
    if (this.#foreign.size >= FOREIGN_REVISIONS_KEPT) this.#foreign.clear();
    this.#foreign.add(arn);
  }

  constructor(limit = 2_000) {
    this.#limit = limit;
  }

  get(arn: string, load: (arn: string) => Promise<TaskDefinitionSnapshot>): Promise<TaskDefinitionSnapshot> {
    const cached = this.#entries.get(arn);
    if (cached) return cached;
    const loading = load(arn);
    loading.catch(() => this.#entries.delete(arn));
    if (this.#entries.size >= this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(arn, loading);
    return loading;
  }
}
