import { z } from 'zod';
import { normalizeRepository, OCI_REPOSITORY_PATTERN } from './image-reference.js';

/** Variables no request may set: the AWS SDKs and the ECS agent read them (credentials, region, endpoints, metadata). */
export const RESERVED_VARIABLE_PREFIXES = ['AWS_', 'ECS_'] as const;

export function isReservedVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_VARIABLE_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/**
 * Variables that make a runtime or the dynamic loader run code of their value's choosing before the program (a module
 * to preload, a shell file to source, an agent): set on the baseline's own image they choose what code runs with its
 * role and secrets. Refused unless the app's `allowedVariables` names them: a list like this can never be complete, so
 * apps whose clones take variables from untrusted callers should list the ones they may set.
 */
const CODE_LOADING_VARIABLES: ReadonlySet<string> = new Set([
  'NODE_OPTIONS', 'NODE_PATH',
  'LD_PRELOAD', 'LD_LIBRARY_PATH', 'LD_AUDIT', 'GCONV_PATH',
  'BASH_ENV', 'ENV', 'PROMPT_COMMAND',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH',
  'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME',
  'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'RUBYOPT', 'RUBYLIB',
  'PHPRC', 'PHP_INI_SCAN_DIR',
  'DOTNET_STARTUP_HOOKS', 'COR_ENABLE_PROFILING', 'COR_PROFILER', 'COR_PROFILER_PATH',
]);
const CODE_LOADING_PREFIXES = ['DYLD_', 'CORECLR_'] as const;

export function isCodeLoadingVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return CODE_LOADING_VARIABLES.has(upper) || CODE_LOADING_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** `NAME`, or `PREFIX*` for every name starting with PREFIX. */
const VARIABLE_RULE = /^[A-Za-z_][A-Za-z0-9_]{0,254}\*?$/;

const repository = z
  .string()
  .max(255)
  .regex(OCI_REPOSITORY_PATTERN, 'must be an image repository without tag or digest, lowercase, like 123456789012.dkr.ecr.us-east-1.amazonaws.com/web')
  .transform(normalizeRepository);

const variableRule = z
  .string()
  .regex(VARIABLE_RULE, 'must be a variable name, or a prefix followed by *, like FEATURE_*')
  .refine((rule) => !isReservedVariable(rule), 'AWS_* and ECS_* variables can never be set by a request');

/**
 * The per-app clone policy fields of the configuration (`apps.<app>.…`): what a request may change in a clone of the
 * baseline, and the role the clone runs as.
 */
export const clonePolicyFields = {
  /**
   * Repositories (registry and path, no tag) a clone's images may come from, for every container of the app.
   * Absent: each container keeps its baseline's repository, and only the tag or digest may change.
   */
  allowedImageRepositories: z.array(repository).min(1).max(100).optional(),
  /**
   * Variables a request may set: names, or prefixes ending in `*`. Absent: any name but those that load code
   * (`NODE_OPTIONS`, `LD_PRELOAD`, `BASH_ENV`, …: `isCodeLoadingVariable`). Either way never `AWS_*` or `ECS_*`, nor a
   * name the baseline injects as a secret.
   */
  allowedVariables: z.array(variableRule).max(200).optional(),
  /**
   * The IAM role the clone's tasks run as instead of the baseline's task role (devenv needs iam:PassRole on it).
   * Absent: the baseline's.
   */
  cloneTaskRoleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN like arn:aws:iam::123456789012:role/devenv-clone')
    .optional(),
};
