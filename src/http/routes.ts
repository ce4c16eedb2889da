import { createRoute } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { ExtendBodySchema, PutEnvironmentBodySchema } from '../contract/requests.js';
import {
  EnvironmentSchema,
  ExtendResponseSchema,
  HealthSchema,
  ListResponseSchema,
  ProblemSchema,
  PutEnvironmentResponseSchema,
  RepairResponseSchema,
  SweepPlanSchema,
  SweepReportSchema,
} from '../contract/views.js';
import { ListQuerySchema, NoQuerySchema, PutEnvironmentQuerySchema, nameParamSchema } from './parameter-schemas.js';

const PROBLEM_DESCRIPTIONS = {
  400: 'Invalid name, malformed JSON, a request that does not match the schema, or an image or variable the app\'s clone policy refuses (`invalid-name`, `malformed-json`, `invalid-request`, `policy-violation`)',
  401: 'No token, or a token that does not verify (`unauthorized`)',
  403: 'The caller may not do this, or the name is reserved for a pull request job (`forbidden`)',
  404: 'No such environment (`not-found`)',
  409: 'A name devenv needs is taken, the environment is for another app, or another call is working on it (`conflict`, `busy`)',
  413: 'The body is larger than the limit (`payload-too-large`)',
  415: 'The body is not JSON (`unsupported-media-type`)',
  422: 'The app cannot be cloned (`unsupported-network-mode`)',
  429: 'The owner or the installation has as many environments as allowed (`quota-exceeded`)',
  500: 'A bug; the details are in the logs under the request id (`internal`)',
  502: 'An AWS call failed (`cloud-failure`)',
  503: 'The identity provider could not be reached (`auth-unavailable`)',
} as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

function problems<S extends ProblemStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: PROBLEM_DESCRIPTIONS[status], content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } }]),
  ) as unknown as Record<S, { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } } }>;
}

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const security = [{ bearer: [] }];
const tags = ['environments'];

/**
 * The environment routes as OpenAPI sees them, for one installation (how long a name may be depends on its base
 * domain); `app.ts` gives each its handler.
 */
export function environmentRoutes({ baseDomain }: { baseDomain: string }) {
  const params = nameParamSchema(baseDomain);

  const put = createRoute({
    method: 'put',
    path: '/v1/environments/{name}',
    operationId: 'putEnvironment',
    summary: 'Create or update an environment',
    description:
      'Idempotent: an existing environment is updated in place (new images or variables roll out; images sent again, ' +
      'even the same ones, force a new deployment; a given ttl moves the expiry). Only a request without images or ttl ' +
      'that changes no variable answers `unchanged`. Answers 201 (created) or 200 (updated or unchanged) once the environment has left ' +
      '`creating`, else 202: `GET` shows progress. `?wait=<seconds>` waits for it first.',
    tags,
    security,
    request: {
      params,
      query: PutEnvironmentQuerySchema,
      body: { required: true, content: json(PutEnvironmentBodySchema) },
    },
    responses: {
      200: { description: 'Updated or unchanged, and settled', content: json(PutEnvironmentResponseSchema) },
      201: { description: 'Created and settled (running, unhealthy or failed: see `status`)', content: json(PutEnvironmentResponseSchema) },
      202: { description: 'Created or updated; still `creating`', content: json(PutEnvironmentResponseSchema) },
      ...problems(400, 401, 403, 409, 413, 415, 422, 429, 500, 502, 503),
    },
  });

  const list = createRoute({
    method: 'get',
    path: '/v1/environments',
    operationId: 'listEnvironments',
    summary: 'List environments',
    tags,
    security,
    request: { query: ListQuerySchema },
    responses: {
      200: { description: 'Every environment matching the filters, by name', content: json(ListResponseSchema) },
      ...problems(400, 401, 500, 502, 503),
    },
  });

  const get = createRoute({
    method: 'get',
    path: '/v1/environments/{name}',
    operationId: 'getEnvironment',
    summary: 'Show one environment and its status',
    tags,
    security,
    request: { params, query: NoQuerySchema },
    responses: {
      200: { description: 'The environment, rebuilt from the cloud', content: json(EnvironmentSchema) },
      ...problems(400, 401, 404, 409, 500, 502, 503),
    },
  });

  const extend = createRoute({
    method: 'post',
    path: '/v1/environments/{name}/extend',
    operationId: 'extendEnvironment',
    summary: 'Add ttl to the expiry',
    description:
      'Adds `ttl` (the configured default when absent) to the current expiry, or to now when it has passed. Never shortens: ' +
      'the expiry never moves earlier, and never past now + the configured maximum (`capped` says when that held it back).',
    tags,
    security,
    request: { params, query: NoQuerySchema, body: { required: false, content: json(ExtendBodySchema) } },
    responses: {
      200: { description: 'The environment with its new expiry', content: json(ExtendResponseSchema) },
      ...problems(400, 401, 403, 404, 409, 413, 415, 500, 502, 503),
    },
  });

  const repair = createRoute({
    method: 'post',
    path: '/v1/environments/{name}/repair',
    operationId: 'repairEnvironment',
    summary: 'Re-create the parts of an environment deleted out of band',
    description:
      'Re-creates a `degraded` environment\'s missing target group, listener rule or DNS records (`missing` in `GET`), as a `PUT` would. ' +
      'Allowed to whoever may `PUT` the environment: its owner or an admin.',
    tags,
    security,
    request: { params, query: NoQuerySchema },
    responses: {
      200: { description: 'The environment, with the parts that were re-created', content: json(RepairResponseSchema) },
      ...problems(400, 401, 403, 404, 409, 500, 502, 503),
    },
  });

  const destroy = createRoute({
    method: 'delete',
    path: '/v1/environments/{name}',
    operationId: 'deleteEnvironment',
    summary: 'Destroy an environment',
    description: 'Removes everything devenv made for it. 404 when nothing existed.',
    tags,
    security,
    request: { params, query: NoQuerySchema },
    responses: {
      204: { description: 'Destroyed' },
      ...problems(400, 401, 403, 404, 409, 500, 502, 503),
    },
  });

  return { put, list, get, extend, repair, destroy };
}

export const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  operationId: 'health',
  summary: 'Liveness',
  tags: ['meta'],
  responses: { 200: { description: 'The API is up', content: json(HealthSchema) } },
});

/** The operators' routes: what a sweep would remove (a dry run), and a sweep run now. Admin tokens only. */
export function sweepRoutes() {
  const operations = ['operations'];
  const plan = createRoute({
    method: 'get',
    path: '/v1/sweep',
    operationId: 'planSweep',
    summary: 'Show what a sweep would remove now (dry run)',
    description: 'Expired environments and orphans, judged at this moment; reads the cloud and changes nothing. Admin tokens only.',
    tags: operations,
    security,
    request: { query: NoQuerySchema },
    responses: {
      200: { description: 'What a sweep run now would remove', content: json(SweepPlanSchema) },
      ...problems(400, 401, 403, 500, 502, 503),
    },
  });

  const run = createRoute({
    method: 'post',
    path: '/v1/sweep',
    operationId: 'runSweep',
    summary: 'Run a sweep now',
    description:
      'Destroys expired environments and removes orphans, as the scheduled sweep does; takes no body. Resources that could not be ' +
      'removed are listed in `failures` (the next sweep tries again). Admin tokens only.',
    tags: operations,
    security,
    request: { query: NoQuerySchema },
    responses: {
      200: { description: 'What the sweep removed, and what it could not', content: json(SweepReportSchema) },
      ...problems(400, 401, 403, 500, 502, 503),
    },
  });

  return { plan, run };
}
