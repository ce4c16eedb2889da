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
  /** On the service only: the revision devenv registered for it (own-revision.ts). */
  revision: 'devenv:revision',
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
  /** The installation's identity (`config.installation`), written as `devenv:managed-by` and the ownership record's `m=`. */
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

/** The first field of the ownership records devenv writes now (format 2). */
const RECORD_MARK = 'devenv=2';
/** The first field of format 1 (`heritage=devenv,managed-by=…,environment=…,app=…,created-at=<ISO>,claim=…`), still read. */
const RECORD_HERITAGE = 'heritage=devenv';

/**
 * Route 53 records cannot be tagged: a TXT record at the same name says who made the alias, like external-dns does.
 * Format 2 is short (`devenv=2,m=<identity>,e=<environment>,a=<app>,t=<unix seconds>,c=<claim>`, about 100 characters
 * with a 36-character claim) so that one Route 53 change request (32,000 characters of values) deletes 250 or more
 * hosts: 1,000 hosts' records in 4 requests. Format 1 records (written before) are read alike.
 *
 * @example
 * formatOwnershipRecord({ instance: 'devenv-48ecc342e5', environment: 'pr-42', app: 'web', createdAt: '2026-11-25T10:00:00.000Z', claim: 'c-1' });
 * // 'devenv=2,m=devenv-48ecc342e5,e=pr-42,a=web,t=1795600800,c=c-1'
 */
export function formatOwnershipRecord(ownership: Ownership & { claim: string }): string {
  return [
    RECORD_MARK,
    `m=${ownership.instance}`,
    `e=${ownership.environment}`,
    `a=${ownership.app}`,
    `t=${Math.floor(new Date(ownership.createdAt).getTime() / 1000)}`,
    `c=${ownership.claim}`,
  ].join(',');
}

/** An ownership record of either format; `createdAt` comes back as an ISO time (whole seconds for format 2). */
export function parseOwnershipRecord(value: string | undefined): (Ownership & { claim: string }) | undefined {
  if (!value) return undefined;
  const parts = value.split(',');
  const format2 = parts[0] === RECORD_MARK;
  if (!format2 && parts[0] !== RECORD_HERITAGE) return undefined;
  const fields = new Map(parts.slice(1).map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at), part.slice(at + 1)] as const;
  }));
  const instance = fields.get(format2 ? 'm' : 'managed-by');
  const environment = fields.get(format2 ? 'e' : 'environment');
  const app = fields.get(format2 ? 'a' : 'app');
  const createdAt = format2 ? secondsToIso(fields.get('t')) : fields.get('created-at');
  const claim = fields.get(format2 ? 'c' : 'claim');
  if (!instance || !environment || !app || !createdAt || !claim) return undefined;
  return { instance, environment, app, createdAt, claim };
}

function secondsToIso(seconds: string | undefined): string | undefined {
  if (!seconds || !/^\d{1,12}$/.test(seconds)) return undefined;
  return new Date(Number(seconds) * 1000).toISOString();
}

/** A tag's timestamp, or undefined when it is missing or not a date. */
export function tagTime(tags: Tags, key: string): Date | undefined {
  const value = tags[key];
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
