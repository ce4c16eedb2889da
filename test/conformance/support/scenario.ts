import { describe, expect, inject, it } from 'vitest';
import type { Engine } from '../../../src/core/engine.js';
import { explain, KNOWN_DIFFERENCES } from '../known-differences.js';
import { BACKENDS, openBackend, type Backend, type BackendName } from './backends.js';
import { diff, type Difference } from './compare.js';
import { Normaliser } from './normalise.js';
import type { CloudObservation } from './observation.js';
import { observeCloud } from './observe.js';

/** What a scenario body gets: one backend with the baseline, an engine on it, and a notebook for the comparison. */
export interface World {
  backend: Backend;
  /** The default engine (each `backend.engine()` makes another one on the same cloud). */
  engine: Engine;
  /** Writes down a value (normalised) for the comparison with the other backend. */
  note(label: string, value: unknown): void;
  /** Runs `work`, notes what it returned (without the call log; through `view` when given), and returns it. */
  step<T>(label: string, work: () => Promise<T>, view?: (result: T) => unknown): Promise<T>;
  /** Runs `work`, which must fail; notes the error's name, code, message and context, and returns the error. */
  failure(label: string, work: () => Promise<unknown>): Promise<Error & Record<string, unknown>>;
  /** Reads the whole cloud with plain SDK calls, notes it and returns it. */
  observe(label: string, options?: { environments?: readonly string[] }): Promise<CloudObservation>;
  /** Reads the whole cloud without noting it (for scenarios whose details depend on timing: note a view instead). */
  inspect(options?: { environments?: readonly string[] }): Promise<CloudObservation>;
}

export type ScenarioBody = (world: World) => Promise<void>;

/**
 * Declares one scenario: its body runs on moto and on the simulated cloud (each in a fresh cloud with the baseline), its
 * own assertions must hold on both, and a third test compares what both noted. A difference fails the comparison unless
 * known-differences.ts explains it; a known difference that names this scenario in `shownBy` must still show.
 *
 * Without moto (see global-setup.ts) the whole scenario is skipped.
 */
export function scenario(name: string, body: ScenarioBody): void {
  const endpoint = inject('motoEndpoint') ?? null;
  describe.skipIf(!endpoint)(`Scenario: ${name}`, () => {
    const notes = new Map<BackendName, Record<string, unknown>>();
    for (const backendName of BACKENDS) {
      it(`holds on ${backendName === 'moto' ? 'moto, through the real AWS adapters over HTTP' : 'the simulated cloud'}`, async () => {
        const backend = await openBackend(backendName, endpoint);
        const notebook: Record<string, unknown> = {};
        notes.set(backendName, notebook);
        await body(world(backend, notebook));
      });
    }
    it('observes the same on moto and on the simulated cloud, but for known differences of moto', () => {
      const moto = notes.get('moto');
      const simulated = notes.get('simulated');
      if (!moto || !simulated) throw new Error('a backend did not run this scenario (see the failures above)');
      const { differences, sides } = diff(moto, simulated);
      const context = { sides, scenario: name };
      const unexplained = differences.filter((difference) => !explain(difference, context));
      expect(unexplained.map(describeDifference).join('\n'), 'differences no known difference explains (path: moto ≠ simulated)').toBe('');
      const shown = new Set(differences.flatMap((difference) => explain(difference, context)?.id ?? []));
      const expected = KNOWN_DIFFERENCES.filter((known) => known.shownBy.includes(name)).map((known) => known.id);
      expect(
        expected.filter((id) => !shown.has(id)),
        'known differences this scenario no longer shows: moto may have been fixed; remove them from known-differences.ts and docs/conformance.md',
      ).toEqual([]);
    });
  });
}

function world(backend: Backend, notebook: Record<string, unknown>): World {
  const normaliser = new Normaliser(backend.ids, backend.config().installation);
  const note = (label: string, value: unknown) => {
    if (label in notebook) throw new Error(`the scenario noted "${label}" twice`);
    notebook[label] = normaliser.comparable(value);
  };
  return {
    backend,
    engine: backend.engine(),
    note,
    async step(label, work, view) {
      const result = await work();
      if (view) {
        note(label, view(result));
      } else {
        const { calls: _calls, ...rest } = (result ?? {}) as Record<string, unknown>;
        note(label, typeof result === 'object' && result !== null && !Array.isArray(result) ? rest : result);
      }
      return result;
    },
    async failure(label, work) {
      let outcome: unknown;
      try {
        outcome = await work();
      } catch (error) {
        const failure = error as Error & Record<string, unknown>;
        note(label, {
          error: failure.name,
          code: failure.code,
          message: failure.message,
          context: failure.context,
          rollbackFailures: failure.rollbackFailures,
        });
        return failure;
      }
      throw new Error(`${label}: expected a failure, got ${JSON.stringify(outcome)}`);
    },
    async observe(label, options = {}) {
      const observation = await observeCloud(backend, options);
      note(label, observation);
      return observation;
    },
    inspect: (options = {}) => observeCloud(backend, options),
  };
}

function describeDifference(difference: Difference): string {
  return `${difference.path}: ${show(difference.moto)} ≠ ${show(difference.simulated)}`;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** A destroy (or sweep) result as the comparison sees it: removals are made concurrently, so their order is not part of it. */
export function removalView<T extends { removed: Array<{ kind: string; id: string }>; calls?: unknown }>(result: T): Omit<T, 'calls'> {
  const { calls: _calls, ...rest } = result;
  const byKindAndId = (a: { kind: string; id: string }, b: { kind: string; id: string }) => `${a.kind} ${a.id}`.localeCompare(`${b.kind} ${b.id}`);
  return { ...rest, removed: [...result.removed].sort(byKindAndId) };
}
