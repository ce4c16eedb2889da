/**
 * Where the API function's cold start goes: `npx tsx bench/bundle-parts.ts [--runs=11]`. Three entries, each adding a
 * layer of what functions/api.ts does at init, are built with the Lambda bundles' own esbuild options and imported like
 * the bench's bundles table (fresh `node` processes with a deployed function's environment, against bare `node`):
 *
 *   aws-clients  the four AWS SDK clients, made as on Lambda (createAwsClients)
 *   engine       + the configuration parsed, devenv's core and adapters, the engine built (buildAwsEngine)
 *   api          + the HTTP app with its routes, contract and callers: functions/api.ts itself
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functionBuildOptions } from '../scripts/build-functions.js';
import { measureBundles } from './bundles.js';
import { table } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const source = (path: string) => JSON.stringify(join(ROOT, path));

const PARTS = [
  {
    name: '1-aws-clients',
    what: 'the four AWS SDK clients, made as on Lambda',
    code: `import { createAwsClients } from ${source('src/aws/clients.ts')};\nexport const clients = createAwsClients({});`,
  },
  {
    name: '2-engine',
    what: '+ configuration, core and adapters: the engine',
    code: `import { buildAwsEngine } from ${source('src/runtime/aws-engine.ts')};\nimport { requireLambdaConfig } from ${source('src/runtime/lambda-engine.ts')};\nexport const engine = buildAwsEngine(requireLambdaConfig(process.env, 'API'));`,
  },
  { name: '3-api', what: '+ the HTTP app, its routes and callers: functions/api.ts', code: `export * from ${source('functions/api.ts')};` },
];

export async function measureApiParts(runs: number): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'devenv-bundle-parts-'));
  try {
    const entries = Object.fromEntries(
      PARTS.map(({ name, code }) => {
        const file = join(directory, `${name}.ts`);
        writeFileSync(file, `${code}\n`);
        return [name, file];
      }),
    );
    await build({ ...functionBuildOptions(entries, join(directory, 'out')), sourcemap: false });
    const report = measureBundles(join(directory, 'out'), { runs });
    let before = report.bareNodeMs;
    const rows = PARTS.map(({ what }, index) => {
      const bundle = report.bundles[index]!;
      const row = [what, `${(bundle.bytes / 1_000_000).toFixed(2)} MB`, `+${Math.round(bundle.importMs - report.bareNodeMs)} ms`, `+${Math.round(bundle.importMs - before)} ms`];
      before = bundle.importMs;
      return row;
    });
    return `${table(['what the bundle holds', 'size', 'over bare node', 'this layer'], rows, new Set([1, 2, 3]))}\n\n- bare \`node\` (importing nothing) took ${Math.round(report.bareNodeMs)} ms (median of ${runs}).\n`;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? '')?.[1] ?? 11);
  process.stdout.write(await measureApiParts(runs));
}
