import type { DevenvConfig } from '../core/config.js';
import type { SeededDevCluster } from '../local/seed.js';

/**
 * Lines for `npm start`'s banner on the simulated cloud: which seeded app is refused on purpose, and how often the
 * sweep runs — so neither a 422 nor a vanished environment surprises a newcomer.
 *
 * @example
 * localServerNotes({ seed, config, sweepSeconds: 60 });
 * // ['metrics: host network mode without hostPortsFree: creating it answers 422 …', 'sweep: every 60 s …']
 */
export function localServerNotes({ seed, config, sweepSeconds }: { seed: SeededDevCluster; config: DevenvConfig; sweepSeconds: number }): string[] {
  const refused = Object.entries(seed.apps)
    .filter(([app, baseline]) => baseline.networkMode === 'host' && config.apps[app]?.hostPortsFree !== true)
    .map(
      ([app]) =>
        `${app}: host network mode without hostPortsFree: creating it answers 422 unsupported-network-mode, on purpose (devenv refuses what it cannot clone safely)`,
    );
  const sweep =
    sweepSeconds > 0
      ? `sweep: every ${sweepSeconds} s, so an environment goes once its ttl runs out (DEVENV_LOCAL_SWEEP_SECONDS; 0 turns it off)`
      : 'sweep: off (DEVENV_LOCAL_SWEEP_SECONDS=0); POST /v1/sweep or "devenv sweep" runs one';
  return [...refused, sweep];
}
