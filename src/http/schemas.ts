import { z } from '@hono/zod-openapi';
import { POLICY_RULES } from '../core/clone-policy.js';
import { IMAGE_REFERENCE_PATTERN, MAX_VARIABLE_VALUE_LENGTH, VARIABLE_NAME_PATTERN } from '../core/create-request.js';
import { DURATION_PATTERN } from '../core/duration.js';
import { IMAGE_REFERENCE_RULE, MAX_IMAGE_REFERENCE_LENGTH } from '../core/image-reference.js';
import type { Removed } from '../core/remove-resources.js';
import { ENVIRONMENT_NAME_PATTERN, maxEnvironmentNameLength } from '../core/names.js';
import { PROBLEMS, problemType, type ProblemKind } from './problem-types.js';

/**
 * The API's request and response schemas: they validate requests and they are the OpenAPI document, so the two
 * cannot drift. They check shape and syntax with the engine's own patterns (names, durations, image references,
 * variable names), so the document shows the rules; the engine checks meaning (known app, TTL maximum, containers of
 * the app) and its refusals come back as the same `invalid-request` problem.
 */

/** Longest wait a PUT may ask for: a Lambda Function URL times out after 15 minutes. */
export const MAX_WAIT_SECONDS = 900;

const ENVIRONMENT_STATUSES = ['creating', 'running', 'unhealthy', 'failed', 'degraded'] as const;

export const EnvironmentStatusSchema = z.enum(ENVIRONMENT_STATUSES).openapi('EnvironmentStatus', {
  description:
    '`creating` until the deployment completes and a target is healthy; `failed` and `unhealthy` carry `statusReason`; ' +
    '`degraded`: a part of the environment (target group, listener rule, DNS record) was deleted, named in `missing`; a PUT or `POST …/repair` re-creates it.',
});

export const MissingPartSchema = z
  .object({
    part: z.enum(['target-group', 'listener-rule', 'dns-record']),
    name: z.string().openapi({ description: 'The target group name, or the host name of the rule or record.', example: 'pr-42.dev.example.com' }),
  })
  .openapi('MissingPart');

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

export const ExtendBodySchema = z
  .object({
    ttl: duration.optional().openapi({
      description:
        'Time added to the current expiry (to now when it has passed); the configured default when absent. The expiry never moves earlier and never past now + the configured maximum.',
    }),
  })
  .strict()
  .openapi('ExtendRequest');

export const ListQuerySchema = z
  .object({
    owner: z.string().min(1).max(128).optional().openapi({ param: { name: 'owner', in: 'query' }, example: 'github:acme/web@octocat' }),
    app: z.string().min(1).max(64).optional().openapi({ param: { name: 'app', in: 'query' }, example: 'web' }),
    status: EnvironmentStatusSchema.optional().openapi({ param: { name: 'status', in: 'query' } }),
  })
  .strict();

