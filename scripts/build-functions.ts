/**
 * Bundles each Lambda entry point in functions/ into one ESM file for the Node.js 22 runtime:
 *
 *   npm run build:functions          # → dist/functions/{api,sweep,slack,slack-worker}.mjs (+ .map)
 *
 * The AWS SDK is bundled too (not taken from the runtime), so the code runs against the SDK version it was tested with.
 * `infra/` deploys exactly these bundles: it builds each function with the same options (see `bundleFunctionSync`).
 */
import { build, type BuildOptions, type BuildResult, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEPLOYED_FUNCTIONS } from '../infra/functions.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Bolt's HTTP, Express and Socket Mode receivers (with express, body-parser, iconv-lite, undici and the OAuth
 * installer) are required by Bolt's index and App whether used or not; devenv's Lambda brings its own receiver, so
 * they become a stub that throws if anything ever constructs one. This keeps about 1.4 MB out of the Slack bundle.
 */
const BOLT_UNUSED = /^(\.\/receivers\/|\.\/)(HTTPReceiver|ExpressReceiver|SocketModeReceiver|HTTPModuleFunctions|HTTPResponseAck|SocketModeFunctions)$|^@slack\/oauth$/;

export const boltUnusedReceivers: Plugin = {
  name: 'bolt-unused-receivers',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: BOLT_UNUSED }, (args) =>
      /node_modules[\\/]@slack[\\/]bolt[\\/]dist/.test(args.importer) ? { path: args.path, namespace: 'bolt-unused' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'bolt-unused' }, (args) => ({
      contents: `class Unbundled { constructor() { throw new Error(${JSON.stringify(`${args.path} is not in devenv's Lambda bundle`)}); } }
module.exports = { __esModule: true, default: Unbundled };`,
      loader: 'js',
    }));
  },
};

/** The SDK's default credential chain becomes the environment alone: what Lambda provides (src/aws/lambda-credentials.ts). */
export const lambdaCredentials: Plugin = {
  name: 'lambda-credentials',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: fileURLToPath(new URL('../src/aws/lambda-credentials.ts', import.meta.url)) }));
  },
};

export const FUNCTIONS = DEPLOYED_FUNCTIONS.map((spec) => spec.name);

/**
 * The one set of esbuild options for every Lambda bundle: minified, tree-shaken ESM for Node.js 22 with source maps.
 * `mainFields` puts `module` first so the SDK's ES module builds are bundled (much smaller than its CommonJS ones).
 */
export function functionBuildOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    // The map ships beside the bundle for the stacks of error lines (src/observability/stack-frames.ts), read only when
    // one is logged; it needs no sources' text.
    sourcemap: true,
    sourcesContent: false,
    // No keepNames: every error class sets its own `name` (what logs and problem documents show), and keeping every
    // class and function name costs about 20 ms of each cold start (a call per function at load).
    legalComments: 'none',
    outdir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    plugins: [boltUnusedReceivers, lambdaCredentials],
    // Some bundled CommonJS dependencies call require(); ESM has none of its own.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}

export function buildFunctions(outdir: string, names: readonly string[] = FUNCTIONS): Promise<BuildResult> {
  return build(functionBuildOptions(Object.fromEntries(names.map((name) => [name, `functions/${name}.ts`])), outdir));
}

/**
 * One function's bundle as `<outdir>/index.mjs` (+ map), synchronously: what the CDK's local bundling needs, so the
 * stack deploys without Docker.
 */
export function bundleFunctionSync(name: string, outdir: string): void {
  // esbuild's synchronous API takes no plugins (the Bolt stub above is one), so the build runs in a child process.
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--entry', name, outdir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** `functions/<name>.ts` alone, as `<outdir>/index.mjs` (+ map): the layout a deployed function's asset has. */
function bundleFunction(name: string, outdir: string): Promise<BuildResult> {
  return build(functionBuildOptions({ index: `functions/${name}.ts` }, outdir));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [first, name = '', entryOutdir = ''] = process.argv.slice(2);
  const outdir = first === '--entry' ? entryOutdir : (first ?? 'dist/functions');
  const built = first === '--entry' ? bundleFunction(name, outdir) : buildFunctions(outdir);
  built.then(
    () => process.stdout.write(`built ${first === '--entry' ? `${outdir}/index.mjs` : FUNCTIONS.map((fn) => `${outdir}/${fn}.mjs`).join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`build-functions: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
