import type { DevenvConfig } from '../src/core/config.js';

/**
 * The value of the `devenv:managed-by` tag on everything this installation makes: the IAM conditions compare against it.
 * It is core's installation identity (src/core/installation.ts), derived by `parseConfig` from `instance` and where
 * devenv works, so the policies and the engine can never disagree.
 *
 * @example
 * installationIdentity(parseConfig(raw)); // 'devenv-' followed by 10 hex digits
 */
export function installationIdentity(config: DevenvConfig): string {
  return config.installation;
}
