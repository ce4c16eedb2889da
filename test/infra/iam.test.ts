import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYED_FUNCTIONS, SLACK_FUNCTIONS } from '../../infra/functions.js';
import { TAG } from '../../src/core/tags.js';
import { parseInfraConfig } from '../../infra/config.js';
import { environmentStatements, policyScope, sweepStatements } from '../../infra/permissions.js';
import { actionsCalled, type CallWithInput } from './calls.js';
import { allStatements, exampleConfig, synth, type Statement } from './template.js';

/** Every function, the Slack pair included whether or not it is deployed yet (a set: never the same spec twice). */
const ALL_FUNCTIONS = [...new Set([...DEPLOYED_FUNCTIONS, ...SLACK_FUNCTIONS])];
const deployed = synth(exampleConfig(), ALL_FUNCTIONS);
/** Core's installation identity for the example config (`devenv-` and a hash of where it works). */
const IDENTITY = parseInfraConfig(exampleConfig()).devenv.installation;

/** Services whose calls the engine makes through its adapters (src/aws/*.ts), the lock table's included. */
const CLOUD_ACTION = /^(ecs|elasticloadbalancing|route53|dynamodb):/;
/**
 * Permissions granted beyond the calls the scenario observes: tag-on-create (AWS checks it beside a call rather than for a
 * call of its own), and ListTaskDefinitions, which a destroy sends only when the environment's service is gone already (a
 * destroy that stopped half-way searches the app's family for its revisions).
 */
const IMPLIED = new Set(['elasticloadbalancing:AddTags', 'ecs:ListTaskDefinitions']);
/** Actions that change or remove what exists, or make something new, in the dev cluster's services. */
const CHANGES = /^(ecs|elasticloadbalancing):(Create|Delete|Deregister|Update|Modify|Register|TagResource|AddTags|RemoveTags|UntagResource)/;
/**
 * The one change AWS lets no policy scope: DeregisterTaskDefinition takes neither a resource ARN nor a tag condition
 * (Service Authorization Reference). The engine deregisters only revisions tagged as its own; docs/iam.md says so.
 */
const UNSCOPABLE = new Set(['ecs:DeregisterTaskDefinition']);

function actionsOf(statements: Statement[]): string[] {
  return [...new Set(statements.flatMap((statement) => statement.Action))].sort();
}

function tagConditionOf(statement: Statement): string | undefined {
  const equals = { ...statement.Condition?.StringEquals };
  const value = equals[`aws:ResourceTag/${TAG.managedBy}`] ?? equals[`aws:RequestTag/${TAG.managedBy}`];
  return typeof value === 'string' ? value : undefined;
}

