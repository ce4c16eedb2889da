/**
 * The CDK app: `npm run synth` (offline; writes infra/cdk.out/<stack>.template.json), `npm run deploy` (through the CDK
 * CLI, which runs this file). The config file is `-c config=<file>` on the CDK CLI, `DEVENV_INFRA_CONFIG`, or
 * infra/devenv.config.json.
 */
import { App } from 'aws-cdk-lib';
import { InvalidConfigError } from '../src/core/errors.js';
import { readInfraConfig } from './config.js';
import { DEPLOYED_FUNCTIONS } from './functions.js';
import { installationIdentity } from './identity.js';
import { DevenvStack } from './stack.js';

export const DEFAULT_CONFIG_FILE = 'infra/devenv.config.json';

function main(): void {
  // Run by the CDK CLI, CDK_OUTDIR is set; run directly (npm run synth), the template goes to infra/cdk.out.
  const app = new App(process.env.CDK_OUTDIR ? {} : { outdir: 'infra/cdk.out' });
  const file = (app.node.tryGetContext('config') as string | undefined) ?? process.env.DEVENV_INFRA_CONFIG ?? DEFAULT_CONFIG_FILE;
  const config = readInfraConfig(file);
  const identity = installationIdentity(config.devenv);
  const { instance } = config.devenv;
  const stackName = config.deploy.stackName ?? (instance === 'devenv' ? 'devenv' : `devenv-${instance}`);
  new DevenvStack(app, stackName, {
    config,
    functions: DEPLOYED_FUNCTIONS,
    description: `devenv (${identity}): per-developer and per-pull-request environments on ECS`,
    tags: { 'devenv:installation': identity },
  });
  const assembly = app.synth();
  if (!process.env.CDK_OUTDIR) process.stdout.write(`synthesized ${assembly.getStackByName(stackName).templateFullPath}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof InvalidConfigError ? '' : 'synth failed: '}${(error as Error).message}\n`);
  process.exitCode = 1;
}
