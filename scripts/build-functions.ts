/**
 * Bundles each Lambda entry point in functions/ into one ESM file for the Node.js 22 runtime:
 *
 *   npm run build:functions          # → dist/functions/api.mjs, dist/functions/sweep.mjs
 *
 * The AWS SDK is bundled too (not taken from the runtime), so the code runs against the SDK version it was tested with.
 */
import { build, type BuildResult } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const FUNCTIONS = ['api', 'sweep'] as const;

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
