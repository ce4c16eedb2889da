/**
 * Bundles each Lambda entry point in functions/ into one ESM file for the Node.js 22 runtime:
 *
 *   npm run build:functions          # → dist/functions/{api,sweep,slack,slack-worker}.mjs
 *
 * The AWS SDK is bundled too (not taken from the runtime), so the code runs against the SDK version it was tested with.
 */
import { build, type BuildResult, type Plugin } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const FUNCTIONS = ['api', 'sweep', 'slack', 'slack-worker'] as const;

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

export function buildFunctions(outdir: string): Promise<BuildResult> {
  return build({
    absWorkingDir: ROOT,
    entryPoints: FUNCTIONS.map((name) => `functions/${name}.ts`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outdir,
    outExtension: { '.js': '.mjs' },
    // ESM builds first: the SDK's tree-shake far better than its CommonJS ones (2.16 MB → 0.66 MB for a trial api bundle).
    mainFields: ['module', 'main'],
    minify: true,
    metafile: true,
    plugins: [boltUnusedReceivers],
    // Some bundled CommonJS dependencies call require(); ESM has none of its own.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = process.argv[2] ?? 'dist/functions';
  buildFunctions(outdir).then(
    () => process.stdout.write(`built ${FUNCTIONS.map((name) => `${outdir}/${name}.mjs`).join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`build-functions: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
