import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundleMeasurement {
  name: string;
  bytes: number;
  /** Median wall time of a fresh `node` process that imports the bundle, in ms. */
  importMs: number;
}

export interface BundleReport {
  bundles: BundleMeasurement[];
  /** Median wall time of a fresh `node` process that imports nothing, in ms. */
  bareNodeMs: number;
  runs: number;
}

/**
 * What a Lambda's own code costs at a cold start, as the runtime sees it: the bundle's size, and how much longer a fresh
 * Node.js process takes when it imports the bundle than when it imports nothing. The environment is a Lambda's (a
 * configuration, a token list), so the functions initialise as they would there; nothing reaches AWS at import.
 */
export function measureBundles(directory: string, { runs = 7 }: { runs?: number } = {}): BundleReport {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.mjs'))
    .sort();
  if (files.length === 0) throw new Error(`bench: no bundles in ${directory}; run npm run build:functions first`);
  const samples = new Map<string, number[]>([['', []], ...files.map((file): [string, number[]] => [file, []])]);
  // Interleaved, so a busy moment on the machine slows every candidate alike rather than one of them.
  for (let run = 0; run < runs; run += 1) {
    for (const [file, times] of samples) times.push(timeImport(file ? join(directory, file) : undefined));
  }
  return {
    bundles: files.map((file) => ({ name: file, bytes: statSync(join(directory, file)).size, importMs: median(samples.get(file)!) })),
    bareNodeMs: median(samples.get('')!),
    runs,
  };
}

const LAMBDA_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'error',
  DEVENV_LOCK_TABLE: 'devenv-locks',
  DEVENV_SLACK_WORKER_FUNCTION: 'devenv-slack-worker',
  SLACK_SIGNING_SECRET: 'bench-signing-secret',
  SLACK_BOT_TOKEN: 'xoxb-bench',
  DEVENV_CONFIG: JSON.stringify({
    cluster: 'dev',
    listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/dev/0123456789abcdef/0123456789abcdef',
    hostedZoneId: 'Z0123456789ABC',
    baseDomain: 'dev.example.com',
    apps: { web: { service: 'web' } },
  }),
  DEVENV_API_TOKENS: JSON.stringify([{ sha256: '0'.repeat(64), owner: 'bench', role: 'user' }]),
};

function timeImport(file: string | undefined): number {
  const script = file ? `await import(${JSON.stringify(pathToFileURL(file).href)});` : '';
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: LAMBDA_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`bench: importing ${file} failed: ${result.stderr.toString().slice(0, 500)}`);
  // An init that fails stops early and would look fast: every function must initialise in full, as on Lambda.
  if (result.stdout.includes('"level":"error"')) throw new Error(`bench: ${file} failed to initialise: ${result.stdout.toString().slice(0, 500)}`);
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
