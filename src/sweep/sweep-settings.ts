import { InvalidConfigError } from '../core/errors.js';

/** How often `npm start` sweeps the simulated cloud unless told otherwise. */
export const DEFAULT_LOCAL_SWEEP_SECONDS = 60;
const MAX_LOCAL_SWEEP_SECONDS = 86_400;
const WHOLE_NUMBER = /^\d{1,5}$/;

/**
 * `DEVENV_LOCAL_SWEEP_SECONDS`: seconds between the local server's sweeps of the simulated cloud (60 unless set; 0 turns
 * them off). Only a whole number from 0 to 86400 is accepted; anything else names the variable.
 *
 * @example
 * readLocalSweepSeconds({ DEVENV_LOCAL_SWEEP_SECONDS: '10' }); // 10
 */
export function readLocalSweepSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.DEVENV_LOCAL_SWEEP_SECONDS?.trim();
  if (text === undefined || text === '') return DEFAULT_LOCAL_SWEEP_SECONDS;
  if (!WHOLE_NUMBER.test(text) || Number(text) > MAX_LOCAL_SWEEP_SECONDS) {
    throw new InvalidConfigError(
      `DEVENV_LOCAL_SWEEP_SECONDS: must be a whole number of seconds from 0 (off) to ${MAX_LOCAL_SWEEP_SECONDS}, not "${text.slice(0, 32)}"`,
      { variable: 'DEVENV_LOCAL_SWEEP_SECONDS' },
    );
  }
  return Number(text);
}
