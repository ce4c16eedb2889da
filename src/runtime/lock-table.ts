import { InvalidConfigError } from '../core/errors.js';

/** The environment variable that names the DynamoDB table of the shared environment locks. */
export const LOCK_TABLE_VARIABLE = 'DEVENV_LOCK_TABLE';

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255}$/;

/**
 * The lock table of an engine on AWS. Required: without it, writes from two Lambda instances could overlap, so devenv
 * refuses to start rather than run unserialised.
 *
 * @example
 * const lockTable = readLockTable(process.env); // 'devenv-locks'
 */
export function readLockTable(env: NodeJS.ProcessEnv): string {
  const value = env[LOCK_TABLE_VARIABLE]?.trim();
  if (!value) {
    throw new InvalidConfigError(
      `environment variable ${LOCK_TABLE_VARIABLE} is required on AWS: the DynamoDB table (partition key "pk", type S) that serialises writes across Lambda instances`,
    );
  }
  if (!TABLE_NAME.test(value) && !TABLE_ARN.test(value)) {
    throw new InvalidConfigError(`${LOCK_TABLE_VARIABLE} must be a DynamoDB table name (3–255 letters, digits, _ . -) or table ARN, got "${value.slice(0, 80)}"`);
  }
  return value;
}
