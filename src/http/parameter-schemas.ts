import { z } from '@hono/zod-openapi';
import { EnvironmentStatusSchema } from '../contract/views.js';
import { ENVIRONMENT_NAME_PATTERN, maxEnvironmentNameLength } from '../core/names.js';

/**
 * The API's path and query parameter schemas (the bodies and answers are the contract's, in `src/contract/`): they
 * validate requests and they are the OpenAPI document, so the two cannot drift.
 */

/** Longest wait a PUT may ask for: a Lambda Function URL times out after 15 minutes. */
export const MAX_WAIT_SECONDS = 900;

/** The `{name}` path parameter; how long a name may be depends on the base domain its host name goes under. */
export function nameParamSchema(baseDomain: string) {
  const max = maxEnvironmentNameLength(baseDomain);
  return z
    .object({
      name: z
        .string()
        .min(1)
        .max(max)
        .regex(ENVIRONMENT_NAME_PATTERN)
        .openapi({
          param: { name: 'name', in: 'path' },
          description: `A lowercase DNS label: letters, digits and single hyphens, starting and ending with a letter or digit, at most ${max} characters. \`pr-<n>\` names are reserved for the GitHub Actions jobs of pull requests.`,
          example: 'demo-42',
        }),
    })
    .strict();
}

export const PutEnvironmentQuerySchema = z
  .object({
    // Decimal digits only: a coerced number would also take `0x10`, `0b11`, `1e1`, ` 1` and an empty value.
    wait: z
      .string()
      .max(16)
      .regex(/^\d+$/, 'must be a whole number of seconds in decimal digits, like 120')
      .transform(Number)
      .pipe(z.number().max(MAX_WAIT_SECONDS))
      .optional()
      .openapi({
        // The schema reads text and checks digits; the document shows what a client sends.
        type: 'integer',
        minimum: 0,
        maximum: MAX_WAIT_SECONDS,
        param: { name: 'wait', in: 'query' },
        description: `Seconds to wait for the environment to leave \`creating\` (0–${MAX_WAIT_SECONDS}; the server may allow less, and on Lambda stops before its timeout). Without it the answer is immediate.`,
        // Typed by the schema's input (text); the document shows the integer a client sends.
        example: 120 as unknown as string,
      }),
  })
  .strict();

/**
 * The query of the routes that take no parameters (GET, extend and DELETE of one environment): empty and strict, so
 * `?wait=60` or a typo there is a 400 like on the list and PUT routes, not silently ignored.
 */
export const NoQuerySchema = z.object({}).strict();

export const ListQuerySchema = z
  .object({
    owner: z.string().min(1).max(128).optional().openapi({ param: { name: 'owner', in: 'query' }, example: 'github:acme/web@octocat' }),
    app: z.string().min(1).max(64).optional().openapi({ param: { name: 'app', in: 'query' }, example: 'web' }),
    status: EnvironmentStatusSchema.optional().openapi({ param: { name: 'status', in: 'query' } }),
  })
  .strict();
