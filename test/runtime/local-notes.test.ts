import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../src/runtime/engine.js';
import { localServerNotes } from '../../src/runtime/local-notes.js';

describe('Function: localServerNotes', () => {
  it('says why the seeded metrics app answers 422, and how often the sweep runs', () => {
    const { seed, config } = createLocalEngine({ deploymentSeconds: 0 });

    const notes = localServerNotes({ seed, config, sweepSeconds: 60 });

    expect(notes).toEqual([
      expect.stringMatching(/^metrics: host network mode without hostPortsFree: creating it answers 422 unsupported-network-mode/),
      expect.stringMatching(/^sweep: every 60 s, .*DEVENV_LOCAL_SWEEP_SECONDS; 0 turns it off/),
    ]);
  });

  it('says nothing about metrics once hostPortsFree allows it, and says when the sweep is off', () => {
    const { seed, config } = createLocalEngine({
      deploymentSeconds: 0,
      config: { apps: { metrics: { service: 'metrics', container: 'metrics', port: 9100, hostPortsFree: true } } },
    });

    expect(localServerNotes({ seed, config, sweepSeconds: 0 })).toEqual([expect.stringMatching(/^sweep: off/)]);
  });
});
