import { InvalidConfigError } from '../core/errors.js';
import { MAX_WAIT_SECONDS } from './parameter-schemas.js';

/** Settings of the API itself (not of the engine, nor of authentication), read once at start. */
export interface ApiSettings {
  /** Upper bound of `?wait=`: 25 behind API Gateway (29-second integration timeout), up to 900 on a Function URL. */
  maxWaitSeconds: number;
}

const WHOLE_NUMBER = /^\d{1,4}$/;

/**
 * Reads the API's settings from environment variables; every problem names its variable.
 *
 * - `DEVENV_MAX_WAIT_SECONDS`: the longest `?wait=` honoured, 0–900 seconds (900 unless set)
 *
 * @example
 * const { maxWaitSeconds } = readApiSettings(process.env); // throws InvalidConfigError naming the variable
 */
export function readApiSettings(env: NodeJS.ProcessEnv = process.env): ApiSettings {
  const text = env.DEVENV_MAX_WAIT_SECONDS?.trim();
  if (text === undefined || text === '') return { maxWaitSeconds: MAX_WAIT_SECONDS };
  if (!WHOLE_NUMBER.test(text) || Number(text) > MAX_WAIT_SECONDS) {
    throw new InvalidConfigError(
      `DEVENV_MAX_WAIT_SECONDS: must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}, not "${text.slice(0, 32)}"`,
      { variable: 'DEVENV_MAX_WAIT_SECONDS' },
    );
  }
  return { maxWaitSeconds: Number(text) };
}