describe('IAM: each function may do only what it calls', () => {
  let called: Awaited<ReturnType<typeof actionsCalled>>;
  beforeAll(async () => {
    called = await actionsCalled();
  });

  it('grants the API exactly the cloud actions the engine calls for create, update, get, list, extend and destroy', () => {
    const granted = actionsOf(deployed.statementsOf('api')).filter((action) => CLOUD_ACTION.test(action));

    expect(granted).toEqual([...called.api, ...IMPLIED].sort());
  });

  it('grants the sweep exactly the cloud actions a sweep calls, and no create or tagging action', () => {
    // Recording Slack notices (tested below) is the sweep's one tagging, outside this scenario.
    const statements = deployed.statementsOf('sweep').filter((statement) => statement.Sid !== 'EcsRecordNoticesOnOwnServices');
    const granted = actionsOf(statements).filter((action) => CLOUD_ACTION.test(action));

    expect(granted).toEqual([...called.sweep].sort());
    expect(granted.filter((action) => /:(Create|Register|TagResource|AddTags|Modify)/.test(action))).toEqual([]);
  });

  it('grants each function exactly these actions', () => {
    const grants = Object.fromEntries(
      ALL_FUNCTIONS.map((spec) => [spec.name, actionsOf(deployed.statementsOf(spec.name)).filter((action) => !CLOUD_ACTION.test(action))]),
    );

    // Lock-table writes (CLOUD_ACTION) are checked per function too: the Slack receiver takes its replay leases there.
    const lockUsers = ALL_FUNCTIONS.filter((spec) => actionsOf(deployed.statementsOf(spec.name)).includes('dynamodb:PutItem')).map((spec) => spec.name);
    expect(lockUsers).toEqual(['api', 'sweep', 'slack', 'slack-worker']);
    expect(grants).toEqual({
      api: ['iam:PassRole', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue'],
      sweep: ['logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue'],
      slack: ['lambda:InvokeFunction', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:GetSecretValue'],
      'slack-worker': [
        'iam:PassRole',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
      ],
    });
  });

  it('has no wildcard action anywhere in the template', () => {
    const wildcards = allStatements(deployed.template).flatMap((statement) => statement.Action.filter((action) => action.includes('*')));

    expect(wildcards).toEqual([]);
  });

  it('conditions every ECS and ELBv2 change on this installation\'s tag, on the resource or in the request', () => {
    const unconditioned = allStatements(deployed.template)
      .filter((statement) => statement.Action.some((action) => CHANGES.test(action) && !UNSCOPABLE.has(action)))
      .filter((statement) => tagConditionOf(statement) !== IDENTITY)
      .map((statement) => statement.Sid);

    expect(unconditioned).toEqual([]);
  });

  it('has no delete without a tag condition, except on the stack\'s own lock table and the one AWS cannot scope', () => {
    const lockTable = Object.keys(deployed.template.findResources('AWS::DynamoDB::Table'))[0];
    const unconditioned = allStatements(deployed.template).filter(
      (statement) =>
        statement.Action.some((action) => /:(Delete|Deregister|Remove|Untag)/.test(action) && !UNSCOPABLE.has(action)) &&
        tagConditionOf(statement) === undefined &&
        !statement.Condition?.['ForAllValues:StringLike']?.['route53:ChangeResourceRecordSetsNormalizedRecordNames'],
    );

    expect(unconditioned.map((statement) => ({ action: statement.Action, resource: statement.Resource }))).toEqual(
      unconditioned.map(() => ({ action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], resource: [{ 'Fn::GetAtt': [lockTable, 'Arn'] }] })),
    );
    const deregister = allStatements(deployed.template).filter((statement) => statement.Action.includes('ecs:DeregisterTaskDefinition'));
    expect(deregister.map((statement) => statement.Action)).toEqual(deregister.map(() => ['ecs:DeregisterTaskDefinition']));
  });

  it('scopes ECS service actions to the dev cluster and ELBv2 changes to devenv\'s target groups and the listener', () => {
    const statements = deployed.statementsOf('api');
    const resourcesOf = (action: string) => [...new Set(statements.filter((statement) => statement.Action.includes(action)).flatMap((statement) => statement.Resource))];

    for (const action of ['ecs:CreateService', 'ecs:UpdateService', 'ecs:DeleteService', 'ecs:DescribeServices']) {
      expect(resourcesOf(action)).toEqual(['arn:aws:ecs:eu-west-1:123456789012:service/dev/*']);
    }
    // The listener and its rules (AWS may authorize a CreateRule against either): never another listener's
    expect(resourcesOf('elasticloadbalancing:CreateRule')).toEqual([
      exampleConfig().listenerArn,
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/dev-alb/0123456789abcdef/fedcba9876543210/*',
    ]);
    expect(resourcesOf('elasticloadbalancing:DeleteRule')).toEqual([
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/dev-alb/0123456789abcdef/fedcba9876543210/*',
    ]);
    for (const action of ['elasticloadbalancing:CreateTargetGroup', 'elasticloadbalancing:DeleteTargetGroup', 'elasticloadbalancing:ModifyTargetGroupAttributes']) {
      expect(resourcesOf(action)).toEqual(['arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/dv-*/*']);
    }
  });

  it('allows tagging on create only as part of devenv\'s own creates, and retagging only of its own services', () => {
    const tagging = deployed.statementsOf('api').filter((statement) => statement.Action.includes('ecs:TagResource') || statement.Action.includes('elasticloadbalancing:AddTags'));

    expect(tagging.map((statement) => statement.Condition)).toEqual([
      { StringEquals: { 'ecs:CreateAction': ['CreateService', 'RegisterTaskDefinition'], [`aws:RequestTag/${TAG.managedBy}`]: IDENTITY } },
      { StringEquals: { [`aws:ResourceTag/${TAG.managedBy}`]: IDENTITY }, StringEqualsIfExists: { [`aws:RequestTag/${TAG.managedBy}`]: IDENTITY } },
      { StringEquals: { 'elasticloadbalancing:CreateAction': ['CreateTargetGroup', 'CreateRule'], [`aws:RequestTag/${TAG.managedBy}`]: IDENTITY } },
    ]);
  });

  it('limits Route 53 changes to the hosted zone and to names under the base domain, and the sweep to deletes', () => {
    const changes = (name: string) => deployed.statementsOf(name).filter((statement) => statement.Action.includes('route53:ChangeResourceRecordSets'));

    for (const [name, actions] of [['api', ['CREATE', 'DELETE']], ['sweep', ['DELETE']]] as const) {
      expect(changes(name)).toEqual([
        expect.objectContaining({
          Resource: ['arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ'],
          Condition: {
            'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['*.dev.example.com'] },
            'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'TXT'], 'route53:ChangeResourceRecordSetsActions': actions },
          },
        }),
      ]);
    }
  });

  it('passes only the configured task roles, and only to ECS tasks', () => {
    const passRole = allStatements(deployed.template).filter((statement) => statement.Action.includes('iam:PassRole'));

    expect(passRole).toHaveLength(2);
    for (const statement of passRole) {
      expect(statement).toMatchObject({
        Action: ['iam:PassRole'],
        Resource: exampleConfig().deploy.passRoleArns,
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      });
    }
  });

  it('may also pass an app\'s clone task role, from its clone policy', () => {
    const raw = exampleConfig();
    raw.apps.web.cloneTaskRoleArn = 'arn:aws:iam::123456789012:role/devenv-clone';

    const passRole = synth(raw).statementsOf('api').find((statement) => statement.Action.includes('iam:PassRole'));

    expect(passRole?.Resource).toEqual([...exampleConfig().deploy.passRoleArns, 'arn:aws:iam::123456789012:role/devenv-clone']);
  });

  it('reads the one secret and writes the one lock table, nothing wider', () => {
    const statements = allStatements(deployed.template);
    const secretReads = statements.filter((statement) => statement.Action.includes('secretsmanager:GetSecretValue'));
    const lockWrites = statements.filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));

    expect(new Set(secretReads.map((statement) => JSON.stringify(statement.Resource)))).toEqual(new Set([JSON.stringify([{ Ref: 'Secrets' }])]));
    expect(new Set(lockWrites.map((statement) => JSON.stringify(statement.Resource))).size).toBe(1);
  });

  it('compares against the installation identity of the config it was synthesized from', () => {
    const raw = exampleConfig();
    raw.instance = 'team-a';

    const other = synth(raw);
    const identities = new Set(other.statementsOf('api').map(tagConditionOf).filter(Boolean));

    expect(identities).toEqual(new Set([parseInfraConfig(raw).devenv.installation]));
    expect([...identities][0]).toMatch(/^team-a-[0-9a-f]{10}$/);
  });

  it('sees every create the engine makes carry this installation\'s tag, as the create statements demand', () => {
    const creates = ['ecs:CreateService', 'ecs:RegisterTaskDefinition', 'elasticloadbalancing:CreateTargetGroup', 'elasticloadbalancing:CreateRule'];
    const made = called.inputs.get('api')!.filter((call) => creates.includes(call.action));
    const managedBy = (call: CallWithInput) =>
      [...(call.input.tags ?? []), ...(call.input.Tags ?? [])].find((tag: { key?: string; Key?: string }) => (tag.key ?? tag.Key) === TAG.managedBy);

    expect(new Set(made.map((call) => call.action))).toEqual(new Set(creates));
    for (const call of made) expect(managedBy(call), call.action).toMatchObject(call.input.tags ? { value: called.config.installation } : { Value: called.config.installation });
  });

  it('lets the sweep tag its own services with devenv:notice:* keys only, and only when Slack is configured', () => {
    const withoutSlack = sweepStatements(policyScope(called.config, IDENTITY, []));
    const withSlack = sweepStatements({ ...policyScope(called.config, IDENTITY, []), slackNotices: true });

    expect(actionsOf(withoutSlack)).not.toContain('ecs:TagResource');
    const tagging = withSlack.filter((statement) => statement.Action.includes('ecs:TagResource'));
    expect(tagging).toHaveLength(1);
    expect(tagging[0]!.Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/${TAG.managedBy}`]: IDENTITY },
      'ForAllValues:StringLike': { 'aws:TagKeys': ['devenv:notice:*'] },
    });
  });

  it('lets the deployed sweep record its Slack notices on its own services, though the config has no slack section', () => {
    // The sweep sends expiry warnings whenever SLACK_BOT_TOKEN is in the secret (slack.warnBefore defaults to 1h) and
    // records each with ecs:TagResource before it posts (src/core/notices.ts): granted only for a `slack` section, every
    // warning failed with AccessDenied and no owner was ever warned.
    expect(exampleConfig()).not.toHaveProperty('slack');

    const tagging = deployed.statementsOf('sweep').filter((statement) => statement.Action.includes('ecs:TagResource'));

    expect(tagging.map(({ Resource, Condition }) => ({ Resource, Condition }))).toEqual([
      {
        Resource: ['arn:aws:ecs:eu-west-1:123456789012:service/dev/*'],
        Condition: { StringEquals: { [`aws:ResourceTag/${TAG.managedBy}`]: IDENTITY }, 'ForAllValues:StringLike': { 'aws:TagKeys': ['devenv:notice:*'] } },
      },
    ]);
  });

  it('sees every DNS change the engine makes fit the zone, names, record types and actions its function may change', () => {
    const scope = policyScope(called.config, called.config.installation, []);
    for (const [phase, statements] of [['api', environmentStatements(scope)], ['sweep', sweepStatements(scope)]] as const) {
      const allowed = statements.find((statement) => statement.Action.includes('route53:ChangeResourceRecordSets'))!;
      const [pattern] = allowed.Condition!['ForAllValues:StringLike']!['route53:ChangeResourceRecordSetsNormalizedRecordNames'] as string[];
      const { 'route53:ChangeResourceRecordSetsRecordTypes': types, 'route53:ChangeResourceRecordSetsActions': actions } = allowed.Condition!['ForAllValues:StringEquals']!;
      const changes = called.inputs
        .get(phase)!
        .filter((call) => call.action === 'route53:ChangeResourceRecordSets')
        .flatMap((call) => {
          expect(allowed.Resource).toEqual([`arn:aws:route53:::hostedzone/${call.input.HostedZoneId.replace(/^\/hostedzone\//, '')}`]);
          return call.input.ChangeBatch.Changes as Array<{ Action: string; ResourceRecordSet: { Name: string; Type: string } }>;
        });

      expect(changes.length, phase).toBeGreaterThan(0);
      for (const change of changes) {
        const name = change.ResourceRecordSet.Name.toLowerCase().replace(/\.$/, '');
        expect(actions, phase).toContain(change.Action);
        expect(types, phase).toContain(change.ResourceRecordSet.Type);
        expect(name, phase).toMatch(new RegExp(`^${pattern!.replace(/\./g, '\\.').replace('*', '.+')}$`));
      }
    }
  });
});
