import type { Tags } from './ports.js';
import { InvalidRequestError } from './errors.js';

/** Tag keys on everything devenv creates. Ownership is always `managed-by` equal to the installation's identity. */
export const TAG = {
  managedBy: 'devenv:managed-by',
  environment: 'devenv:environment',
  app: 'devenv:app',
  owner: 'devenv:owner',
  createdAt: 'devenv:created-at',
  expiresAt: 'devenv:expires-at',
  /** On the service only: the create that made it (its client token), told apart from a racing create of the same name. */
  createId: 'devenv:create-id',
  /** On the service only: a revision of the environment an update could not deregister, for its destroy to remove. */
  staleRevision: 'devenv:stale-revision',
} as const;

/** Caller-defined labels (e.g. the pull request's head branch) are tags under this prefix on the service. */
export const LABEL_TAG_PREFIX = 'devenv:label:';

/**
 * Notices devenv sent about an environment (an expiry warning, a "ready" message) are tags under this prefix on the
 * service, so that however many sweeps run, each is sent once; the value says what it was sent for.
 */
export const NOTICE_TAG_PREFIX = 'devenv:notice:';

export function noticesOf(tags: Tags): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags)
      .filter(([key]) => key.startsWith(NOTICE_TAG_PREFIX))
      .map(([key, value]) => [key.slice(NOTICE_TAG_PREFIX.length), value]),
  );
}

export function labelsOf(tags: Tags): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags)
      .filter(([key]) => key.startsWith(LABEL_TAG_PREFIX))
      .map(([key, value]) => [key.slice(LABEL_TAG_PREFIX.length), value]),
  );
}

/**
 * Characters that ECS, ELBv2 and the TXT ownership record all accept in a tag value, as the body of a regex character
 * class (`[${TAG_VALUE_CHARACTERS}]`): the one statement of the rule that owners, labels and their checks build on.
 */
export const TAG_VALUE_CHARACTERS = 'A-Za-z0-9 _.:/=+@-';

/** Longest owner devenv records. */
export const MAX_OWNER_LENGTH = 128;

/** A whole owner: 1–128 tag value characters (leading or trailing spaces are refused separately). */
export const OWNER_PATTERN = new RegExp(`^[${TAG_VALUE_CHARACTERS}]{1,${MAX_OWNER_LENGTH}}$`);

/**
 * `text` with every character a tag value cannot hold replaced by `_` (GitHub's `dependabot[bot]` becomes
 * `dependabot_bot_`).
 *
 * @example
 * toTagValueCharacters('dependabot[bot]'); // 'dependabot_bot_'
 */
export function toTagValueCharacters(text: string): string {
  return text.replace(new RegExp(`[^${TAG_VALUE_CHARACTERS}]`, 'g'), '_');
}

export function assertValidOwner(owner: unknown): asserts owner is string {
  if (typeof owner !== 'string' || !OWNER_PATTERN.test(owner) || owner.trim() !== owner) {
    throw new InvalidRequestError(
      'owner must be 1–128 characters of letters, digits, spaces and _ . : / = + @ -, like "github:acme/web@octocat"',
    );
  }
}

export interface Ownership {
  /** The installation's identity (`config.installation`), written as `devenv:managed-by` and `managed-by=`. */
  instance: string;
  environment: string;
  app: string;
  createdAt: string;
}

export function ownershipTags(ownership: Ownership): Record<string, string> {
  return {
    [TAG.managedBy]: ownership.instance,
    [TAG.environment]: ownership.environment,
    [TAG.app]: ownership.app,
    [TAG.createdAt]: ownership.createdAt,
  };
}

/** True only for resources this installation (`instance`: its identity) tagged for exactly this environment (never a prefix match). */
export function isOwnedBy(tags: Tags, instance: string, environment?: string): boolean {
  if (tags[TAG.managedBy] !== instance) return false;
  return environment === undefined ? typeof tags[TAG.environment] === 'string' : tags[TAG.environment] === environment;
}

const RECORD_HERITAGE = 'heritage=devenv';

/** Route 53 records cannot be tagged: a TXT record at the same name says who made the alias, like external-dns does. */
export function formatOwnershipRecord(ownership: Ownership & { claim: string }): string {
  return [
    RECORD_HERITAGE,
    `managed-by=${ownership.instance}`,
    `environment=${ownership.environment}`,
    `app=${ownership.app}`,
    `created-at=${ownership.createdAt}`,
    `claim=${ownership.claim}`,
  ].join(',');
}

export function parseOwnershipRecord(value: string | undefined): (Ownership & { claim: string }) | undefined {
  if (!value) return undefined;
  const parts = value.split(',');
  if (parts[0] !== RECORD_HERITAGE) return undefined;
  const fields = new Map(parts.slice(1).map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at), part.slice(at + 1)] as const;
  }));
  const instance = fields.get('managed-by');
  const environment = fields.get('environment');
  const app = fields.get('app');
  const createdAt = fields.get('created-at');
  const claim = fields.get('claim');
  if (!instance || !environment || !app || !createdAt || !claim) return undefined;
  return { instance, environment, app, createdAt, claim };
}

/** A tag's timestamp, or undefined when it is missing or not a date. */
export function tagTime(tags: Tags, key: string): Date | undefined {
  const value = tags[key];
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
