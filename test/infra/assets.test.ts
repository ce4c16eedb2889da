import { App } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseInfraConfig } from '../../infra/config.js';
import { DEPLOYED_FUNCTIONS } from '../../infra/functions.js';
import { DevenvStack } from '../../infra/stack.js';
import { hashToken } from '../../src/http/auth/static-tokens.js';
import { lambdaContext } from '../support/lambda.js';
import { exampleConfig } from './template.js';

/**
 * What `npm run deploy` uploads: the stack synthesized with bundling on (the project's esbuild build, no Docker), each
 * function's asset then read and imported as Lambda would. CI runs this file under Node.js 22 too. Importing a 0.7 MB
 * bundle takes seconds on a busy machine, hence the longer timeouts.
 */
const outdir = mkdtempSync(join(tmpdir(), 'devenv-bundle-cdk-'));
const TOKEN = 'devenv_asset_test_token';
let assets: Map<string, string>;
let environments: Map<string, Record<string, string>>;

beforeAll(() => {
  const app = new App({ outdir });
  const stack = new DevenvStack(app, 'devenv', { config: parseInfraConfig(exampleConfig()), functions: DEPLOYED_FUNCTIONS });
  const assembly = app.synth();
  const template = assembly.getStackByName('devenv').template as { Resources: Record<string, { Properties: any }> };
  assets = new Map();
  environments = new Map();
  for (const spec of DEPLOYED_FUNCTIONS) {
    const resource = template.Resources[stack.getLogicalId(stack.functions.get(spec.name)!.node.defaultChild as lambda.CfnFunction)]!;
    // The S3 key is `<asset hash>.zip`; the cloud assembly keeps the same asset unzipped as `asset.<hash>`.
    assets.set(spec.name, join(outdir, `asset.${(resource.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`));
    environments.set(spec.name, resource.Properties.Environment.Variables);
  }
}, 180_000);

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(outdir, { recursive: true, force: true });
});

describe('Assets: the function code the stack deploys', () => {
  it('gives each function its own bundle, built from its own entry point', () => {
    for (const spec of DEPLOYED_FUNCTIONS) {
      const { sources } = JSON.parse(readFileSync(join(assets.get(spec.name)!, 'index.mjs.map'), 'utf8')) as { sources: string[] };
      const entries = sources.filter((source) => /(^|\/)functions\/[^/]+\.ts$/.test(source)).map((source) => source.replace(/^.*functions\//, ''));

      expect(entries).toEqual([`${spec.name}.ts`]);
    }
  });

  it('bundles minified ESM with the AWS SDK inside and a source map beside it', () => {
    const code = readFileSync(join(assets.get('api')!, 'index.mjs'), 'utf8');
    const { sources } = JSON.parse(readFileSync(join(assets.get('api')!, 'index.mjs.map'), 'utf8')) as { sources: string[] };

    // Minified: a few very long lines (only template literals keep their newlines).
    expect(code.length / code.split('\n').length).toBeGreaterThan(5_000);
    expect(code).toMatch(/^import\{createRequire\}from"node:module"|^import \{ createRequire \}/);
    expect(code).toMatch(/sourceMappingURL=index\.mjs\.map/);
    // The SDK's ES module build (dist-es), not its CommonJS one: what mainFields ['module', 'main'] selects.
    expect(sources.some((source) => source.includes('@aws-sdk/client-ecs/dist-es/'))).toBe(true);
    expect(sources.some((source) => source.includes('@aws-sdk/client-ecs/dist-cjs/'))).toBe(false);
  });

  it('answers a Function URL request from the deployed API bundle, with the environment the stack gives it', async () => {
    // Prepare: the stack's own variables; the token hashes (a secret on AWS) are given directly until the secret is read.
    for (const [name, value] of Object.entries(environments.get('api')!)) if (typeof value === 'string') vi.stubEnv(name, value);
    vi.stubEnv('DEVENV_CONFIG_FILE', '');
    // The table's name once deployed (a reference in the template); nothing is written on these two requests.
    vi.stubEnv('DEVENV_LOCK_TABLE', 'devenv-LockTable-0123456789AB');
    vi.stubEnv('DEVENV_API_TOKENS', JSON.stringify([{ sha256: hashToken(TOKEN), owner: 'alice', role: 'user' }]));
    vi.stubEnv('LOG_LEVEL', 'error');
    const { handler } = await import(pathToFileURL(join(assets.get('api')!, 'index.mjs')).href);

    // Act
    const health = await handler(functionUrlEvent('/healthz'), lambdaContext());
    const anonymous = await handler(functionUrlEvent('/v1/environments'), lambdaContext());

    // Assess
    expect(health).toMatchObject({ statusCode: 200 });
    expect(anonymous).toMatchObject({ statusCode: 401 });
  }, 90_000);

  it('loads the deployed sweep bundle and exports its handler', async () => {
    const sweep = await import(pathToFileURL(join(assets.get('sweep')!, 'index.mjs')).href);

    expect(sweep.handler).toEqual(expect.any(Function));
  }, 90_000);
});

function functionUrlEvent(path: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abcdefghij.lambda-url.eu-west-1.on.aws' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghij',
      domainName: 'abcdefghij.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abcdefghij',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
    },
    isBase64Encoded: false,
  };
}
