import { z } from 'zod';
import { InvalidConfigError } from './errors.js';
import { clonePolicyFields } from './clone-policy-config.js';
import { parseDuration } from './duration.js';
import { installationIdentity } from './installation.js';
import { assertValidAppName } from './names.js';

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    return z.NEVER;
  }
});

const appName = z.string().superRefine((name, ctx) => {
  try {
    assertValidAppName(name);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
  }
});

const appSchema = z
  .object({
    /** The baseline ECS service to clone. */
    service: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be an ECS service name'),
    /** The container that takes traffic; defaults to the baseline service's load balancer container. */
    container: z.string().min(1).max(255).optional(),
    /** Its container port; defaults to the baseline service's load balancer port. */
    port: z.number().int().min(1).max(65535).optional(),
    /** host network mode only: set when the clone's ports are known to be free on the instances it may land on. */
    hostPortsFree: z.boolean().default(false),
    /** What a request may change in a clone, and the role it runs as (`clone-policy-config.ts`). */
    ...clonePolicyFields,
  })
  .strict();

const hostname = z
  .string()
  .transform((name) => name.toLowerCase().replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .max(200)
      .regex(/^(?=.{1,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, 'must be a DNS name with at least one dot, like dev.example.com'),
  );

/**
 * One service's client-side token bucket, in read-equivalent requests. The ceilings are AWS's documented per-account
 * rates for that service: one process configured to take all of them leaves nothing for the team's own deployments.
 */
const bucketRate = (
  ceiling: { perSecond: number; burst: number },
  fallback: { perSecond: number; burst: number },
  documented = true,
) =>
  z
    .object({
      perSecond: z
        .number()
        .positive()
        .max(ceiling.perSecond, documented ? `must not exceed AWS's documented per-account rate (${ceiling.perSecond}/s)` : `must be at most ${ceiling.perSecond}`),
      burst: z
        .number()
        .min(1)
        .max(ceiling.burst, documented ? `must not exceed AWS's documented per-account burst (${ceiling.burst})` : `must be at most ${ceiling.burst}`),
    })
    .strict()
    .default(fallback);

/** How devenv spends the account's AWS API rate: one retry layer, and a token bucket per service and process. */
const awsCallsSchema = z
  .object({
    /** Requests one AWS call may send in all, the first included (the SDK clients themselves never retry). */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    rateLimits: z
      .object({
        ecs: bucketRate({ perSecond: 20, burst: 100 }, { perSecond: 4, burst: 20 }),
        elbv2: bucketRate({ perSecond: 10, burst: 40 }, { perSecond: 2, burst: 8 }),
        route53: bucketRate({ perSecond: 10, burst: 50 }, { perSecond: 2, burst: 10 }),
        // The lock table is devenv's own: its capacity, not a per-account API rate, bounds it.
        dynamodb: bucketRate({ perSecond: 1000, burst: 2000 }, { perSecond: 20, burst: 40 }, false),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

const slackSchema = z
  .object({
    /** Slack user ids (`U…`, `W…` on Enterprise Grid) with admin rights in `/devenv`, like an admin API token's. */
    admins: z.array(z.string().regex(/^[UW][A-Z0-9]{2,39}$/, 'must be a Slack user id like U0123ABCD')).default([]),
    /** How long before expiry a Slack user's environment warns its owner. */
    warnBefore: duration.default('1h'),
    /** app → Slack channel id (`C…`) that hears "pr-42 is ready / expired" about CI environments of that app. */
    noticeChannels: z.record(z.string(), z.string().regex(/^[CG][A-Z0-9]{2,39}$/, 'must be a Slack channel id like C0123ABCD')).default({}),
  })
  .strict();

const configSchema = z
  .object({
    /** Readable start of the installation's identity (`installation`, derived from it and where devenv works). */
    instance: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$/, 'must be 2–32 lowercase letters, digits or hyphens').default('devenv'),
    region: z.string().optional(),
    cluster: z.string().min(1),
    // An Application Load Balancer's listener (host-header rules exist only there), not its load balancer or a target group.
    listenerArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/app\/[^/]+\/[^/]+\/[^/]+$/,
        'must be an ELBv2 listener ARN of an Application Load Balancer, like arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/dev-alb/0123456789abcdef/fedcba9876543210',
      ),
    hostedZoneId: z
      .string()
      .transform((id) => id.replace(/^\/hostedzone\//, ''))
      .pipe(z.string().regex(/^[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id like Z0123456789ABC')),
    baseDomain: hostname,
    apps: z.record(appName, appSchema).refine((apps) => Object.keys(apps).length > 0, 'must name at least one app'),
    ttl: z
      .object({ default: duration.default('48h'), max: duration.default('7d') })
      .strict()
      .default({})
      .refine((ttl) => ttl.default <= ttl.max, 'default must not be longer than max'),
    limits: z
      .object({
        perOwner: z.number().int().min(1).default(5),
        total: z.number().int().min(1).max(100).default(50),
      })
      .strict()
      .default({}),
    rulePriorities: z
      .object({ min: z.number().int().min(1).max(50_000).default(1), max: z.number().int().min(1).max(50_000).default(50_000) })
      .strict()
      .default({})
      .refine((range) => range.min <= range.max, 'min must not exceed max'),
    targetGroup: z
      .object({
        healthCheckIntervalSeconds: z.number().int().min(5).max(300).default(5),
        healthCheckTimeoutSeconds: z.number().int().min(2).max(120).default(4),
        healthyThreshold: z.number().int().min(2).max(10).default(2),
        unhealthyThreshold: z.number().int().min(2).max(10).default(2),
        deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(5),
      })
      .strict()
      .default({})
      .refine((tg) => tg.healthCheckTimeoutSeconds < tg.healthCheckIntervalSeconds, 'healthCheckTimeoutSeconds must be less than healthCheckIntervalSeconds'),
    /** Half-made resources younger than this are left alone by the sweep: a create may still be running. */
    orphanGraceMinutes: z.number().int().min(1).max(1440).default(15),
    dnsTtlSeconds: z.number().int().min(0).max(86_400).default(60),
    /** How environment URLs are shown: the scheme the listener serves. */
    urlScheme: z.enum(['https', 'http']).default('https'),
    awsCalls: awsCallsSchema,
    /** Settings of the Slack app (`/devenv`); optional: without it Slack users are never admins and get default warnings. */
    slack: slackSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const app of Object.keys(config.slack?.noticeChannels ?? {})) {
      if (!Object.hasOwn(config.apps, app)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['slack', 'noticeChannels', app], message: 'is not an app of apps' });
      }
    }
  });

export type DevenvConfig = z.output<typeof configSchema> & {
  /**
   * This installation's identity, derived at parse and never configured (see `installationIdentity`): the value of the
   * `devenv:managed-by` tag and of the DNS ownership records' `managed-by=`; every list, sweep and delete is scoped to it.
   */
  installation: string;
};
export type AppConfig = DevenvConfig['apps'][string];
export type SlackConfig = z.output<typeof slackSchema>;
export type DevenvConfigInput = z.input<typeof configSchema>;

/**
 * Validates configuration once, at start. Every problem is reported with the field it is in.
 *
 * @example
 * const config = parseConfig(JSON.parse(process.env.DEVENV_CONFIG!));
 */
export function parseConfig(raw: unknown): DevenvConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new InvalidConfigError(`invalid devenv configuration: ${problems.join('; ')}`, { problems });
  }
  return { ...result.data, installation: installationIdentity(result.data) };
}
