import type { DevenvConfig } from '../src/core/config.js';

/**
 * The value of the `devenv:managed-by` tag on everything this installation makes: the IAM conditions compare against it.
 * Today the config's `instance`; when core exports the installation identity (feat/scope), this points at it, so the
 * policies and the engine can never disagree.
 *
 * @example
 * installationIdentity(parseConfig(raw)); // 'devenv'
 */
export function installationIdentity(config: DevenvConfig): string {
  return config.instance;
}
