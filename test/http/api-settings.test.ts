import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../src/core/errors.js';
import { readApiSettings } from '../../src/http/api-settings.js';

describe('Function: readApiSettings', () => {
  it('allows 900 seconds of ?wait by default (a Function URL with a 15-minute timeout, or local)', () => {
    expect(readApiSettings({})).toEqual({ maxWaitSeconds: 900 });
  });

  it('reads DEVENV_MAX_WAIT_SECONDS, like 25 behind API Gateway', () => {
    expect(readApiSettings({ DEVENV_MAX_WAIT_SECONDS: '25' })).toEqual({ maxWaitSeconds: 25 });
  });

  it.each(['soon', '2.5', '-1', '901'])('throws naming the variable for %j', (value) => {
    expect(() => readApiSettings({ DEVENV_MAX_WAIT_SECONDS: value })).toThrow(InvalidConfigError);
    expect(() => readApiSettings({ DEVENV_MAX_WAIT_SECONDS: value })).toThrow(/^DEVENV_MAX_WAIT_SECONDS: /);
  });
});
