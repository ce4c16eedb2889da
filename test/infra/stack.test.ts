import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { DEPLOYED_FUNCTIONS, SLACK_FUNCTIONS, SWEEP_FUNCTION } from '../../infra/functions.js';
import { parseInfraConfig } from '../../infra/config.js';
import { exampleConfig, synth } from './template.js';

const deployed = synth();
const { template } = deployed;
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;

const [lockTableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));

function environmentOf(name: string): Record<string, unknown> {
  return resources[deployed.functionId(name)]!.Properties.Environment.Variables;
}

describe('Stack: DevenvStack', () => {
  describe('Functions', () => {
    it('deploys every function in functions.ts on Node.js 22 and arm64 with its memory and timeout', () => {
      template.resourceCountIs('AWS::Lambda::Function', DEPLOYED_FUNCTIONS.length);
      for (const spec of DEPLOYED_FUNCTIONS) {
        expect(resources[deployed.functionId(spec.name)]!.Properties).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: spec.memoryMiB,
          Timeout: spec.timeoutSeconds,
        });
      }
    });

    it('gives every function the validated config, the lock table to those that write, and no source-map flag (a cold-start cost)', () => {
      for (const spec of DEPLOYED_FUNCTIONS) {
        const environment = environmentOf(spec.name);
        const { deploy: _deploy, ...devenv } = exampleConfig();

        expect(JSON.parse(environment.DEVENV_CONFIG as string)).toEqual(devenv);
        expect(parseConfig(JSON.parse(environment.DEVENV_CONFIG as string)).cluster).toBe('dev');
        expect(environment).not.toHaveProperty('NODE_OPTIONS');
        if (spec.access.includes('lock') || spec.access.includes('replay')) expect(environment.DEVENV_LOCK_TABLE).toEqual({ Ref: lockTableId });
        else expect(environment).not.toHaveProperty('DEVENV_LOCK_TABLE');
      }
    });

    it('refuses at synth a config too large for Lambda\'s 4 KB of environment variables', () => {
      const raw = exampleConfig();
      raw.apps = Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`app-${index}`, { service: `service-with-a-long-name-${index}` }]));

      expect(() => synth(raw)).toThrow(/the api function's environment would take about \d+ bytes, over Lambda's 4096: the devenv configuration \(DEVENV_CONFIG\) is too large/);
    });

    it('reserves concurrency for the functions the config names, and refuses a name that is not deployed', () => {
      const raw = exampleConfig();
      raw.deploy.reservedConcurrency = { api: 20 };
      const capped = synth(raw).template.toJSON().Resources as typeof resources;
      raw.deploy.reservedConcurrency = { apy: 20 };

      expect(Object.values(capped).filter((resource) => resource.Type === 'AWS::Lambda::Function').map((resource) => resource.Properties.ReservedConcurrentExecutions)).toEqual(
        DEPLOYED_FUNCTIONS.map((spec) => (spec.name === 'api' ? 20 : undefined)),
      );
      expect(() => synth(raw)).toThrow(/deploy\.reservedConcurrency\.apy: no such function \(deployed: api, sweep, slack, slack-worker\)/);
    });

    it('deploys into the account and region of the listener it manages, whatever the deploying shell\'s defaults', () => {
      // `region` is optional in the config: without it the functions call the region they run in, and an
      // environment-agnostic stack runs in whatever region the deploying CLI defaults to (every call then misses the
      // cluster; the IAM statements name the listener's region). Credentials for another account deploy it there too.
      const raw = exampleConfig();
      delete raw.region;

      const { stack } = synth(raw);

      expect({ account: stack.account, region: stack.region }).toEqual({ account: '123456789012', region: 'eu-west-1' });
    });

    it('keeps each function\'s logs in its own log group with the configured retention', () => {
      const logGroups = template.findResources('AWS::Logs::LogGroup');
      expect(Object.values(logGroups).map((group) => group.Properties.RetentionInDays)).toEqual(DEPLOYED_FUNCTIONS.map(() => 30));
      const used = DEPLOYED_FUNCTIONS.map((spec) => resources[deployed.functionId(spec.name)]!.Properties.LoggingConfig.LogGroup.Ref);
      expect(new Set(used)).toEqual(new Set(Object.keys(logGroups)));
    });
  });

  describe('API', () => {
    it('serves the API on a public Function URL, which authenticates its callers itself', () => {
      template.hasResourceProperties('AWS::Lambda::Url', {
        AuthType: 'NONE',
        TargetFunctionArn: { 'Fn::GetAtt': [deployed.functionId('api'), 'Arn'] },
      });
      template.resourceCountIs('AWS::Lambda::Url', DEPLOYED_FUNCTIONS.filter((spec) => spec.url).length);
      template.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiFunctionUrl'), 'FunctionUrl'] } });
    });

    it('lets the API wait for an environment only as long as the function may run', () => {
      const api = resources[deployed.functionId('api')]!.Properties;

      expect(Number(api.Environment.Variables.DEVENV_MAX_WAIT_SECONDS)).toBeLessThan(api.Timeout);
    });

    it('passes the GitHub OIDC audience and repositories to the API only', () => {
      expect(environmentOf('api')).toMatchObject({
        DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com',
        DEVENV_OIDC_REPOSITORIES: 'acme/web#123456789,acme/api#987654321=api',
      });
      expect(environmentOf('sweep')).not.toHaveProperty('DEVENV_OIDC_AUDIENCE');
    });
  });

  describe('Sweep', () => {
    it('runs the sweep on the configured EventBridge Scheduler schedule', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(5 minutes)',
        State: 'ENABLED',
        Target: { Arn: { 'Fn::GetAtt': [deployed.functionId(SWEEP_FUNCTION.name), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } },
      });
      template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    });

    it('lets the schedule invoke the sweep and nothing else', () => {
      const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]!;
      const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
      const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
        policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId),
      );
      const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);

      expect(statements.map((statement: { Action: string }) => statement.Action)).toEqual(['lambda:InvokeFunction']);
      expect(JSON.stringify(statements[0].Resource)).not.toContain(deployed.functionId('api'));
    });

    it('turns off Lambda\'s own asynchronous retries of the sweep (the scheduler invokes it asynchronously)', () => {
      // The schedule's RetryPolicy covers only the delivery; a sweep that times out or throws is run again up to twice by
      // Lambda unless its EventInvokeConfig says otherwise, beside the next scheduled runs.
      const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).map((resource) => resource.Properties);
      const sweepConfig = configs.find((config) => config.FunctionName?.Ref === deployed.functionId(SWEEP_FUNCTION.name));

      expect(sweepConfig).toMatchObject({ MaximumRetryAttempts: 0 });
    });

    // Not fixed (a trade-off to choose): a run may last its 600 s timeout (360 s deadline + the last batch) while the
    // schedule starts another every 5 minutes, so two sweeps run at once, each with its own token buckets: the README's
    // budget counts one ("API reserved concurrency + 1 for the sweep").
    it('follows a different schedule when the config says so', () => {
      const raw = exampleConfig();
      raw.deploy.sweepSchedule = 'rate(15 minutes)';

      synth(raw).template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(15 minutes)' });
    });
  });

  describe('Shared state', () => {
    it('keeps the leases in a DynamoDB table keyed by pk with ttl as its TTL attribute', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
      });
    });
  });

  describe('Secrets', () => {
    it('creates the secret without a value and hands functions its ARN, never a secret', () => {
      const secrets = template.findResources('AWS::SecretsManager::Secret');
      const [secretId] = Object.keys(secrets);

      expect(Object.values(secrets)).toHaveLength(1);
      expect(secrets[secretId!]!.Properties).not.toHaveProperty('SecretString');
      expect(secrets[secretId!]!.Properties).not.toHaveProperty('GenerateSecretString');
      expect(environmentOf('api').DEVENV_SECRETS_ARN).toEqual({ Ref: secretId });
    });

    it('puts no secret value anywhere in the template', () => {
      const text = JSON.stringify(template.toJSON());

      expect(text).not.toMatch(/"SecretString"|"GenerateSecretString"|"SecretStringTemplate"|xox[abp]-/);
      for (const spec of DEPLOYED_FUNCTIONS) {
        const names = Object.keys(environmentOf(spec.name)).filter((name) => /TOKEN|SECRET|PASSWORD|KEY/.test(name));
        expect(names.filter((name) => name !== 'DEVENV_SECRETS_ARN')).toEqual([]);
      }
    });

    it('references an existing secret by ARN when the config names one, and creates none', () => {
      const raw = exampleConfig();
      const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:devenv/prod-AbC123';
      raw.deploy.secretArn = arn;

      const imported = synth(raw);

      imported.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(imported.statementsOf('api').find((statement) => statement.Sid === 'ReadSecrets')?.Resource).toEqual([arn]);
    });
  });

  describe('Slack (ready for feat/slack: SLACK_FUNCTIONS)', () => {
    // A set: once SLACK_FUNCTIONS are in DEPLOYED_FUNCTIONS, the same specs are not added twice.
    const withSlack = synth(exampleConfig(), [...new Set([...DEPLOYED_FUNCTIONS, ...SLACK_FUNCTIONS])]);
    const slackResources = withSlack.template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;

    it('serves the Slack receiver on its own Function URL and tells it the worker\'s name', () => {
      const receiver = slackResources[withSlack.functionId('slack')]!.Properties;

      withSlack.template.hasResourceProperties('AWS::Lambda::Url', {
        AuthType: 'NONE',
        TargetFunctionArn: { 'Fn::GetAtt': [withSlack.functionId('slack'), 'Arn'] },
      });
      expect(receiver.Environment.Variables.DEVENV_SLACK_WORKER_FUNCTION).toEqual({ Ref: withSlack.functionId('slack-worker') });
      expect(receiver.Environment.Variables.DEVENV_SECRETS_ARN).toEqual({ Ref: 'Secrets' });
    });

    it('lets the receiver invoke the worker, and nothing in ECS, ELBv2 or Route 53', () => {
      const statements = withSlack.statementsOf('slack');
      const invoke = statements.filter((statement) => statement.Action.includes('lambda:InvokeFunction'));

      expect(invoke.map((statement) => statement.Resource)).toEqual([[{ 'Fn::GetAtt': [withSlack.functionId('slack-worker'), 'Arn'] }]]);
      expect(statements.flatMap((statement) => statement.Action).filter((action) => /^(ecs|elasticloadbalancing|route53|iam):/.test(action))).toEqual([]);
    });

    it('gives the receiver the lock table for its replay check: the table\'s name, and its lease writes on that table only', () => {
      const receiver = slackResources[withSlack.functionId('slack')]!.Properties;
      const [tableId] = Object.keys(withSlack.template.findResources('AWS::DynamoDB::Table'));
      const lockStatements = withSlack.statementsOf('slack').filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));

      expect(receiver.Environment.Variables.DEVENV_LOCK_TABLE).toEqual({ Ref: tableId });
      expect(lockStatements.map(({ Action, Resource, Condition }) => ({ Action, Resource, Condition }))).toEqual([
        {
          Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
          Resource: [{ 'Fn::GetAtt': [tableId, 'Arn'] }],
          // Its replay leases only: never an environment's lease or the quota counts.
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['slack-replay#*'] } },
        },
      ]);
    });

    it('confines the environment functions\' lock table access to this installation\'s leases and counts item', () => {
      const identity = parseInfraConfig(exampleConfig()).devenv.installation;
      for (const name of ['api', 'sweep', 'slack-worker']) {
        const statements = withSlack.statementsOf(name).filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));

        expect(statements.map(({ Sid, Condition }) => ({ Sid, Condition })), name).toEqual([
          { Sid: 'LockTable', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`env#${identity}#*`] } } },
          { Sid: 'EnvironmentCounts', Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`quota#${identity}`] } } },
        ]);
      }
    });

    it('keeps the worker\'s failed asynchronous events in an SQS queue it may only send to', () => {
      const config = Object.values(withSlack.template.findResources('AWS::Lambda::EventInvokeConfig'))
        .map((resource) => resource.Properties)
        .find((properties) => properties.FunctionName?.Ref === withSlack.functionId('slack-worker'));
      const [queueId] = Object.keys(withSlack.template.findResources('AWS::SQS::Queue'));

      expect(config).toMatchObject({
        FunctionName: { Ref: withSlack.functionId('slack-worker') },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
      });
      expect(withSlack.statementsOf('slack-worker').filter((statement) => statement.Action.some((action) => action.startsWith('sqs:')))).toEqual([
        { Sid: 'KeepFailedEvents', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': [queueId, 'Arn'] }] },
      ]);
    });

    it('gives the worker the API\'s environment access, lock and secrets', () => {
      const actions = (name: string) => withSlack.statementsOf(name).filter((statement) => statement.Sid !== 'KeepFailedEvents' && statement.Sid).map((statement) => statement.Sid);

      expect(actions('slack-worker')).toEqual(actions('api'));
      expect(slackResources[withSlack.functionId('slack-worker')]!.Properties.Environment.Variables.DEVENV_LOCK_TABLE).toBeDefined();
    });
  });
});
