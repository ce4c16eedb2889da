import { CfnOutput, Duration, RemovalPolicy, Stack, Token, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { InvalidConfigError } from '../src/core/errors.js';
import { functionCode } from './bundling.js';
import type { InfraConfig } from './config.js';
import { functionNameVariable, type FunctionSpec } from './functions.js';
import { installationIdentity } from './identity.js';
import { COUNTS_ACTIONS, countsKey, environmentLockKeys, environmentStatements, LOCK_ACTIONS, REPLAY_LEASE_KEYS, policyScope, SECRET_ACTIONS, sweepStatements, type StatementJson } from './permissions.js';

/** Lambda refuses a function whose environment variables (names and values) exceed 4 KB. */
const LAMBDA_ENVIRONMENT_LIMIT = 4096;
/** What an unresolved reference (an ARN, a table or function name) may take once deployed. */
const TOKEN_ALLOWANCE = 256;

export interface DevenvStackProps extends StackProps {
  config: InfraConfig;
  /** The functions to deploy: DEPLOYED_FUNCTIONS from functions.ts. */
  functions: readonly FunctionSpec[];
  /** Builds a function's code; the project's esbuild bundle by default. */
  code?: (spec: FunctionSpec) => lambda.Code;
}

/**
 * Everything devenv runs on: one Lambda function per entry in `functions`, each with its own role holding only its
 * statements, its own log group, the lock table, the secret, the sweep schedule and the Function URLs.
 *
 * @example
 * new DevenvStack(app, 'devenv', { config: readInfraConfig('infra/devenv.config.json'), functions: DEPLOYED_FUNCTIONS });
 */
export class DevenvStack extends Stack {
  readonly functions = new Map<string, lambda.Function>();

  constructor(scope: Construct, id: string, props: DevenvStackProps) {
    // Where the listener is: the functions call the region they run in when the config names none, and the IAM
    // statements name the listener's account and region. Credentials for another account now fail the deploy instead.
    const where = policyScope(props.config.devenv, installationIdentity(props.config.devenv), []);
    super(scope, id, { env: { account: where.account, region: where.region }, ...props });
    const { config, functions, code = (spec: FunctionSpec) => functionCode(spec.name) } = props;
    const identity = installationIdentity(config.devenv);
    // The baseline task definitions' roles (listed: synth is offline), and each app's clone task role from its policy.
    const cloneRoles = Object.values(config.devenv.apps).flatMap((app) => (app.cloneTaskRoleArn ? [app.cloneTaskRoleArn] : []));
    const policy = policyScope(config.devenv, identity, [...new Set([...config.deploy.passRoleArns, ...cloneRoles])]);

    const lockTable = new dynamodb.Table(this, 'LockTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'ttl',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Leases live seconds; nothing in the table outlives the stack's purpose.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const secretArn = config.deploy.secretArn ?? this.#emptySecret().ref;

    const statementsFor = (spec: FunctionSpec): StatementJson[] =>
      spec.access.flatMap((access): StatementJson[] => {
        switch (access) {
          case 'environments':
            return environmentStatements(policy);
          case 'sweep':
            // The sweep sends (and records on the services' tags) Slack notices whenever its secret holds a bot token, which
            // synth cannot see: a `slack` section only changes their settings.
            return sweepStatements({ ...policy, slackNotices: policy.slackNotices || spec.access.includes('secrets') });
          case 'lock':
            return [
              {
                Sid: 'LockTable',
                Effect: 'Allow',
                Action: [...LOCK_ACTIONS],
                Resource: [lockTable.tableArn],
                Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [environmentLockKeys(policy.identity)] } },
              },
            ];
          case 'replay':
            return [
              {
                Sid: 'ReplayLeases',
                Effect: 'Allow',
                Action: [...LOCK_ACTIONS],
                Resource: [lockTable.tableArn],
                Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [REPLAY_LEASE_KEYS] } },
              },
            ];
          case 'counts':
            return [
              {
                Sid: 'EnvironmentCounts',
                Effect: 'Allow',
                Action: [...COUNTS_ACTIONS],
                Resource: [lockTable.tableArn],
                Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [countsKey(policy.identity)] } },
              },
            ];
          case 'secrets':
            return [{ Sid: 'ReadSecrets', Effect: 'Allow', Action: [...SECRET_ACTIONS], Resource: [secretArn] }];
        }
      });

    for (const name of Object.keys(config.deploy.reservedConcurrency)) {
      if (!functions.some((spec) => spec.name === name)) {
        throw new InvalidConfigError(
          `invalid devenv configuration: deploy.reservedConcurrency.${name}: no such function (deployed: ${functions.map((spec) => spec.name).join(', ')})`,
        );
      }
    }

    // Invoked functions first, so an invoker can be given their names.
    const ordered = [...functions].sort((a, b) => Number(Boolean(a.invokes?.length)) - Number(Boolean(b.invokes?.length)));
    for (const spec of ordered) {
      const id = constructId(spec.name);
      const logGroup = new logs.LogGroup(this, `${id}Logs`, {
        retention: config.deploy.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      const role = new iam.Role(this, `${id}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `devenv ${spec.name}: only the actions it calls`,
      });
      logGroup.grantWrite(role);
      for (const statement of statementsFor(spec)) role.addToPolicy(iam.PolicyStatement.fromJson(statement));

      const invoked = (spec.invokes ?? []).map((name) => {
        const target = this.functions.get(name);
        if (!target) throw new InvalidConfigError(`function ${spec.name} invokes ${name}, which is not deployed`);
        role.addToPolicy(
          new iam.PolicyStatement({ sid: `Invoke${constructId(name)}`, actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }),
        );
        return [functionNameVariable(name), target.functionName] as const;
      });

      const environment: Record<string, string> = {
        // No NODE_OPTIONS=--enable-source-maps: Node would parse each bundle's map at every cold start (some 70 ms of
        // the API's); error lines map their stacks through the map beside the bundle when they are logged instead.
        // Exactly the validated file's devenv part: the function parses it with the same schema at start.
        DEVENV_CONFIG: JSON.stringify(config.raw),
        ...(spec.access.includes('lock') || spec.access.includes('replay') ? { DEVENV_LOCK_TABLE: lockTable.tableName } : {}),
        ...(spec.access.includes('secrets') ? { DEVENV_SECRETS_ARN: secretArn } : {}),
        ...(spec.url && spec.access.includes('environments') && config.deploy.githubOidc
          ? {
              DEVENV_OIDC_AUDIENCE: config.deploy.githubOidc.audience,
              DEVENV_OIDC_REPOSITORIES: config.deploy.githubOidc.repositories.join(','),
            }
          : {}),
        ...Object.fromEntries(invoked),
        ...spec.environment,
      };
      assertEnvironmentFits(spec.name, environment);

      const fn = new lambda.Function(this, id, {
        description: spec.description,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: 'index.handler',
        code: code(spec),
        memorySize: spec.memoryMiB,
        timeout: Duration.seconds(spec.timeoutSeconds),
        role,
        logGroup,
        environment,
        ...(config.deploy.reservedConcurrency[spec.name] !== undefined
          ? { reservedConcurrentExecutions: config.deploy.reservedConcurrency[spec.name] }
          : {}),
      });
      this.functions.set(spec.name, fn);

      if (spec.keepFailedEvents) this.#keepFailedEvents(id, fn, role);
      if (spec.url) {
        // The function authenticates every caller itself (bearer tokens, GitHub OIDC, Slack signatures).
        const url = fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
        new CfnOutput(this, `${id}Url`, { value: url.url, description: `HTTPS endpoint of the ${spec.name} function` });
      }
      if (spec.scheduled) {
        new scheduler.Schedule(this, `${id}Schedule`, {
          description: `runs devenv ${spec.name}`,
          schedule: scheduler.ScheduleExpression.expression(config.deploy.sweepSchedule),
          // The next run comes within minutes and starts over; a late or retried run would only pile up behind it.
          target: new targets.LambdaInvoke(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(5) }),
        });
        // The scheduler invokes asynchronously: Lambda itself would run a failed or timed-out sweep twice more, beside the
        // next scheduled runs (the RetryPolicy above covers only the delivery).
        fn.configureAsyncInvoke({ retryAttempts: 0 });
      }
    }

    new CfnOutput(this, 'SecretArn', { value: secretArn, description: 'Secrets Manager secret: put its JSON value before first use' });
    new CfnOutput(this, 'LockTableName', { value: lockTable.tableName });
  }

  /**
   * The secret, created without a value (no SecretString, no generated one): the operator puts the JSON value with
   * `aws secretsmanager put-secret-value`, so no secret ever passes through the repository or the template.
   */
  #emptySecret(): secretsmanager.CfnSecret {
    return new secretsmanager.CfnSecret(this, 'Secrets', {
      description: 'devenv: JSON with SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, DEVENV_API_TOKENS (token hashes)',
    });
  }

  /** Events still failing after Lambda's two retries land in a queue for 14 days instead of being dropped. */
  #keepFailedEvents(id: string, fn: lambda.Function, role: iam.Role): void {
    const queue = new sqs.Queue(this, `${id}FailedEvents`, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // Only SendMessage (a destination needs nothing else), rather than grantSendMessages' extra reads.
    role.addToPolicy(new iam.PolicyStatement({ sid: 'KeepFailedEvents', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: { bind: () => ({ destination: queue.queueArn }) },
    });
    new CfnOutput(this, `${id}FailedEventsQueue`, { value: queue.queueUrl, description: `${fn.node.id}: events that failed every retry` });
  }
}

/** `slack-worker` → `SlackWorker`. */
function constructId(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

function assertEnvironmentFits(name: string, environment: Record<string, string>): void {
  const size = Object.entries(environment).reduce(
    (total, [key, value]) => total + key.length + (Token.isUnresolved(value) ? TOKEN_ALLOWANCE : Buffer.byteLength(value)),
    0,
  );
  if (size > LAMBDA_ENVIRONMENT_LIMIT) {
    throw new InvalidConfigError(
      `the ${name} function's environment would take about ${size} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_LIMIT}: the devenv configuration (DEVENV_CONFIG) is too large; shorten it (defaults need not be written)`,
    );
  }
}
