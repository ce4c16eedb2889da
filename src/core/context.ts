import type { DevenvConfig } from './config.js';
import type { Clock, Cloud, TaskDefinitionSnapshot } from './ports.js';

/** What every engine operation works with. */
export interface EngineContext {
  config: DevenvConfig;
  cloud: Cloud;
  clock: Clock;
  /** Unique ids for claims and idempotency tokens (≤ 36 characters). */
  newId: () => string;
  /** Task definition revisions never change (tags included: they are set only at registration), so they cache forever. */
  revisions: RevisionCache;
}

export class RevisionCache {
  readonly #entries = new Map<string, Promise<TaskDefinitionSnapshot>>();
  readonly #limit: number;

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
