import { isCodeLoadingVariable, isReservedVariable } from './clone-policy-config.js';
import type { AppConfig } from './config.js';
import { InvalidRequestError, PolicyViolationError } from './errors.js';
import { parseImageReference } from './image-reference.js';
import type { TaskDefinitionSnapshot } from './ports.js';
import type { ValidCreateRequest } from './create-request.js';

/**
 * What a request may change in a clone of an app's baseline. A clone runs with the baseline's execution role and
 * secrets, so the request may not choose the code (images from other repositories), point the SDK elsewhere
 * (`AWS_*`, `ECS_*`), or shadow a secret with a value of its own.
 *
 * The rules that need only the configuration run before any cloud call; the ones that need the baseline's task
 * definition (its repositories, its secret names) run right after it is read, before any write.
 */
export const POLICY_RULES = [
  /** The image's repository is not one the app allows. */
  'image-repository',
  /** `AWS_*` and `ECS_*` are never set by a request. */
  'reserved-variable',
  /** The app lists the variables a request may set, and this is not one. */
  'variable-not-allowed',
  /** The app lists none, and this one makes the image run code of the value's choosing (`NODE_OPTIONS`, `LD_PRELOAD`, …). */
  'code-loading-variable',
  /** The baseline injects this name as a secret: a plain value would replace it. */
  'secret-variable',
] as const;

export type PolicyRule = (typeof POLICY_RULES)[number];

export interface Overrides {
  app: string;
  /** container name → image reference (already checked against the OCI grammar) */
  images: Readonly<Record<string, string>>;
  /** container name → variables */
  environment: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The policy rules that need no cloud call: configured repositories, reserved and configured variable names.
 *
 * @example
 * assertAllowedByConfig({ app: 'web', images: {}, environment: { web: { AWS_REGION: 'x' } } }, appConfig);
 * // throws PolicyViolationError, rule 'reserved-variable'
 */
export function assertAllowedByConfig(overrides: Overrides, appConfig: AppConfig): void {
  const { app } = overrides;
  const allowedRepositories = appConfig.allowedImageRepositories;
  if (allowedRepositories) {
    for (const [container, image] of Object.entries(overrides.images)) {
      const repository = parseImageReference(image)?.repository;
      if (repository === undefined || !allowedRepositories.includes(repository)) {
        throw new PolicyViolationError(
          'image-repository',
          `image ${image} for container ${container} is not from a repository app ${app} allows (apps.${app}.allowedImageRepositories: ${allowedRepositories.join(', ')})`,
          { app, pointer: pointer('images', container) },
        );
      }
    }
  }
  for (const [container, variables] of Object.entries(overrides.environment)) {
    for (const name of Object.keys(variables ?? {})) {
      if (isReservedVariable(name)) {
        throw new PolicyViolationError(
          'reserved-variable',
          `variable ${name} of container ${container} cannot be set: AWS_* and ECS_* variables configure AWS access and are never taken from a request`,
          { app, pointer: pointer('environment', container, name) },
        );
      }
      const allowed = appConfig.allowedVariables;
      if (!allowed && isCodeLoadingVariable(name)) {
        throw new PolicyViolationError(
          'code-loading-variable',
          `variable ${name} of container ${container} cannot be set: it makes the image run code of its value's choosing, with the baseline's role and secrets (list it in apps.${app}.allowedVariables to allow it)`,
          { app, pointer: pointer('environment', container, name) },
        );
      }
      if (allowed && !allowed.some((rule) => matches(rule, name))) {
        throw new PolicyViolationError(
          'variable-not-allowed',
          `variable ${name} of container ${container} is not one app ${app} lets requests set (apps.${app}.allowedVariables: ${allowed.join(', ')})`,
          { app, pointer: pointer('environment', container, name) },
        );
      }
    }
  }
}

/**
 * The policy rules that need the baseline's task definition: without configured repositories, each container's image
 * stays in its baseline's repository (only the tag or digest changes); no variable shadows a secret of the baseline.
 */
export function assertAllowedByBaseline(overrides: Overrides, appConfig: AppConfig, baseline: TaskDefinitionSnapshot): void {
  const { app } = overrides;
  const byName = new Map(baseline.containers.map((container) => [container.name, container]));
  if (!appConfig.allowedImageRepositories) {
    for (const [container, image] of Object.entries(overrides.images)) {
      const current = byName.get(container)?.image;
      const allowed = current === undefined ? undefined : parseImageReference(current)?.repository;
      if (allowed === undefined || parseImageReference(image)?.repository !== allowed) {
        throw new PolicyViolationError(
          'image-repository',
          `image ${image} for container ${container} is not from its baseline's repository` +
            `${allowed ? ` ${allowed}` : ''}: only the tag or digest may change, unless apps.${app}.allowedImageRepositories lists others`,
          { app, pointer: pointer('images', container) },
        );
      }
    }
  }
  // Any container's secret counts: a name one container reads from Secrets Manager is a secret wherever it appears.
  const secrets = new Set(baseline.containers.flatMap((container) => container.secretNames));
  for (const [container, variables] of Object.entries(overrides.environment)) {
    for (const name of Object.keys(variables ?? {})) {
      if (secrets.has(name)) {
        throw new PolicyViolationError(
          'secret-variable',
          `variable ${name} of container ${container} cannot be set: the baseline injects ${name} as a secret`,
          { app, pointer: pointer('environment', container, name) },
        );
      }
    }
  }
}

/** The configured clone task role when a revision of `from` would not already run as it; else undefined. */
export function cloneTaskRoleOf(appConfig: AppConfig, from: TaskDefinitionSnapshot): string | undefined {
  const role = appConfig.cloneTaskRoleArn;
  return role !== undefined && role !== from.taskRoleArn ? role : undefined;
}

function matches(rule: string, name: string): boolean {
  return rule.endsWith('*') ? name.startsWith(rule.slice(0, -1)) : name === rule;
}

/** A JSON Pointer (RFC 6901) into the request body, in the `#/…` form the API's `errors[]` use. */
function pointer(...tokens: string[]): string {
  return `#/${tokens.map((token) => token.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

/** Every container the request names (images, variables) is one of the baseline's. */
export function assertOverridesFit(taskDefinition: TaskDefinitionSnapshot, request: ValidCreateRequest): void {
  const containers = new Set(taskDefinition.containers.map((container) => container.name));
  const unknown = [...Object.keys(request.images), ...Object.keys(request.environment)].find((name) => !containers.has(name));
  if (unknown !== undefined) {
    throw new InvalidRequestError(
      `app ${request.app} has no container "${unknown.slice(0, 64)}"; its containers are ${[...containers].join(', ')}`,
      { app: request.app, field: [Object.hasOwn(request.images, unknown) ? 'images' : 'environment', unknown] },
    );
  }
}
