import type { Environment } from '../core/environment.js';
import type { EnvironmentView } from '../contract/views.js';

/** What the API shows of an environment: no ARNs or service internals, which are the operators' business. */
export function toView(environment: Environment): EnvironmentView {
  return {
    name: environment.name,
    app: environment.app,
    owner: environment.owner,
    ...(environment.url ? { url: environment.url } : {}),
    status: environment.status,
    ...(environment.statusReason ? { statusReason: environment.statusReason } : {}),
    ...(environment.missing ? { missing: environment.missing.map(({ part, name }) => ({ part, name })) } : {}),
    images: environment.images,
    createdAt: environment.createdAt,
    expiresAt: environment.expiresAt,
  };
}
