import type { DevenvConfig } from '../src/core/config.js';
import type { Engine } from '../src/core/engine.js';
import { seedDevCluster, type SeededDevCluster } from '../src/local/seed.js';
import { engineOnSimulatedCloud, seededConfig } from '../src/runtime/engine.js';
import { BenchCloud, type TimedCall } from './bench-cloud.js';

/** What one measured operation did. */
export interface Measurement {
  operation: 'create' | 'update' | 'unchanged PUT' | 'get' | 'list' | 'destroy' | 'sweep';
  /** Environments in the installation besides the one measured (for sweep: how many expired ones it removes). */
  others: number;
  /**
   * cold: a fresh engine (a new Lambda instance); warm: one that just did the same on another environment; throttled: a
   * fresh engine on a cloud that throttles like AWS (throttled-sweep.ts).
   */
  engine: 'cold' | 'warm' | 'throttled';
  calls: TimedCall[];
  wallMs: number;
}

export interface BenchWorld {
  cloud: BenchCloud;
  seed: SeededDevCluster;
  config: DevenvConfig;
  /** The fixed time every engine and the cloud read. */
  now: Date;
  newEngine(): Engine;
}

const START = new Date('2026-11-25T10:00:00.000Z');
const APP = 'web';
/** A new tag of the baseline's own repository: what the default clone policy allows. */
const UPDATED_IMAGE = 'repo/web:sha-2';

/**
 * A seeded simulated cloud sized for thousands of environments: load balancer quotas and devenv's own limits raised
 * (for the bench only), /20 subnets so every environment's task has an address, deployments that finish on the next
 * call. Every engine shares its clock.
 */
export function benchWorld(): BenchWorld {
  const now = START;
  const cloud = new BenchCloud({
    now: () => now,
    deploymentSeconds: 0,
    limits: { rulesPerLoadBalancer: 10_000, targetGroupsPerLoadBalancer: 10_000, targetGroups: 10_000, targetsPerLoadBalancer: 100_000 },
  });
  const seed = seedDevCluster(cloud, { subnetCidrs: ['10.0.16.0/20', '10.0.32.0/20'] });
  // Past the schema's caps on purpose: the bench measures a cluster bigger than one installation may grow.
  const config: DevenvConfig = { ...seededConfig(seed), limits: { perOwner: 1_000_000, total: 1_000_000 } };
  const newEngine = () => engineOnSimulatedCloud(cloud, config, { now: () => now, retry: { sleep: async () => undefined } });
  return { cloud, seed, config, now, newEngine };
}

function request(name: string, extra: { ttl?: string; images?: Record<string, string> } = {}) {
  return { name, app: APP, owner: `github:acme/web@dev-${name.length % 7}`, ...extra };
}

/**
 * Adds `count` environments through devenv's own create, with no latency: what they are made of is exactly what devenv
 * makes, and a thousand take seconds, not minutes. A sweep runs first, as it has in any installation that has been up a
 * few minutes: it records the installation's environment counts, so no measured create pays for counting them once.
 */
export async function seedEnvironments(world: BenchWorld, count: number, options: { prefix: string; ttl?: string }): Promise<void> {
  const engine = world.newEngine();
  await engine.sweep();
  for (let index = 0; index < count; index += 1) {
    // Each its own image, as pull requests have: each environment runs a revision of its own.
    const name = `${options.prefix}-${index}`;
    const { outcome } = await engine.create(request(name, { images: { [APP]: `repo/web:${name}` }, ...(options.ttl ? { ttl: options.ttl } : {}) }));
    if (outcome !== 'created') throw new Error(`bench: seeding ${name} ended ${outcome}`);
  }
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw new Error(`bench: ${message}`);
}

/**
 * Measures each operation twice, on two fresh environments: with a fresh engine (cold) and again with the same engine
 * (warm), each call taking `latencyMs`. Leaves the installation as it found it (both environments destroyed).
 */
export async function measureOperations(world: BenchWorld, others: number, latencyMs: number): Promise<Measurement[]> {
  const { cloud } = world;
  const names = [`bench-${others}-a`, `bench-${others}-b`] as const;
  const results: Measurement[] = [];
  const twice = async (operation: Measurement['operation'], run: (engine: Engine, name: string) => Promise<void>) => {
    const engine = world.newEngine();
    for (const [index, name] of names.entries()) {
      const { calls, wallMs } = await cloud.measure(latencyMs, () => run(engine, name));
      results.push({ operation, others, engine: index === 0 ? 'cold' : 'warm', calls, wallMs });
    }
  };

  await twice('create', async (engine, name) => {
    const { outcome } = await engine.create(request(name));
    expect(outcome === 'created', `create of ${name} ended ${outcome}`);
  });
  await twice('update', async (engine, name) => {
    const { outcome } = await engine.create(request(name, { images: { web: UPDATED_IMAGE } }));
    expect(outcome === 'updated', `update of ${name} ended ${outcome}`);
  });
  // No images and no TTL: the same image again would force a new deployment (ECS does not pull a reused tag again).
  await twice('unchanged PUT', async (engine, name) => {
    const { outcome } = await engine.create(request(name));
    expect(outcome === 'unchanged', `repeated create of ${name} ended ${outcome}`);
  });
  await twice('get', async (engine, name) => {
    const environment = await engine.get(name);
    expect(environment.name === name, `get of ${name} answered ${environment.name}`);
  });
  await twice('list', async (engine) => {
    const environments = await engine.list();
    expect(environments.length === others + 2, `list found ${environments.length} environments, not ${others + 2}`);
  });
  await twice('destroy', async (engine, name) => {
    const { found } = await engine.destroy(name);
    expect(found, `destroy of ${name} found nothing`);
  });
  return results;
}

/** Seeds `expired` environments that have run out, then measures one sweep (a fresh engine: the schedule's Lambda). */
export async function measureSweep(expired: number, latencyMs: number): Promise<Measurement> {
  const world = benchWorld();
  await seedEnvironments(world, expired, { prefix: 'expired', ttl: '1h' });
  const engine = world.newEngine();
  const later = new Date(world.now.getTime() + 2 * 3_600_000);
  const { value, calls, wallMs } = await world.cloud.measure(latencyMs, () => engine.sweep(later));
  expect(value.expired.length === expired && value.failures.length === 0, `sweep removed ${value.expired.length} of ${expired} (${value.failures.length} failures)`);
  return { operation: 'sweep', others: expired, engine: 'cold', calls, wallMs };
}
