import { assertAllowedByConfig } from './clone-policy.js';
import type { DevenvConfig } from './config.js';
import { formatDuration, parseDuration } from './duration.js';
import { InvalidRequestError } from './errors.js';
import { IMAGE_REFERENCE_RULE, OCI_IMAGE_REFERENCE_PATTERN, parseImageReference } from './image-reference.js';
import { assertValidEnvironmentName } from './names.js';
import { assertValidOwner, MAX_OWNER_LENGTH, TAG_VALUE_CHARACTERS } from './tags.js';

export interface CreateRequest {
  name: string;
  app: string;
  owner: string;
  /** A duration like `48h`; the configured default when absent, refused above the maximum. */
  ttl?: string;
  /** container name → image */
  images?: Record<string, string>;
  /** container name → environment variables to set */
  environment?: Record<string, Record<string, string>>;
  /** Up to 5 labels kept with the environment (set at creation), like `{ "head-ref": "feature-x" }`. */
  labels?: Record<string, string>;
}

export interface ValidCreateRequest {
  name: string;
  app: string;
  owner: string;
  ttlMs: number;
  ttlGiven: boolean;
  images: Record<string, string>;
  environment: Record<string, Record<string, string>>;
  labels: Record<string, string>;
}

const MAX_LABELS = 5;
const LABEL_KEY = /^[a-z0-9][a-z0-9-]{0,31}$/;
const LABEL_VALUE = new RegExp(`^[${TAG_VALUE_CHARACTERS}]{0,${MAX_OWNER_LENGTH}}$`);

/** The OCI reference grammar (`image-reference.ts`); references are also at most 255 characters. */
export const IMAGE_REFERENCE_PATTERN = OCI_IMAGE_REFERENCE_PATTERN;
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
export const MAX_VARIABLE_VALUE_LENGTH = 4_096;

/** Checks a create request against everything that does not need the cloud. Changes nothing. */
export function validateCreateRequest(request: CreateRequest, config: DevenvConfig): ValidCreateRequest {
  assertValidEnvironmentName(request.name, config.baseDomain);
  if (typeof request.app !== 'string' || !Object.hasOwn(config.apps, request.app)) {
    const app = String(request.app).slice(0, 64);
    throw new InvalidRequestError(`unknown app "${app}"; known apps: ${Object.keys(config.apps).join(', ')}`, { app, field: ['app'] });
  }
  assertValidOwner(request.owner);
  const ttlMs = ttlOf(request.ttl, config);
  const images = request.images ?? {};
  for (const [container, image] of Object.entries(images)) {
    if (typeof image !== 'string' || parseImageReference(image) === undefined) {
      throw new InvalidRequestError(`image for container "${container.slice(0, 64)}" must be ${IMAGE_REFERENCE_RULE}`, { container, field: ['images', container] });
    }
  }
  const environment = request.environment ?? {};
  for (const [container, variables] of Object.entries(environment)) {
    for (const [key, value] of Object.entries(variables ?? {})) {
      if (!VARIABLE_NAME_PATTERN.test(key)) {
        throw new InvalidRequestError(`environment variable name "${key.slice(0, 64)}" for container "${container.slice(0, 64)}" is not valid`, {
          field: ['environment', container, key],
        });
      }
      if (typeof value !== 'string' || value.length > MAX_VARIABLE_VALUE_LENGTH || !isWellFormedValue(value)) {
        throw new InvalidRequestError(`environment variable ${key.slice(0, 64)} must be a string of at most ${MAX_VARIABLE_VALUE_LENGTH} characters, with no NUL and no lone surrogate`, {
          field: ['environment', container, key],
        });
      }
    }
  }
  const labels = request.labels ?? {};
  if (Object.keys(labels).length > MAX_LABELS) throw new InvalidRequestError(`at most ${MAX_LABELS} labels are allowed`);
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key) || typeof value !== 'string' || !LABEL_VALUE.test(value)) {
      throw new InvalidRequestError(
        `label "${key.slice(0, 64)}" must be a lowercase key of at most 32 characters with a value of at most 128 letters, digits, spaces and _ . : / = + @ -`,
      );
    }
  }
  assertAllowedByConfig({ app: request.app, images, environment }, config.apps[request.app]!);
  return {
    name: request.name,
    app: request.app,
    owner: request.owner,
    ttlMs,
    ttlGiven: request.ttl !== undefined,
    images: { ...images },
    environment: structuredClone(environment),
    labels: { ...labels },
  };
}

export function ttlOf(ttl: string | undefined, config: DevenvConfig): number {
  if (ttl === undefined) return config.ttl.default;
  let ms: number;
  try {
    ms = parseDuration(ttl);
  } catch (error) {
    throw error instanceof InvalidRequestError ? new InvalidRequestError(error.message, { field: ['ttl'] }) : error;
  }
  if (ms > config.ttl.max) {
    throw new InvalidRequestError(`ttl ${ttl} is longer than the maximum of ${formatDuration(config.ttl.max)}`, { field: ['ttl'] });
  }
  return ms;
}

/**
 * A value a process environment can hold and ECS takes: no NUL (it ends a C string), no lone UTF-16 surrogate (not
 * encodable as UTF-8). Refused here as bad input rather than by AWS later as a cloud failure.
 */
function isWellFormedValue(value: string): boolean {
  return !value.includes('\0') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}
