import type { BundleReport } from './bundles.js';
import type { Measurement } from './harness.js';
import type { RateFloor } from './rate-floor.js';
import { sequentialRoundTrips } from './round-trips.js';

/** One row of the operations table, derived from a measurement's call log. */
export interface Row {
  operation: string;
  others: number;
  engine: string;
  calls: number;
  /** Calls per AWS service (ecs, elbv2, route53, and whatever else the engine calls). */
  byService: Record<string, number>;
  sequential: number;
  wallMs: number;
  floorSeconds: number;
}

export function toRow(measurement: Measurement, floor: RateFloor): Row {
  const byService: Record<string, number> = {};
  for (const call of measurement.calls) byService[call.service] = (byService[call.service] ?? 0) + 1;
  return {
    operation: measurement.operation,
    others: measurement.others,
    engine: measurement.engine,
    calls: measurement.calls.length,
    byService,
    sequential: sequentialRoundTrips(measurement.calls),
    wallMs: measurement.wallMs,
    floorSeconds: floor.seconds(measurement.calls),
  };
}

const SERVICE_ORDER = ['ecs', 'elbv2', 'route53'];

export function table(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, index) => (rightAligned.has(index) ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, index) => (rightAligned.has(index) ? `${'-'.repeat(width + 1)}:` : `${'-'.repeat(width + 2)}`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** The operations table, Markdown: one row per operation, size and engine. */
export function operationsTable(rows: readonly Row[], latencyMs: number): string {
  const services = [...new Set(rows.flatMap((row) => Object.keys(row.byService)))].sort(
    (a, b) => (SERVICE_ORDER.indexOf(a) + 1 || 99) - (SERVICE_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const header = ['operation', 'other envs', 'engine', 'calls', ...services, 'sequential', `wall at ${latencyMs} ms/call`, 'rate floor'];
  const cells = rows.map((row) => [
    row.operation,
    row.operation === 'sweep' ? `${thousands(row.others)} expired` : thousands(row.others),
    row.engine,
    thousands(row.calls),
    ...services.map((service) => thousands(row.byService[service] ?? 0)),
    thousands(row.sequential),
    `${(row.wallMs / 1000).toFixed(2)} s`,
    `${row.floorSeconds.toFixed(2)} s`,
  ]);
  const numeric = new Set(Array.from({ length: header.length }, (_, index) => index).filter((index) => index >= 3));
  return table(header, cells, numeric);
}

/** The bundles table, Markdown. */
export function bundlesTable(report: BundleReport): string {
  const cells = report.bundles.map((bundle) => [
    `dist/functions/${bundle.name}`,
    `${(bundle.bytes / 1_000_000).toFixed(2)} MB`,
    `${Math.round(bundle.importMs)} ms`,
    `+${Math.round(bundle.importMs - report.bareNodeMs)} ms`,
  ]);
  return table(['bundle', 'size', `import (median of ${report.runs} fresh processes)`, 'over bare node'], cells, new Set([1, 2, 3]));
}

export function footnotes(options: { latencyMs: number; floor: RateFloor; bundles?: BundleReport }): string {
  const lines = [
    `- Every simulated AWS call waits ${options.latencyMs} ms; "sequential" is the longest chain of calls each sent after the previous one was answered (bench/README.md).`,
    '- cold: a fresh engine (a new Lambda instance); warm: the same engine again, on a second environment.',
    "- throttled: a sweep on a simulated cloud that throttles like AWS, by an engine whose own token buckets are set to AWS's documented rates, timed on a clock run faster than real time (bench/throttled-sweep.ts); its wall is what the goal \"≤ 1.5 × the rate floor\" compares.",
    `- rate floor: the least time AWS's per-account API rate limits allow for these calls, from ${options.floor.source}.`,
  ];
  if (options.bundles) lines.push(`- bare \`node\` (importing nothing) took ${Math.round(options.bundles.bareNodeMs)} ms (median).`);
  return lines.join('\n');
}