export const EnvironmentSchema = z
  .object({
    name: z.string().openapi({ example: 'pr-42' }),
    app: z.string().openapi({ example: 'web' }),
    owner: z.string().openapi({ example: 'github:acme/web@octocat' }),
    url: z.string().optional().openapi({ description: 'Absent for apps without routing.', example: 'https://pr-42.dev.example.com' }),
    status: EnvironmentStatusSchema,
    statusReason: z.string().optional().openapi({ example: 'waiting for the load balancer health checks' }),
    missing: z.array(MissingPartSchema).optional().openapi({ description: 'Only when `degraded`: the parts deleted out of band.' }),
    images: z.record(z.string(), z.string()).openapi({ example: { web: 'repo/web:3f2a1c9' } }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Environment');

export const CloudCallSchema = z
  .object({ service: z.string(), command: z.string(), ok: z.boolean(), ms: z.number() })
  .openapi('CloudCall', { description: 'One AWS call the request made.' });

export const PutEnvironmentResponseSchema = EnvironmentSchema.extend({
  outcome: z.enum(['created', 'updated', 'unchanged']),
  repaired: z.array(MissingPartSchema).optional().openapi({ description: 'The parts an update found deleted out of band and re-created.' }),
  calls: z.array(CloudCallSchema),
}).openapi('PutEnvironmentResponse');

export const ExtendResponseSchema = EnvironmentSchema.extend({
  capped: z.boolean().openapi({ description: 'True when the configured maximum (now + `ttl.max`) held the new expiry back.' }),
  calls: z.array(CloudCallSchema),
}).openapi('ExtendResponse');

const REMOVABLE_KINDS = ['dns-records', 'listener-rule', 'service', 'target-group', 'task-definition'] as const satisfies readonly Removed['kind'][];

export const SweepResourceSchema = z
  .object({
    kind: z.enum(REMOVABLE_KINDS),
    id: z.string().openapi({ description: 'The service or target group name, the rule or task definition ARN, or the DNS name.' }),
  })
  .openapi('SweepResource');

const EnvironmentDriftSchema = z
  .object({ name: z.string(), missing: z.array(MissingPartSchema) })
  .openapi('EnvironmentDrift', { description: 'A live environment with parts deleted out of band: the sweep leaves it; a PUT or `POST …/repair` re-creates them.' });

const sweepTime = z.string().openapi({ format: 'date-time', description: 'The moment the sweep judged expiry and orphan age by.' });

export const SweepPlanSchema = z
  .object({
    dryRun: z.literal(true),
    at: sweepTime,
    expired: z.array(z.string()).openapi({ description: 'Environments whose TTL ran out, by name.' }),
    orphans: z.array(SweepResourceSchema).openapi({ description: 'The resources below that belong to no live environment.' }),
    resources: z.array(SweepResourceSchema).openapi({ description: 'Everything a sweep run now would remove.' }),
    drift: z.array(EnvironmentDriftSchema),
    calls: z.array(CloudCallSchema),
  })
  .openapi('SweepPlan');

export const SweepReportSchema = z
  .object({
    dryRun: z.literal(false),
    at: sweepTime,
    expired: z.array(z.string()).openapi({ description: 'Environments destroyed because their TTL ran out.' }),
    orphans: z.array(SweepResourceSchema).openapi({ description: 'The resources removed that belonged to no live environment.' }),
    removed: z.array(SweepResourceSchema),
    failures: z
      .array(SweepResourceSchema.extend({ message: z.string() }))
      .openapi({ description: 'What could not be removed, and why; the next sweep tries again.' }),
    skipped: z.array(z.string()).openapi({ description: 'Environments another call was writing (their lock was held): left for the next sweep.' }),
    drift: z.array(EnvironmentDriftSchema),
    calls: z.array(CloudCallSchema),
  })
  .openapi('SweepReport');

export const RepairResponseSchema = EnvironmentSchema.extend({
  repaired: z.array(MissingPartSchema).openapi({ description: 'The parts that were missing and are back; empty when nothing was missing.' }),
  calls: z.array(CloudCallSchema),
}).openapi('RepairResponse');

export const ListResponseSchema = z.object({ environments: z.array(EnvironmentSchema) }).openapi('EnvironmentList');

export const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

const PROBLEM_TYPES = Object.keys(PROBLEMS).map((kind) => problemType(kind as ProblemKind)) as [string, ...string[]];

export const ProblemSchema = z
  .object({
    type: z.enum(PROBLEM_TYPES).openapi({ description: 'Which problem this is: clients switch on it.', example: problemType('not-found') }),
    title: z.string().openapi({ example: 'Environment not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'environment pr-42 does not exist' }),
    instance: z.string().openapi({ example: '/v1/environments/pr-42' }),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ pointer: z.string(), in: z.enum(['body', 'query', 'path', 'header']), detail: z.string() }))
      .optional()
      .openapi({
        description:
          'For `invalid-request` and `invalid-name`: where each problem is (a JSON pointer into the body, query, path or headers) and what is wrong, from schema validation and from the engine alike; for `policy-violation`: the refused value.',
      }),
    rule: z
      .enum(POLICY_RULES)
      .optional()
      .openapi({ description: 'For `policy-violation`: the rule of the clone policy that refused the request.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details.' });

export type EnvironmentView = z.infer<typeof EnvironmentSchema>;
