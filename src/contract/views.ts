import { z } from '@hono/zod-openapi';
import { POLICY_RULES } from '../core/clone-policy.js';
import type { Removed } from '../core/remove-resources.js';
import { PROBLEMS, problemType, type ProblemKind } from './problem-types.js';

/**
 * What the API answers: the response schemas, which are the OpenAPI document's, and the view types clients read
 * answers as (derived from the schemas, so the two cannot drift). The CLI imports only the types.
 */

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

export const EnvironmentDriftSchema = z
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

export type EnvironmentStatus = z.infer<typeof EnvironmentStatusSchema>;
export type MissingPart = z.infer<typeof MissingPartSchema>;
export type EnvironmentView = z.infer<typeof EnvironmentSchema>;
export type CloudCallView = z.infer<typeof CloudCallSchema>;
export type PutEnvironmentResponse = z.infer<typeof PutEnvironmentResponseSchema>;
export type ExtendResponse = z.infer<typeof ExtendResponseSchema>;
export type RepairResponse = z.infer<typeof RepairResponseSchema>;
export type EnvironmentList = z.infer<typeof ListResponseSchema>;
export type SweepResource = z.infer<typeof SweepResourceSchema>;
export type EnvironmentDriftView = z.infer<typeof EnvironmentDriftSchema>;
export type SweepPlan = z.infer<typeof SweepPlanSchema>;
export type SweepReport = z.infer<typeof SweepReportSchema>;
export type ProblemView = z.infer<typeof ProblemSchema>;
