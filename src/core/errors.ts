import type { PolicyRule } from './clone-policy.js';

/** Stable, machine-readable error codes. The HTTP and Slack edges map these in exactly one place each. */
export type ErrorCode =
  | 'invalid_name'
  | 'invalid_request'
  | 'policy_violation'
  | 'invalid_config'
  | 'not_found'
  | 'conflict'
  | 'busy'
  | 'quota_exceeded'
  | 'unsupported_network_mode'
  | 'forbidden'
  | 'cloud_failure';

export interface ErrorContext {
  envName?: string;
  /** Where in the request the refused value is, like `['images', 'web']`: the HTTP edge shows it as a JSON pointer. */
  field?: readonly string[];
  app?: string;
  resource?: string;
  [key: string]: unknown;
}

/** Base of every error devenv raises on purpose; anything else is a bug. */
export class DevenvError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DevenvError';
    this.code = code;
    this.context = options.context ?? {};
  }
}

export class InvalidNameError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('invalid_name', message, { context });
    this.name = 'InvalidNameError';
  }
}

export class InvalidRequestError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('invalid_request', message, { context });
    this.name = 'InvalidRequestError';
  }
}

/**
 * A well-formed request the app's clone policy does not allow (an image from another repository, a reserved or
 * secret variable). `rule` names the rule that refused it; `pointer` the refused part of the request (`#/images/web`).
 */
export class PolicyViolationError extends DevenvError {
  readonly rule: PolicyRule;
  readonly pointer: string;

  constructor(rule: PolicyRule, message: string, context: ErrorContext & { pointer: string }) {
    super('policy_violation', message, { context: { ...context, rule } });
    this.name = 'PolicyViolationError';
    this.rule = rule;
    this.pointer = context.pointer;
  }
}

export class InvalidConfigError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('invalid_config', message, { context });
    this.name = 'InvalidConfigError';
  }
}

export class NotFoundError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('not_found', message, { context });
    this.name = 'NotFoundError';
  }
}

/** Something else (not devenv, or another environment) holds a name devenv needs. */
export class ConflictError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('conflict', message, { context });
    this.name = 'ConflictError';
  }
}

/** Another devenv call is working on the same environment right now; retrying later is safe. */
export class BusyError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('busy', message, { context });
    this.name = 'BusyError';
  }
}

export class QuotaExceededError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('quota_exceeded', message, { context });
    this.name = 'QuotaExceededError';
  }
}

export class UnsupportedNetworkModeError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('unsupported_network_mode', message, { context });
    this.name = 'UnsupportedNetworkModeError';
  }
}

export class ForbiddenError extends DevenvError {
  constructor(message: string, context: ErrorContext = {}) {
    super('forbidden', message, { context });
    this.name = 'ForbiddenError';
  }
}

/** An AWS call failed for a reason devenv cannot fix by itself. `operation` names the call. */
export class CloudError extends DevenvError {
  readonly operation: string;

  constructor(operation: string, message: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super('cloud_failure', `${operation} failed: ${message}`, options);
    this.name = 'CloudError';
    this.operation = operation;
  }
}

/** Raised by a TrafficRouter when the listener already has a rule at the requested priority. */
export class PriorityTakenError extends DevenvError {
  readonly priority: number;

  constructor(priority: number, options: { cause?: unknown } = {}) {
    super('conflict', `listener rule priority ${priority} is already in use`, { context: { priority }, ...options });
    this.name = 'PriorityTakenError';
    this.priority = priority;
  }
}

/** Raised by DnsRecords when a record devenv wanted to create already exists. */
export class RecordExistsError extends DevenvError {
  constructor(host: string, options: { cause?: unknown } = {}) {
    super('conflict', `a DNS record for ${host} already exists`, { context: { resource: host }, ...options });
    this.name = 'RecordExistsError';
  }
}

/** Raised by a TrafficRouter when a target group name is taken by one with other settings. */
export class TargetGroupNameTakenError extends DevenvError {
  constructor(name: string, options: { cause?: unknown } = {}) {
    super('conflict', `target group name ${name} is already taken`, { context: { resource: name }, ...options });
    this.name = 'TargetGroupNameTakenError';
  }
}

export function isDevenvError(error: unknown): error is DevenvError {
  return error instanceof DevenvError;
}

/**
 * The hosts a failed `DnsRecords.remove` left in place (`context.hostsLeft`), when it could tell them from the others of
 * its request; undefined when it could not (then none of them is known to be gone).
 */
export function hostsLeftBy(error: unknown): string[] | undefined {
  const left = error instanceof DevenvError ? error.context.hostsLeft : undefined;
  return Array.isArray(left) && left.every((host) => typeof host === 'string') ? left : undefined;
}
