/**
 * Times the unit suite the way its speed is compared between branches and machines:
 *
 *   npm run test:timing                  # the whole unit suite
 *   npm run test:timing -- test/http     # any vitest arguments: a folder, a file, --project shared
 *
 * It prints vitest's own report (its "Duration" line splits the time into transform, collect, tests and prepare), then
 * the wall time, the CPU time of vitest and everything it ran (user + sys, Linux only: from /proc), and the slowest
 * files and tests. On a machine shared with other work the wall time moves with the load; the CPU time much less.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The CPU seconds of a process's finished (waited-for) children, from the text of its /proc/<pid>/stat. */
export function childrenCpuSeconds(stat: string, ticksPerSecond: number): { user: number; sys: number } {
  // The command name (field 2) is in parentheses and may hold spaces; fields from 3 on follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // cutime and cstime are fields 16 and 17 of proc(5).
  return { user: Number(fields[13]) / ticksPerSecond, sys: Number(fields[14]) / ticksPerSecond };
}

/** The part of vitest's JSON report this script reads. */
export interface JsonReport {
  numTotalTests: number;
  testResults: Array<{
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: Array<{ fullName: string; duration?: number | null }>;
  }>;
}

export interface Slowest {
  files: Array<{ file: string; ms: number; tests: number }>;
  tests: Array<{ file: string; test: string; ms: number }>;
}

/** The `count` slowest files (first test's start to last test's end, hooks included) and tests, paths made relative. */
export function slowest(report: JsonReport, root: string, count = 10): Slowest {
  const relative = (name: string) => (name.startsWith(root) ? name.slice(root.length).replace(/^\//, '') : name);
  const files = report.testResults
    .map((file) => ({ file: relative(file.name), ms: file.endTime - file.startTime, tests: file.assertionResults.length }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
  const tests = report.testResults
    .flatMap((file) => file.assertionResults.map((test) => ({ file: relative(file.name), test: test.fullName, ms: test.duration ?? 0 })))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count);
  return { files, tests };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)} s`;

function readChildrenCpu(): { user: number; sys: number } | undefined {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return childrenCpuSeconds(readFileSync('/proc/self/stat', 'utf8'), ticks);
  } catch {
    return undefined; // not Linux: wall time only
  }
}

function main(args: string[]): number {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const reportFile = join(tmpdir(), `devenv-test-timing-${process.pid}.json`);
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const before = readChildrenCpu();
  const started = performance.now();
  const run = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  const wallMs = performance.now() - started;
  const after = readChildrenCpu();
  let report: JsonReport;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
  } catch {
    process.stderr.write(`test-timing: vitest wrote no report (exit ${run.status ?? run.signal}); nothing to time\n`);
    return run.status ?? 1;
  } finally {
    rmSync(reportFile, { force: true });
  }
  const cpu =
    before && after
      ? `${(after.user - before.user + after.sys - before.sys).toFixed(1)} s CPU (${(after.user - before.user).toFixed(1)} user + ${(after.sys - before.sys).toFixed(1)} sys)`
      : 'CPU time not available on this system';
  const { files, tests } = slowest(report, root);
  const lines = [
    '',
    `unit suite: ${(wallMs / 1000).toFixed(1)} s wall, ${cpu}, ${report.numTotalTests} tests in ${report.testResults.length} files`,
    'slowest files (first test start to last test end, hooks included):',
    ...files.map((file) => `  ${seconds(file.ms)}  ${file.file} (${file.tests} tests)`),
    'slowest tests:',
    ...tests.map((test) => `  ${seconds(test.ms)}  ${test.file} > ${test.test}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return run.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
