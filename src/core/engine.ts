import { randomUUID } from 'node:crypto';
import { KeyedMutex } from './concurrency.js';
import type { DevenvConfig } from './config.js';
import { loadBaseline } from './baseline.js';
import { placeOf, releaseQuota } from './quota.js';
import { engineCaches, type EngineContext } from './context.js';
import { createOrUpdateEnvironment } from './create-environment.js';
import type { CreateResult } from './create-result.js';
import { ttlOf, validateCreateRequest, type CreateRequest } from './create-request.js';
import { EnvironmentLocks, type LockOperation, type LockTiming } from './environment-lock.js';
import type { MissingPart } from './drift.js';
import type { Environment } from './environment.js';
import { DevenvError, NotFoundError } from './errors.js';
import { extendedExpiry } from './expiry.js';
import { discoverEnvironment, isEmpty } from './inventory.js';
import { assertValidEnvironmentName } from './names.js';
import type { Clock, Cloud, CloudCall, Tags } from './ports.js';
import { findEnvironmentService, getEnvironment, listEnvironments, buildEnvironment, type ListFilter } from './read-environments.js';
import { recordNotice, type NoticeRecord } from './notices.js';
import { removedServices, removeResources, type Removed } from './remove-resources.js';
import { repairParts } from './repair.js';
import { planSweep, sweep, type SweepOptions, type SweepPlan, type SweepReport } from './sweep.js';
import { TAG, tagTime } from './tags.js';
import { holderOf, type WriteGuard } from './write-guard.js';

export interface EngineOptions {
  config: DevenvConfig;
  cloud: Cloud;
  clock?: Clock;
  newId?: () => string;
  /** How the shared environment locks wait and expire (defaults: 60 s leases renewed while held, 20 s of waiting). */
  lockTiming?: Partial<LockTiming>;
}

/** The result of an operation, with the cloud calls it made (when the cloud records them). */
export type Traced<T> = T & { calls: CloudCall[] };

export interface DestroyResult {
  name: string;
  /** False when there was nothing left to destroy: repeating a destroy is harmless. */
  found: boolean;
  removed: Removed[];
}

/**
 * The environment engine: every entry point (REST, Slack, the sweep) calls these operations and nothing below them.
 *
 * @example
 * const engine = new Engine({ config, cloud });
 * const { environment } = await engine.create({ name: 'pr-42', app: 'web', owner: 'github:acme/web@octocat' });
 */
export class Engine {
  readonly config: DevenvConfig;
  readonly #context: EngineContext;
  readonly #locks = new KeyedMutex();
  readonly #shared: EnvironmentLocks;

  constructor({ config, cloud, clock = { now: () => new Date() }, newId = randomUUID, lockTiming }: EngineOptions) {
    this.config = config;
    this.#context = { config, cloud, clock, newId, ...engineCaches(clock) };
    this.#shared = new EnvironmentLocks({ locks: cloud.locks, config, clock, newId, ...(lockTiming ? { timing: lockTiming } : {}) });
  }

  /** Creates an environment, or updates it when it exists. Validates everything it can before any cloud call. */
  async create(request: CreateRequest, options: { guard?: WriteGuard } = {}): Promise<Traced<CreateResult>> {
    const valid = validateCreateRequest(request, this.config);
    return this.#traced(() => this.#writing(valid.name, 'create', () => createOrUpdateEnvironment(this.#context, valid, options.guard)));
  }

