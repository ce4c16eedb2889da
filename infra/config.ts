import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseConfig, type DevenvConfig } from '../src/core/config.js';
import { InvalidConfigError } from '../src/core/errors.js';
import { readAuthConfig } from '../src/http/auth/config.js';
import { ALLOWED_REPOSITORY_PATTERN } from '../src/http/auth/repository.js';

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** EventBridge Scheduler's rate syntax wants the singular for 1 (`rate(1 minute)`) and the plural above. */
const SCHEDULE = /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\([^()]+\))$/;

const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN like arn:aws:iam::123456789012:role/web-task');

const deploySchema = z
  .object({
    /** CloudFormation stack name; `devenv`, or `devenv-<instance>` for another installation in the same account. */
    stackName: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a CloudFormation stack name').optional(),
    /** How often the sweep runs: an EventBridge Scheduler `rate(...)` or `cron(...)` expression. */
    sweepSchedule: z.string().regex(SCHEDULE, 'must be like rate(5 minutes), rate(1 hour) or cron(0/10 * * * ? *)').default('rate(5 minutes)'),
    logRetentionDays: z
      .number()
      .int()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(30),
    /**
     * Every IAM role the baseline task definitions use (task roles and execution roles), and any role a clone may run
     * with: registering a clone's revision passes them to ECS. Listed because synth is offline and cannot look them up.
     */
    passRoleArns: z.array(roleArn).default([]),
    /** An existing secret to use instead of the one the stack creates (its full ARN, with the random suffix). */
    secretArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/, 'must be a full Secrets Manager secret ARN (ending in -XXXXXX)')
      .optional(),
    /**
     * Reserved concurrency per function name, e.g. `{ "api": 20 }`: caps what a flood of requests to a public URL can
     * run (and cost, and spend of the account's AWS API rate). Unset: the account's shared pool.
     */
    reservedConcurrency: z.record(z.string(), z.number().int().min(1).max(1000)).default({}),
    /** GitHub Actions OIDC for the API (values, not secrets): the audience and the allowed `owner/name[#id]` repositories. */
    githubOidc: z
      .object({
        audience: z.string().min(1).max(256),
        repositories: z
          .array(z.string().regex(ALLOWED_REPOSITORY_PATTERN, 'must be owner/name#<repository id>, optionally =<name prefix>, like acme/web#123456789'))
          .min(1),
      })
      .strict()
      .superRefine((oidc, ctx) => {
        // The API reads these with this parser at every start and refuses to serve anyone when it throws.
        if (!oidc.repositories.every((entry) => ALLOWED_REPOSITORY_PATTERN.test(entry))) return;
        try {
          readAuthConfig({ DEVENV_OIDC_AUDIENCE: oidc.audience, DEVENV_OIDC_REPOSITORIES: oidc.repositories.join(',') }, { allowEmpty: true });
        } catch (error) {
          if (!(error instanceof InvalidConfigError)) throw error;
          const problems = (error.context as { problems?: string[] }).problems ?? [error.message];
          for (const problem of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['repositories'], message: problem });
        }
      })
      .optional(),
  })
  .strict();

export type DeploySettings = z.output<typeof deploySchema>;

export interface InfraConfig {
  /** The devenv configuration as written (the functions get exactly this as DEVENV_CONFIG and parse it themselves). */
  raw: Record<string, unknown>;
  /** The same, validated by the schema the functions use. */
  devenv: DevenvConfig;
  deploy: DeploySettings;
}

/**
 * Splits and validates the infra config file: a devenv configuration (src/core/config.ts, validated by `parseConfig`,
 * exactly as the functions will) plus a `deploy` section only the stack reads. Every problem names its field.
 *
 * @example
 * const { devenv, deploy } = parseInfraConfig(JSON.parse(readFileSync('infra/devenv.config.json', 'utf8')));
 */
export function parseInfraConfig(input: unknown): InfraConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidConfigError('invalid devenv configuration: (config): must be a JSON object');
  }
  const { deploy: rawDeploy, ...raw } = input as Record<string, unknown>;
  const problems: string[] = [];
  let devenv: DevenvConfig | undefined;
  try {
    devenv = parseConfig(raw);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    problems.push(...((error.context as { problems?: string[] }).problems ?? [error.message]));
  }
  const deploy = deploySchema.safeParse(rawDeploy ?? {});
  if (!deploy.success) {
    problems.push(...deploy.error.issues.map((issue) => `${['deploy', ...issue.path].join('.')}: ${issue.message}`));
  }
  if (problems.length > 0 || !devenv || !deploy.success) {
    throw new InvalidConfigError(`invalid devenv configuration: ${problems.join('; ')}`, { problems });
  }
  return { raw, devenv, deploy: deploy.data };
}

/** Reads and validates the config file; errors name the file and every field at fault. */
export function readInfraConfig(path: string): InfraConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidConfigError(
      `cannot read the devenv config ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): copy infra/devenv.config.example.json to infra/devenv.config.json, or set DEVENV_INFRA_CONFIG=<file> (with the CDK CLI: -c config=<file>)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseInfraConfig(parsed);
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new InvalidConfigError(`${path}: ${error.message}`, error.context);
    throw error;
  }
}
