/**
 * devenv's benchmark: `npm run bench` (builds the Lambda bundles first). Options:
 *
 *   --sizes=0,100,500        other environments around the measured ones
 *   --sweep-sizes=100,1000   expired environments one sweep removes (each also on a cloud that throttles like AWS)
 *   --time-scale=20          how much faster than its clock the throttled sweep runs (throttled-sweep.ts)
 *   --latency=50             milliseconds every simulated AWS call takes
 *   --import-runs=11         fresh node processes per bundle (0 skips the bundles)
 *
 * Prints one Markdown report: the operations table, then the bundles table. No AWS account is used.
 */
import { pathToFileURL } from 'node:url';
import { measureBundles, type BundleReport } from './bundles.js';
import { benchWorld, measureOperations, measureSweep, seedEnvironments, type Measurement } from './harness.js';
import { loadRateFloor } from './rate-floor.js';
import { measureThrottledSweep } from './throttled-sweep.js';
import { bundlesTable, footnotes, operationsTable, toRow } from './report.js';

export interface BenchOptions {
  sizes: number[];
  sweepSizes: number[];
  latencyMs: number;
  importRuns: number;
  /** The throttled sweep's clock runs this many times faster than real time (0: no throttled sweep). */
  timeScale: number;
  bundleDirectory: string;
  /** Progress lines (stderr by default), so a long run shows where it is. */
  progress?: (line: string) => void;
}

export const DEFAULT_OPTIONS: BenchOptions = { sizes: [0, 100, 500], sweepSizes: [100, 1000], latencyMs: 50, importRuns: 11, timeScale: 20, bundleDirectory: 'dist/functions' };

/** Runs every measurement and returns them (the report is built from these). */
export async function runBench(options: BenchOptions): Promise<{ measurements: Measurement[]; bundles?: BundleReport }> {
  const progress = options.progress ?? (() => undefined);
  // The bundles first, while this process is small and the machine quiet: after the sweeps of 1,000 environments the
  // same imports took 20-40 ms longer.
  let bundles: BundleReport | undefined;
  if (options.importRuns > 0) {
    progress(`importing each bundle in ${options.bundleDirectory} in ${options.importRuns} fresh node processes`);
    bundles = measureBundles(options.bundleDirectory, { runs: options.importRuns });
  }
  const measurements: Measurement[] = [];
  const world = benchWorld();
  let seeded = 0;
  for (const size of [...options.sizes].sort((a, b) => a - b)) {
    progress(`seeding ${size - seeded} environments (${size} in all)`);
    await seedEnvironments(world, size - seeded, { prefix: `other${size}` });
    seeded = size;
    progress(`measuring create, update, unchanged PUT, get, list and destroy with ${size} other environments`);
    measurements.push(...(await measureOperations(world, size, options.latencyMs)));
  }
  for (const size of options.sweepSizes) {
    progress(`seeding ${size} expired environments and sweeping them`);
    measurements.push(await measureSweep(size, options.latencyMs));
    if (options.timeScale > 0) {
      progress(`seeding ${size} expired environments and sweeping them on a cloud that throttles like AWS (clock ${options.timeScale}× real time)`);
      measurements.push(await measureThrottledSweep(size, options.latencyMs, { timeScale: options.timeScale }));
    }
  }
  return bundles ? { measurements, bundles } : { measurements };
}

function parseArguments(argv: string[]): BenchOptions {
  const options = { ...DEFAULT_OPTIONS };
  const list = (value: string) => value.split(',').filter(Boolean).map(Number);
  for (const argument of argv) {
    const [key, value = ''] = argument.replace(/^--/, '').split('=');
    if (key === 'sizes') options.sizes = list(value);
    else if (key === 'sweep-sizes') options.sweepSizes = list(value);
    else if (key === 'latency') options.latencyMs = Number(value);
    else if (key === 'import-runs') options.importRuns = Number(value);
    else if (key === 'time-scale') options.timeScale = Number(value);
    else throw new Error(`bench: unknown option ${argument} (see bench/run.ts)`);
  }
  const numbers = [...options.sizes, ...options.sweepSizes, options.latencyMs, options.importRuns, options.timeScale];
  if (numbers.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('bench: sizes, latency and import runs are whole numbers ≥ 0');
  return options;
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const started = performance.now();
  const floor = await loadRateFloor();
  const { measurements, bundles } = await runBench({ ...options, progress: (line) => process.stderr.write(`bench: ${line}\n`) });
  const rows = measurements.map((measurement) => toRow(measurement, floor));
  const report = [
    `## devenv bench (${new Date().toISOString().slice(0, 10)}, Node.js ${process.version})`,
    '',
    operationsTable(rows, options.latencyMs),
    '',
    ...(bundles ? [bundlesTable(bundles), ''] : []),
    footnotes({ latencyMs: options.latencyMs, floor, ...(bundles ? { bundles } : {}) }),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  process.stderr.write(`bench: done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
}
