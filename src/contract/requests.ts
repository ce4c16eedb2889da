import { z } from '@hono/zod-openapi';
import { IMAGE_REFERENCE_PATTERN, MAX_VARIABLE_VALUE_LENGTH, VARIABLE_NAME_PATTERN } from '../core/create-request.js';
import { DURATION_PATTERN } from '../core/duration.js';
import { IMAGE_REFERENCE_RULE, MAX_IMAGE_REFERENCE_LENGTH } from '../core/image-reference.js';

/**
 * The request bodies clients send: the schemas the API validates them with, which are the OpenAPI document's, and the
 * types clients build them as. They check shape and syntax with the engine's own patterns (durations, image
 * references, variable names), so the document shows the rules; the engine checks meaning (known app, TTL maximum,
 * containers of the app) and its refusals come back as the same `invalid-request` problem.
 */

const duration = z
  .string()
  .max(16)
  .regex(DURATION_PATTERN, 'must be a number and m, h or d, like 90m, 48h or 7d')
  .openapi({ description: 'A number and `m`, `h` or `d`, like `90m`, `48h` or `7d`; at most the configured maximum.', example: '48h' });

/** Most containers `images` or `environment` may name: far above any task definition devenv clones. */
export const MAX_CONTAINERS = 20;
/** Most variables per container a request may set (the 64 KiB body limit alone would let thousands through). */
export const MAX_VARIABLES_PER_CONTAINER = 100;

/**
 * zod leaves a `__proto__` key out of a record without a word (an object could not hold it as its own), so the request
 * would go on without it: refused by name instead, like any other name that is not a container of the app.
 */
const NOT_PROTO = (what: string) => [(name: string) => name !== '__proto__', `"__proto__" cannot be ${what}`] as const;

const containerName = z
  .string()
  .min(1)
  .max(255)
  .refine(...NOT_PROTO('a container name'));

/**
 * A record of at most `max` entries. zod 3's records have no size bound, so it is a refinement for validation and
 * `maxProperties` for the document.
 */
function atMost<T extends z.ZodTypeAny>(record: T, max: number, what: string) {
  return record
    .refine((value: object) => Object.keys(value).length <= max, { message: `must have at most ${max} ${what}` })
    .openapi({ maxProperties: max });
}

const imageReference = z.string().max(MAX_IMAGE_REFERENCE_LENGTH).regex(IMAGE_REFERENCE_PATTERN, `must be ${IMAGE_REFERENCE_RULE}`);

/**
 * zod-to-openapi drops a record's key schema, so the variable name rule is stated for the document as JSON Schema's
 * `propertyNames` (OpenAPI 3.1), which openapi3-ts's `SchemaObject` type does not list.
 */
const VARIABLE_NAMES = { propertyNames: { pattern: VARIABLE_NAME_PATTERN.source } } as object;

const variableName = z
  .string()
  .regex(VARIABLE_NAME_PATTERN, 'must be a variable name: letters, digits and _, not starting with a digit')
  .refine(...NOT_PROTO('a variable name'));

export const PutEnvironmentBodySchema = z
  .object({
    app: z.string().min(1).max(64).openapi({ description: 'One of the configured baseline apps.', example: 'web' }),
    ttl: duration.optional().openapi({ description: 'Expiry from now; the configured default when absent. On update, moves the expiry.' }),
    images: atMost(z.record(containerName, imageReference), MAX_CONTAINERS, 'containers')
      .optional()
      .openapi({ description: `Container name → OCI image reference (at most ${MAX_CONTAINERS} containers). Unless the app lists allowedImageRepositories, only the tag or digest of the container's baseline image may change.`, example: { web: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3f2a1c9' } }),
    environment: atMost(
      z.record(
        containerName,
        atMost(z.record(variableName, z.string().max(MAX_VARIABLE_VALUE_LENGTH)), MAX_VARIABLES_PER_CONTAINER, 'variables').openapi(VARIABLE_NAMES),
      ),
      MAX_CONTAINERS,
      'containers',
    )
      .optional()
      .openapi({ description: `Container name → environment variables to set (at most ${MAX_VARIABLES_PER_CONTAINER} per container).`, example: { web: { FEATURE_FLAG: 'on' } } }),
  })
  .strict()
  .openapi('PutEnvironmentRequest');

export const ExtendBodySchema = z
  .object({
    ttl: duration.optional().openapi({
      description:
        'Time added to the current expiry (to now when it has passed); the configured default when absent. The expiry never moves earlier and never past now + the configured maximum.',
    }),
  })
  .strict()
  .openapi('ExtendRequest');

/** What a client sends to create or update (`PUT /v1/environments/{name}`). */
export type PutEnvironmentBody = z.input<typeof PutEnvironmentBodySchema>;
/** What a client sends to extend (`POST /v1/environments/{name}/extend`). */
export type ExtendBody = z.input<typeof ExtendBodySchema>;