  async get(name: string): Promise<Environment> {
    assertValidEnvironmentName(name, this.config.baseDomain);
    return getEnvironment(this.#context, name);
  }

  list(filter: ListFilter = {}): Promise<Environment[]> {
    return listEnvironments(this.#context, filter);
  }

  /**
   * Adds `ttl` (the configured default when absent) to the expiry, or to now when it has passed; never past now + the
   * maximum, never earlier than it was (`extendedExpiry`). `capped` says the maximum held it back.
   */
  async extend(name: string, ttl?: string, options: { guard?: WriteGuard } = {}): Promise<Traced<{ environment: Environment; capped: boolean }>> {
    assertValidEnvironmentName(name, this.config.baseDomain);
    const ttlMs = ttlOf(ttl, this.config);
    return this.#traced(() =>
      this.#writing(name, 'extend', async () => {
        const { active } = await findEnvironmentService(this.#context, name);
        options.guard?.(active ? holderOf(active.tags) : undefined);
        if (!active) throw new NotFoundError(`environment ${name} does not exist`, { envName: name });
        const { expiresAt, capped } = this.#extendedExpiry(active.tags, ttlMs);
        if (expiresAt !== active.tags[TAG.expiresAt]) await this.#context.cloud.services.tagService(active.arn, { [TAG.expiresAt]: expiresAt });
        const environment = await buildEnvironment(this.#context, { ...active, tags: { ...active.tags, [TAG.expiresAt]: expiresAt } });
        return { environment, capped };
      }),
    );
  }

  /**
   * Re-creates the parts of an environment deleted out of band (target group, listener rule, DNS records), under its
   * shared lock and after the guard, like an update; `repaired` is empty when nothing was missing.
   */
  async repair(name: string, options: { guard?: WriteGuard } = {}): Promise<Traced<{ environment: Environment; repaired: MissingPart[] }>> {
    assertValidEnvironmentName(name, this.config.baseDomain);
    return this.#traced(() =>
      this.#writing(name, 'repair', async () => {
        const { active } = await findEnvironmentService(this.#context, name);
        options.guard?.(active ? holderOf(active.tags) : undefined);
        if (!active) throw new NotFoundError(`environment ${name} does not exist`, { envName: name });
        const baseline = await loadBaseline(this.#context, active.tags[TAG.app] ?? '');
        const { service, repaired } = await repairParts(this.#context, active, baseline);
        return { environment: await buildEnvironment(this.#context, service), repaired };
      }),
    );
  }

  /** Removes everything devenv made for the environment; nothing else. Throws only when something could not be removed. */
  async destroy(name: string, options: { guard?: WriteGuard } = {}): Promise<Traced<DestroyResult>> {
    assertValidEnvironmentName(name, this.config.baseDomain);
    return this.#traced(() =>
      this.#writing(name, 'destroy', async () => {
        const resources = await discoverEnvironment(this.#context, name, { refuseForeign: true });
        const [service] = resources.services;
        options.guard?.(service ? holderOf(service.tags) : undefined);
        if (isEmpty(resources)) return { name, found: false, removed: [] };
        const report = await removeResources(this.#context, resources);
        await releaseQuota(this.#context, removedServices(resources.services, report.removed).flatMap((service) => placeOf(service) ?? []));
        const [failure] = report.failures;
        if (failure) {
          throw new DevenvError('cloud_failure', `could not remove ${failure.kind} ${failure.id} of ${name}; destroy again or let the sweep finish it`, {
            context: { envName: name, resource: failure.id },
            cause: failure.error,
          });
        }
        return { name, found: true, removed: report.removed };
      }),
    );
  }

  /** Destroys expired environments and collects orphans, each environment's under its shared lock, read again under it. */
  sweep(now: Date = this.#context.clock.now(), options: SweepOptions = {}): Promise<Traced<SweepReport>> {
    return this.#traced(() => sweep(this.#context, now, this.#shared, options));
  }

  /**
   * Every write of an environment holds its shared lock, so writes from different processes never overlap; the
   * in-process queue in front only spares the shared lock's polling between calls of one process.
   */
  #writing<T>(name: string, operation: LockOperation, work: () => Promise<T>): Promise<T> {
    return this.#locks.run(name, () => this.#shared.run(name, operation, work));
  }

  /** What `sweep` would remove now, without removing anything (no write call, no lock). */
  planSweep(now: Date = this.#context.clock.now()): Promise<Traced<SweepPlan>> {
    return this.#traced(() => planSweep(this.#context, now));
  }

  #extendedExpiry(tags: Tags, ttlMs: number): { expiresAt: string; capped: boolean } {
    const next = extendedExpiry({ current: tagTime(tags, TAG.expiresAt), now: this.#context.clock.now(), ttlMs, maxMs: this.config.ttl.max });
    return { expiresAt: next.expiresAt.toISOString(), capped: next.capped };
  }

  /** Records that a notice about the environment was sent (see `recordNotice`); true when this call recorded it. */
  async recordNotice(name: string, record: NoticeRecord): Promise<boolean> {
    assertValidEnvironmentName(name, this.config.baseDomain);
    return this.#writing(name, 'notice', () => recordNotice(this.#context, name, record));
  }

  async #traced<T extends object>(work: () => Promise<T>): Promise<Traced<T>> {
    const log = this.#context.cloud.callLog;
    if (!log) return { ...(await work()), calls: [] };
    const { value, calls } = await log.capture(work);
    return { ...value, calls };
  }
}
