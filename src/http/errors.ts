import type { ProblemKind } from '../contract/problem-types.js';
import { clip } from './json-pointer.js';

/** Longest path or method echoed in a detail, like `instance`: a 6 KB path is refused, not returned. */
const MAX_ECHOED_PATH = 200;
const MAX_ECHOED_METHOD = 20;

/**
 * Errors the HTTP edge raises itself (the domain's are `DevenvError`s). Each names the problem type it maps to in
 * `problem.ts`; the engine's `ErrorCode` union stays the domain's own.
 */
export type HttpProblemKind = Extract<
  ProblemKind,
  | 'invalid-request'
  | 'malformed-json'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'unauthorized'
  | 'route-not-found'
  | 'method-not-allowed'
  | 'auth-unavailable'
>;

export interface ValidationIssue {
  /** JSON Pointer into the request part, like `#/images/web` (RFC 6901, as RFC 9457's examples use). */
  pointer: string;
  /** Which part of the request: `body`, `query` or `path`. */
  in: 'body' | 'query' | 'path' | 'header';
  detail: string;
}

export class HttpError extends Error {
  readonly kind: HttpProblemKind;
  /** Extra members for the problem document (`errors`, for instance). */
  readonly extensions: Record<string, unknown>;

  constructor(kind: HttpProblemKind, message: string, options: { extensions?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.kind = kind;
    this.extensions = options.extensions ?? {};
  }
}

/** The request does not match the schema: wrong types, missing or unknown fields. */
export class RequestValidationError extends HttpError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[]) {
    const first = issues[0];
    const summary = first ? `${first.in} ${first.pointer}: ${first.detail}` : 'the request does not match the schema';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''}, listed in errors)` : '';
    super('invalid-request', `${summary}${more}`, { extensions: { errors: issues } });
    this.name = 'RequestValidationError';
    this.issues = issues;
  }
}

export class MalformedJsonError extends HttpError {
  constructor(message: string, cause?: unknown) {
    super('malformed-json', message, { cause });
    this.name = 'MalformedJsonError';
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(message: string) {
    super('unsupported-media-type', message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(maxBytes: number) {
    super('payload-too-large', `the request body is larger than ${maxBytes} bytes; send only app, ttl, images and environment`, {
      extensions: { maxBytes },
    });
    this.name = 'PayloadTooLargeError';
  }
}

/** No credentials, or credentials that do not prove who the caller is (401). */
export class UnauthorizedError extends HttpError {
  /** `invalid_token` when a token was presented (RFC 6750 §3.1), absent when there was none. */
  readonly bearerError: 'invalid_token' | undefined;

  constructor(message: string, options: { bearerError?: 'invalid_token'; cause?: unknown } = {}) {
    super('unauthorized', message, { cause: options.cause });
    this.name = 'UnauthorizedError';
    this.bearerError = options.bearerError;
  }
}

export class RouteNotFoundError extends HttpError {
  constructor(method: string, path: string) {
    super('route-not-found', `there is no route ${clip(method, MAX_ECHOED_METHOD)} ${clip(path, MAX_ECHOED_PATH)}; see /openapi.json`);
    this.name = 'RouteNotFoundError';
  }
}

/** The path is a route, but not for this method (405); `allow` lists the methods it has, for the `Allow` header. */
export class MethodNotAllowedError extends HttpError {
  readonly allow: readonly string[];

  constructor(method: string, path: string, allow: readonly string[]) {
    super('method-not-allowed', `${clip(method, MAX_ECHOED_METHOD)} is not allowed on ${clip(path, MAX_ECHOED_PATH)}; allowed: ${allow.join(', ')}`);
    this.name = 'MethodNotAllowedError';
    this.allow = allow;
  }
}

/** The identity provider's keys could not be fetched: the token may be fine, so this is not a 401. */
export class AuthUnavailableError extends HttpError {
  constructor(message: string, cause?: unknown) {
    super('auth-unavailable', message, { cause });
    this.name = 'AuthUnavailableError';
  }
}
