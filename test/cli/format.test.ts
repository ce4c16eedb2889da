import { describe, expect, it } from 'vitest';
import { formatEnvironment, formatEnvironmentList, formatSweep, relativeTime } from '../../src/cli/format.js';

const NOW = Date.parse('2026-11-25T10:00:00.000Z');
const ENVIRONMENT = {
  name: 'pr-42',
  app: 'web',
  owner: 'github:acme/web@octocat',
  url: 'https://pr-42.dev.example.com',
  status: 'unhealthy' as const,
  statusReason: 'Health checks failed',
  images: { web: 'repo/web:1', 'log-router': 'fluent-bit:stable' },
  createdAt: '2026-11-25T09:55:00.000Z',
  expiresAt: '2026-11-27T10:00:00.000Z',
};

describe('Function: relativeTime', () => {
  it.each([
    ['2026-11-25T10:00:30.000Z', 'in 30s'],
    ['2026-11-25T09:55:00.000Z', '5m ago'],
    ['2026-11-27T10:00:00.000Z', 'in 48h'],
    ['2026-12-02T10:00:00.000Z', 'in 7d'],
    ['not a date', ''],
  ])('shows %s as %j', (iso, text) => {
    expect(relativeTime(iso, NOW)).toBe(text);
  });
});

describe('Function: formatEnvironment', () => {
  it('aligns keys and shows the status reason, images and relative times', () => {
    expect(formatEnvironment(ENVIRONMENT, NOW)).toBe(
      [
        'name     pr-42',
        'app      web',
        'owner    github:acme/web@octocat',
        'status   unhealthy (Health checks failed)',
        'url      https://pr-42.dev.example.com',
        'images   web=repo/web:1, log-router=fluent-bit:stable',
        'created  2026-11-25T09:55:00.000Z (5m ago)',
        'expires  2026-11-27T10:00:00.000Z (in 48h)',
      ].join('\n'),
    );
  });
});

describe('Function: formatEnvironmentList', () => {
  it('prints a table with a header and aligned columns', () => {
    const worker = { ...ENVIRONMENT, name: 'pr-7', app: 'worker', owner: 'alice', status: 'running' as const, url: undefined };

    expect(formatEnvironmentList([ENVIRONMENT, worker], NOW)).toBe(
      [
        'NAME   APP     STATUS     OWNER                    EXPIRES  URL',
        'pr-42  web     unhealthy  github:acme/web@octocat  in 48h   https://pr-42.dev.example.com',
        'pr-7   worker  running    alice                    in 48h   -',
      ].join('\n'),
    );
  });

  it('says so when there is nothing', () => {
    expect(formatEnvironmentList([], NOW)).toBe('no environments');
  });
});

describe('Function: formatSweep', () => {
  it('marks orphans and lists what could not be removed', () => {
    const text = formatSweep({
      dryRun: false,
      expired: ['short'],
      orphans: [{ kind: 'target-group', id: 'dv-crashed-1a2b3c4d' }],
      resources: [
        { kind: 'service', id: 'devenv-short' },
        { kind: 'target-group', id: 'dv-crashed-1a2b3c4d' },
      ],
      failures: [{ kind: 'dns-records', id: 'short.dev.example.com', message: 'Rate exceeded' }],
    });

    expect(text).toBe(
      [
        'sweep removed 2 resources: 1 expired environment (short), 1 orphan',
        '',
        'KIND          ID                   WHY',
        'service       devenv-short         expired',
        'target-group  dv-crashed-1a2b3c4d  orphan',
        '',
        'could not remove 1 resource (the next sweep tries again):',
        '  dns-records short.dev.example.com: Rate exceeded',
      ].join('\n'),
    );
  });

  it('lists the environments with drift, and the parts each misses, after what it removed', () => {
    const text = formatSweep({
      dryRun: true,
      expired: [],
      orphans: [],
      resources: [],
      drift: [{ name: 'pr-1', missing: [{ part: 'listener-rule', name: 'pr-1.dev.example.com' }, { part: 'dns-record', name: 'pr-1.dev.example.com' }] }],
    });

    expect(text).toBe(
      [
        'dry run: a sweep now would remove nothing',
        '',
        'drift: 1 environment with missing parts (left as they are; devenv repair <name> re-creates them):',
        '  pr-1: listener-rule pr-1.dev.example.com, dns-record pr-1.dev.example.com',
      ].join('\n'),
    );
  });
});
