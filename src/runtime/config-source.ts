import { readFileSync } from 'node:fs';
import { parseConfig, type DevenvConfig } from '../core/config.js';
import { InvalidConfigError } from '../core/errors.js';

/**
 * Reads the devenv configuration from `DEVENV_CONFIG` (JSON) or `DEVENV_CONFIG_FILE` (a path to JSON).
 * Returns undefined when neither is set: callers then run on the simulated cloud.
 */
export function readConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): DevenvConfig | undefined {
  const inline = env.DEVENV_CONFIG;
  const file = env.DEVENV_CONFIG_FILE;
  if (inline && file) throw new InvalidConfigError('set DEVENV_CONFIG or DEVENV_CONFIG_FILE, not both');
  if (!inline && !file) return undefined;
  const source = inline ? 'DEVENV_CONFIG' : `DEVENV_CONFIG_FILE (${file})`;
  let text: string;
  try {
    text = inline ?? readFileSync(file!, 'utf8');
  } catch (error) {
    throw new InvalidConfigError(`cannot read ${source}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw);
}
