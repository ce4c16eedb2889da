import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInfraConfig } from '../../infra/config.js';
import { DEPLOYED_FUNCTIONS, type FunctionSpec } from '../../infra/functions.js';
import { DevenvStack } from '../../infra/stack.js';

/** The cloud assemblies of one test file's synths, removed when its worker exits. */
const scratch = mkdtempSync(join(tmpdir(), 'devenv-infra-test-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

export const EXAMPLE_CONFIG_FILE = new URL('../../infra/devenv.config.example.json', import.meta.url);

/** The shipped example config, as JSON (a fresh copy each call). */
export function exampleConfig(): Record<string, any> {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_FILE, 'utf8'));
}

export interface Synthesized {
  stack: DevenvStack;
  template: Template;
  /** The logical id of a function (by its functions.ts name). */
  functionId(name: string): string;
  /** Every statement of a function's role policies, Action and Resource always arrays. */
  statementsOf(name: string): Statement[];
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: unknown[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * The stack for a config, synthesized once by the caller (per test file, not per test). Bundling is skipped (the CDK's
 * `aws:cdk:bundling-stacks` context): these tests look at the template; test/infra/assets.test.ts builds the bundles.
 */
export function synth(raw: unknown = exampleConfig(), functions: readonly FunctionSpec[] = DEPLOYED_FUNCTIONS): Synthesized {
  const app = new App({ outdir: mkdtempSync(join(scratch, 'cdk-')), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DevenvStack(app, 'devenv', { config: parseInfraConfig(raw), functions });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const functionId = (name: string) => stack.getLogicalId(stack.functions.get(name)!.node.defaultChild as lambda.CfnFunction);
  const statementsOf = (name: string): Statement[] => {
    const roleId = resources[functionId(name)]!.Properties.Role['Fn::GetAtt'][0] as string;
    return Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((role: { Ref?: string }) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as any[])
      .map((statement) => ({ ...statement, Action: [statement.Action].flat(), Resource: [statement.Resource].flat() }));
  };
  return { stack, template, functionId, statementsOf };
}

/** Every IAM statement in a template: role policies and inline policies alike. */
export function allStatements(template: Template): Statement[] {
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  return Object.values(resources).flatMap((resource) => {
    const documents =
      resource.Type === 'AWS::IAM::Policy'
        ? [resource.Properties.PolicyDocument]
        : resource.Type === 'AWS::IAM::Role'
          ? (resource.Properties.Policies ?? []).map((policy: { PolicyDocument: unknown }) => policy.PolicyDocument)
          : [];
    return documents.flatMap((document: { Statement: any[] }) =>
      document.Statement.map((statement) => ({ ...statement, Action: [statement.Action].flat(), Resource: [statement.Resource].flat() })),
    );
  });
}
