import type { EnvironmentView, SweepResource } from '../contract/views.js';

/** `in 47h`, `5m ago`: coarse on purpose, for reading at a glance. */
export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const delta = at - now;
  const abs = Math.abs(delta);
  const text =
    abs < 60_000 ? `${Math.round(abs / 1000)}s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)}m` : abs <= 172_800_000 ? `${Math.round(abs / 3_600_000)}h` : `${Math.round(abs / 86_400_000)}d`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

function images(environment: EnvironmentView): string {
  return Object.entries(environment.images)
    .map(([container, image]) => `${container}=${image}`)
    .join(', ');
}

/** One environment as aligned `key  value` lines. */
export function formatEnvironment(environment: EnvironmentView, now: number): string {
  const rows: [string, string][] = [
    ['name', environment.name],
    ['app', environment.app],
    ['owner', environment.owner],
    ['status', environment.statusReason ? `${environment.status} (${environment.statusReason})` : environment.status],
    ...(environment.missing ? [['missing', environment.missing.map(({ part, name }) => `${part} ${name}`).join(', ')] as [string, string]] : []),
    ['url', environment.url ?? '-'],
    ['images', images(environment) || '-'],
    ['created', `${environment.createdAt} (${relativeTime(environment.createdAt, now)})`],
    ['expires', `${environment.expiresAt} (${relativeTime(environment.expiresAt, now)})`],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`).join('\n');
}

/** A table with a header row and columns as wide as their widest cell. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatEnvironmentList(environments: readonly EnvironmentView[], now: number): string {
  if (environments.length === 0) return 'no environments';
  return formatTable(
    ['NAME', 'APP', 'STATUS', 'OWNER', 'EXPIRES', 'URL'],
    environments.map((environment) => [
      environment.name,
      environment.app,
      environment.status,
      environment.owner,
      relativeTime(environment.expiresAt, now),
      environment.url ?? '-',
    ]),
  );
}

/**
 * A sweep's plan or report: a summary line, then every resource with why it goes (its environment expired, or it is an
 * orphan), then what could not be removed.
 */
export function formatSweep(result: {
  dryRun: boolean;
  expired: readonly string[];
  orphans: readonly SweepResource[];
  resources: readonly SweepResource[];
  failures?: readonly (SweepResource & { message: string })[];
  drift?: readonly { name: string; missing: readonly { part: string; name: string }[] }[];
}): string {
  const { dryRun, expired, orphans, resources, failures = [], drift = [] } = result;
  const orphan = new Set(orphans.map((resource) => `${resource.kind} ${resource.id}`));
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const lines = [
    resources.length === 0
      ? dryRun
        ? 'dry run: a sweep now would remove nothing'
        : 'sweep removed nothing'
      : `${dryRun ? 'dry run: a sweep now would remove' : 'sweep removed'} ${count(resources.length, 'resource')}: ${count(expired.length, 'expired environment')}${expired.length ? ` (${expired.join(', ')})` : ''}, ${count(orphans.length, 'orphan')}`,
  ];
  if (resources.length > 0) {
    lines.push(
      '',
      formatTable(
        ['KIND', 'ID', 'WHY'],
        resources.map((resource) => [resource.kind, resource.id, orphan.has(`${resource.kind} ${resource.id}`) ? 'orphan' : 'expired']),
      ),
    );
  }
  if (failures.length > 0) {
    lines.push('', `could not remove ${count(failures.length, 'resource')} (the next sweep tries again):`);
    for (const failure of failures) lines.push(`  ${failure.kind} ${failure.id}: ${failure.message}`);
  }
  if (drift.length > 0) {
    lines.push('', `drift: ${count(drift.length, 'environment')} with missing parts (left as they are; devenv repair <name> re-creates them):`);
    for (const each of drift) lines.push(`  ${each.name}: ${each.missing.map(({ part, name }) => `${part} ${name}`).join(', ')}`);
  }
  return lines.join('\n');
}
