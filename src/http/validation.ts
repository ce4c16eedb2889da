import type { RouteConfig } from '@hono/zod-openapi';
import type { ZodError, ZodIssue, ZodTypeAny } from 'zod';
import { assertValidEnvironmentName } from '../core/names.js';
import { RequestValidationError, type ValidationIssue } from './errors.js';
import { clip, jsonPointer, MAX_ECHOED_NAME } from './json-pointer.js';

type Target = 'json' | 'query' | 'param' | 'header' | 'cookie' | 'form';

const WHERE: Record<Target, ValidationIssue['in']> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'header',
};



function topLevelKeys(schema: ZodTypeAny | undefined): string[] | undefined {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : undefined;
}

function describe(issue: ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.received === 'undefined') return 'is required';
    if (issue.received === 'nan') return 'must be a number';
    return `must be ${issue.expected}, not ${issue.received}`;
  }
  return issue.message;
}

/** Every zod issue as a problem entry a person can act on: where it is and what to change. */
export function validationIssues(error: ZodError, target: Target, schema?: ZodTypeAny): ValidationIssue[] {
  const where = WHERE[target];
  return error.issues.flatMap((issue): ValidationIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = issue.path.length === 0 ? topLevelKeys(schema) : undefined;
      const what = where === 'query' ? 'query parameter' : 'field';
      let hint = '';
      if (allowed) hint = allowed.length > 0 ? `; allowed: ${allowed.join(', ')}` : `; this route takes no ${what}s`;
      return issue.keys.map((key) => ({ in: where, pointer: jsonPointer([...issue.path, key]), detail: `unknown ${what} "${clip(key, MAX_ECHOED_NAME)}"${hint}` }));
    }
    return [{ in: where, pointer: jsonPointer(issue.path), detail: describe(issue) }];
  });
}

type HookResult = { target: string } & ({ success: true } | { success: false; error: ZodError });

export interface ValidationHookOptions {
  /** The route whose body and parameters are validated: unknown fields are answered with the allowed ones. */
  route?: RouteConfig;
  /** With it, a `{name}` the schema refuses is answered as `invalid-name`, in the engine's words. */
  baseDomain?: string;
}

/**
 * The validation hook of every route: a failed validation becomes one `invalid-request` problem listing every issue,
 * with the fields the route accepts when a field is unknown. It throws, so the app's one `onError` writes the answer.
 */
export function validationHook({ route, baseDomain }: ValidationHookOptions = {}): (result: HookResult) => undefined {
  const schemas: Partial<Record<Target, ZodTypeAny>> = {
    ...(route?.request?.query ? { query: route.request.query as ZodTypeAny } : {}),
    ...(route?.request?.params ? { param: route.request.params as ZodTypeAny } : {}),
  };
  const body = route?.request?.body?.content['application/json']?.schema;
  if (body && typeof body === 'object' && 'safeParse' in body) schemas.json = body as ZodTypeAny;
  return (result) => {
    if (result.success) return undefined;
    const target = result.target as Target;
    if (target === 'param' && baseDomain !== undefined) {
      // The schema holds the same rules (for the document); the engine's check says which one the name breaks.
      // zod-validator passes the raw input as `data`; hono's hook type does not show it.
      assertValidEnvironmentName((result as { data?: { name?: unknown } }).data?.name, baseDomain);
    }
    throw new RequestValidationError(validationIssues(result.error, target, schemas[target]));
  };
}
