import { assertMayWriteName } from '../access/authorize.js';
import type { Principal } from '../access/principal.js';
import type { DevenvConfig } from '../core/config.js';
import { ttlOf, validateCreateRequest } from '../core/create-request.js';
import { assertValidEnvironmentName } from '../core/names.js';
import { USAGE, UsageError, type SlackCommand } from './command.js';
import type { SlackWork } from './job.js';

/**
 * Turns a parsed command into the worker's job, refusing at once what the REST API would refuse before any cloud call:
 * bad names, unknown apps, bad images, variables or durations, and names the caller may never write (`pr-<n>`).
 * The worker runs this again, so a job is checked by the same rules whoever queued it.
 */
export function prepareWork(command: Exclude<SlackCommand, { kind: 'help' }>, principal: Principal, config: DevenvConfig): SlackWork {
  switch (command.kind) {
    case 'create': {
      const app = command.app ?? onlyApp(config);
      const valid = validateCreateRequest(
        {
          name: command.name,
          app,
          owner: principal.owner,
          images: command.images,
          environment: command.environment,
          ...(command.ttl !== undefined ? { ttl: command.ttl } : {}),
        },
        config,
      );
      assertMayWriteName(principal, valid.name, 'put');
      return {
        kind: 'create',
        name: valid.name,
        app,
        images: valid.images,
        environment: valid.environment,
        ...(command.ttl !== undefined ? { ttl: command.ttl } : {}),
      };
    }
    case 'list':
      return command;
    case 'status':
      assertValidEnvironmentName(command.name, config.baseDomain);
      return command;
    case 'extend':
      assertValidEnvironmentName(command.name, config.baseDomain);
      ttlOf(command.ttl, config);
      assertMayWriteName(principal, command.name, 'extend');
      return command;
    case 'destroy':
      assertValidEnvironmentName(command.name, config.baseDomain);
      assertMayWriteName(principal, command.name, 'destroy');
      return command;
  }
}

function onlyApp(config: DevenvConfig): string {
  const apps = Object.keys(config.apps);
  if (apps.length === 1) return apps[0]!;
  throw new UsageError(`name the app: ${apps.join(', ')}`, USAGE.create);
}
