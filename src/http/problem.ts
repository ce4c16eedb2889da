import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { PROBLEMS, problemType, type ProblemKind } from '../contract/problem-types.js';
import { isDevenvError, PolicyViolationError, type DevenvError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import type { AppEnv } from './app-env.js';
import { HttpError, MethodNotAllowedError, UnauthorizedError, type ValidationIssue } from './errors.js';
import { clip, jsonPointer } from './json-pointer.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every domain error code has exactly one problem kind; a new code fails to compile here until it is mapped. */
const BY_CODE: Readonly<Record<ErrorCode, ProblemKind>> = {
  invalid_name: 'invalid-name',
  invalid_request: 'invalid-request',
  policy_violation: 'policy-violation',
  // A configuration error at request time is the operator's problem, not the caller's.
  invalid_config: 'internal',
  not_found: 'not-found',
  conflict: 'conflict',
  busy: 'busy',
  quota_exceeded: 'quota-exceeded',
  unsupported_network_mode: 'unsupported-network-mode',
  forbidden: 'forbidden',
  cloud_failure: 'cloud-failure',
};

/** Seconds a client should wait before retrying, for the kinds where retrying helps. */
const RETRY_AFTER: Partial<Record<ProblemKind, number>> = { busy: 5, 'auth-unavailable': 10 };

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path: which occurrence this was, together with `requestId`. */
  instance: string;
  requestId?: string;
  [extension: string]: unknown;
}

interface Classified {
  kind: ProblemKind;
  detail: string;
  extensions: Record<string, unknown>;
}

function classify(error: unknown): Classified {
  if (error instanceof HttpError) return { kind: error.kind, detail: error.message, extensions: error.extensions };
  if (error instanceof PolicyViolationError) {
    // The rule, for clients to switch on, and where in the body the refused value is, like schema problems.
    const errors = [{ pointer: error.pointer, in: 'body', detail: error.message }];
    return { kind: 'policy-violation', detail: error.message, extensions: { rule: error.rule, errors } };
  }
  if (isDevenvError(error)) {
    const envName = typeof error.context.envName === 'string' ? { envName: clip(error.context.envName, MAX_ECHOED_ENV_NAME) } : {};
    const errors = requestIssues(error);
    return { kind: BY_CODE[error.code] ?? 'internal', detail: error.message, extensions: { ...envName, ...(errors ? { errors } : {}) } };
  }
  if (error instanceof HTTPException) {
    // Raised by hono's own middleware; ours raise HttpError. Kept so no hono error escapes as text/plain.
    if (error.status === 413) return { kind: 'payload-too-large', detail: 'the request body is too large', extensions: {} };
    if (error.status === 400) return { kind: 'malformed-json', detail: error.message, extensions: {} };
  }
  return { kind: 'internal', detail: error instanceof Error ? error.message : String(error), extensions: {} };
}

/** Longest environment name or path echoed back: a 20 KB name is refused, not returned. */
const MAX_ECHOED_ENV_NAME = 80;
const MAX_ECHOED_PATH = 200;

/**
 * The engine's request refusals with the same `errors[]` entries schema validation gives: a name is the path's
 * `#/name`, other fields point into the body (`field` in the error's context).
 */
function requestIssues(error: DevenvError): ValidationIssue[] | undefined {
  if (error.code === 'invalid_name') return [{ in: 'path', pointer: '#/name', detail: error.message }];
  const { field } = error.context;
  if (error.code === 'invalid_request' && Array.isArray(field)) return [{ in: 'body', pointer: jsonPointer(field), detail: error.message }];
  return undefined;
}

const GENERIC_DETAIL: Partial<Record<ProblemKind, string>> = {
  'cloud-failure': 'an AWS call failed; nothing was left half-made on purpose, and retrying the same request is safe',
  'auth-unavailable': 'the identity provider could not be reached to verify the token; retry shortly',
};

/**
 * Turns any error into an RFC 9457 problem response. Details of 5xx are logged with the request id and replaced by a
 * generic message: AWS error text and resource ids stay in the logs.
 */
export function problemResponse(c: Context<AppEnv>, error: unknown, fallbackLogger?: Logger): Response {
  const { kind, detail, extensions } = classify(error);
  const { status, title } = PROBLEMS[kind];
  const requestId = c.get('requestId');
  const logger = c.get('logger') ?? fallbackLogger;
  const serverSide = status >= 500;
  if (serverSide) {
    logger?.error('request failed', { problem: kind, status, error });
  } else {
    logger?.info('request refused', { problem: kind, status, detail });
  }
  const shownDetail = serverSide
    ? `${GENERIC_DETAIL[kind] ?? 'devenv could not complete the request'}${requestId ? ` (request id ${requestId})` : ''}`
    : detail;
  const problem: Problem = {
    type: problemType(kind),
    title,
    status,
    detail: shownDetail,
    instance: clip(c.req.path, MAX_ECHOED_PATH),
    ...(requestId ? { requestId } : {}),
  };
  // Extensions never replace a standard member, and 5xx carry none (they could hold AWS details).
  if (!serverSide) for (const [key, value] of Object.entries(extensions)) if (!(key in problem)) problem[key] = value;
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  const retryAfter = RETRY_AFTER[kind];
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (error instanceof MethodNotAllowedError) headers.allow = error.allow.join(', ');
  if (kind === 'unauthorized') {
    const bearerError = error instanceof UnauthorizedError ? error.bearerError : undefined;
    headers['www-authenticate'] = bearerError ? `Bearer realm="devenv", error="${bearerError}"` : 'Bearer realm="devenv"';
  }
  return c.body(JSON.stringify(problem), status, headers);
}

/**
 * The one `onError` of the app: every error, from the domain, from validation or from a bug, leaves as a problem.
 *
 * @example
 * app.onError(createProblemHandler(logger));
 */
export function createProblemHandler(logger?: Logger): (error: Error, c: Context<AppEnv>) => Response {
  return (error, c) => problemResponse(c, error, logger);
}
