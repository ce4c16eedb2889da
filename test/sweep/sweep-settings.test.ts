import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import { DEFAULT_LOCAL_SWEEP_SECONDS, readLocalSweepSeconds } from '../../src/sweep/sweep-settings.js';

describe('Function: readLocalSweepSeconds', () => {
  it('is 60 s unless set, and 0 turns the local sweep off', () => {
    expect(readLocalSweepSeconds({})).toBe(DEFAULT_LOCAL_SWEEP_SECONDS);
    expect(DEFAULT_LOCAL_SWEEP_SECONDS).toBe(60);
    expect(readLocalSweepSeconds({ DEVENV_LOCAL_SWEEP_SECONDS: '0' })).toBe(0);
    expect(readLocalSweepSeconds({ DEVENV_LOCAL_SWEEP_SECONDS: '10' })).toBe(10);
  });

  it.each(['0x10', '1e1', '-1', '1.5', 'soon', '86401'])('throws naming the variable for "%s"', (value) => {
    expect(() => readLocalSweepSeconds({ DEVENV_LOCAL_SWEEP_SECONDS: value })).toThrow(InvalidConfigError);
    expect(() => readLocalSweepSeconds({ DEVENV_LOCAL_SWEEP_SECONDS: value })).toThrow(/^DEVENV_LOCAL_SWEEP_SECONDS: /);
  });
});
