/**
 * Size and cold import time of each Lambda bundle:
 *
 *   npx tsx bench/function-bundles.ts [runs]      # default 5 runs per bundle, a fresh node process each
 *
 * Import time is measured inside a fresh process (the module graph evaluated, handler exported), with the environment
 * a function needs at init; it excludes node's own start. Numbers depend on the machine: compare bundles, not runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFunctions, FUNCTIONS } from '../scripts/build-functions.js';

const runs = Number(process.argv[2] ?? 5);
const outdir = mkdtempSync(join(tmpdir(), 'devenv-bench-'));
const env = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'error',
  DEVENV_CONFIG: JSON.stringify({
    cluster: 'dev',
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev/1/2',
    hostedZoneId: 'Z0123456789ABC',
    baseDomain: 'dev.example.com',
    apps: { web: { service: 'web' } },
  }),
  DEVENV_API_TOKENS: JSON.stringify([{ sha256: '0'.repeat(64), owner: 'bench', role: 'user' }]),
  SLACK_SIGNING_SECRET: 'bench',
  DEVENV_SLACK_WORKER_FUNCTION: 'bench-worker',
};

try {
  await buildFunctions(outdir);
  for (const name of FUNCTIONS) {
    const file = join(outdir, `${name}.mjs`);
    const timings: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stderr.write('import-ms=' + (performance.now() - t));`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
      const measured = /import-ms=([\d.]+)/.exec(child.stderr)?.[1];
      if (!measured) throw new Error(`${name}.mjs did not load: ${child.stderr.slice(0, 500)}`);
      timings.push(Number(measured));
    }
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    process.stdout.write(`${name.padEnd(13)} ${(statSync(file).size / 1_048_576).toFixed(2)} MB  import median ${median.toFixed(0)} ms (min ${timings[0]!.toFixed(0)}, ${runs} runs)\n`);
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
