import { z } from 'zod';
import { normalizeRepository, OCI_REPOSITORY_PATTERN } from './image-reference.js';

/** Variables no request may set: the AWS SDKs and the ECS agent read them (credentials, region, endpoints, metadata). */
export const RESERVED_VARIABLE_PREFIXES = ['AWS_', 'ECS_'] as const;

export function isReservedVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_VARIABLE_PREFIXES.some((prefix) => upper.startsWith(prefix));
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
   * Variables a request may set: names, or prefixes ending in `*`. Absent: any name. Either way never `AWS_*` or
   * `ECS_*`, nor a name the baseline injects as a secret.
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
