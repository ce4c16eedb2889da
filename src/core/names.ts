import { createHash } from 'node:crypto';
import { InvalidNameError } from './errors.js';

/** Longest DNS label. */
const MAX_LABEL_LENGTH = 63;
/** ALB host-header condition values are at most 128 characters. */
const MAX_HOST_HEADER_LENGTH = 128;
/** Target group names are at most 32 characters, unique per account and region. */
export const MAX_TARGET_GROUP_NAME_LENGTH = 32;
/** Prefix of every target group devenv names; a narrowing for listing only, never proof of ownership. */
export const TARGET_GROUP_PREFIX = 'dv-';
const TARGET_GROUP_HASH_LENGTH = 8;
/** Every environment's ECS service name starts so: a listing describes no other service of the cluster. */
export const SERVICE_NAME_PREFIX = 'devenv-';
/** ECS service names: a deleted name stays DRAINING for a while, so an environment may use any of these slots. */
export const SERVICE_NAME_SLOTS = 10;

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Every rule of `assertValidEnvironmentName` but the length (which depends on the base domain), as one pattern for schemas. */
export const ENVIRONMENT_NAME_PATTERN = new RegExp(`^(?!.*--)${LABEL.source.slice(1)}`);

/** The longest environment name that still makes a host header within ALB's limit under `baseDomain`. */
export function maxEnvironmentNameLength(baseDomain: string): number {
  return Math.min(MAX_LABEL_LENGTH, MAX_HOST_HEADER_LENGTH - baseDomain.length - 1);
}

/**
 * Refuses any environment name that is not a lowercase DNS label fitting every AWS limit the engine derives from it.
 * `--` is refused: it is reserved (IDNA's `xn--`) and it separates the slot suffix in ECS service names.
 *
 * @example
 * assertValidEnvironmentName('pr-42', 'dev.example.com'); // ok
 * assertValidEnvironmentName('PR_42', 'dev.example.com'); // throws InvalidNameError
 */
export function assertValidEnvironmentName(name: unknown, baseDomain: string): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidNameError('environment name is required', { envName: String(name ?? '') });
  }
  const max = maxEnvironmentNameLength(baseDomain);
  const shown = name.length > 80 ? `${name.slice(0, 80)}…` : name;
  if (name.length > max) {
    throw new InvalidNameError(
      `environment name "${shown}" is ${name.length} characters; at most ${max} fit under ${baseDomain}`,
      { envName: name },
    );
  }
  if (!LABEL.test(name)) {
    throw new InvalidNameError(
      `environment name "${shown}" must be lowercase letters, digits and hyphens, starting and ending with a letter or digit`,
      { envName: name },
    );
  }
  if (name.includes('--')) {
    throw new InvalidNameError(`environment name "${shown}" must not contain "--"`, { envName: name });
  }
}

/** App names come from configuration; the same rules keep derived names unambiguous. */
export function assertValidAppName(app: string): void {
  if (app.length === 0 || app.length > 32 || !LABEL.test(app) || app.includes('--')) {
    throw new InvalidNameError(
      `app name "${app}" must be 1–32 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
      { app },
    );
  }
}

export interface EnvironmentNames {
  host: string;
  /** The ECS service names this environment may use, slot 0 first. */
  serviceSlots: string[];
  targetGroup: string;
}

/** Every AWS name devenv derives for an environment, from names already validated. */
export function environmentNames(instance: string, envName: string, baseDomain: string): EnvironmentNames {
  const service = `${SERVICE_NAME_PREFIX}${envName}`;
  return {
    host: `${envName}.${baseDomain}`.toLowerCase(),
    serviceSlots: Array.from({ length: SERVICE_NAME_SLOTS }, (_, slot) => (slot === 0 ? service : `${service}--${slot}`)),
    targetGroup: targetGroupName(instance, envName),
  };
}

/**
 * `dv-<as much of the name as fits>-<hash>`: truncating alone would collide (`pr-1234…` vs `pr-1234…5`), so a hash of
 * the full identity (devenv instance and environment) keeps names unique per account and region.
 */
export function targetGroupName(instance: string, envName: string): string {
  const hash = shortHash(`${instance}/${envName}`, TARGET_GROUP_HASH_LENGTH);
  const room = MAX_TARGET_GROUP_NAME_LENGTH - TARGET_GROUP_PREFIX.length - 1 - TARGET_GROUP_HASH_LENGTH;
  const readable = envName.slice(0, room).replace(/-+$/, '');
  return `${TARGET_GROUP_PREFIX}${readable}-${hash}`;
}

/**
 * Where an environment's rule priority search starts: spread by name so that concurrent creates rarely race for one
 * priority, and two creates of the *same* name race for the same one (the loser then finds the winner's rule).
 */
export function preferredPriority(instance: string, envName: string, range: { min: number; max: number }): number {
  const span = range.max - range.min + 1;
  return range.min + (parseInt(shortHash(`${instance}/${envName}`, 8), 16) % span);
}

function shortHash(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}
