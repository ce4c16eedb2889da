import { describe, expect, it } from 'vitest';
import { measureApiParts } from '../../bench/bundle-parts.js';

describe('Function: measureApiParts', () => {
  it('builds the three layers of the API, each larger than the one before, and times their import', async () => {
    const report = await measureApiParts(1);

    const rows = report.split('\n').filter((line) => /^\| [+a-z]/.test(line) && !line.startsWith('| what'));
    const sizes = rows.map((row) => Number(/\| (\d+\.\d+) MB \|/.exec(row)?.[1]));
    expect(rows).toHaveLength(3);
    expect(sizes[0]).toBeLessThan(sizes[1]!);
    expect(sizes[1]).toBeLessThan(sizes[2]!);
    expect(report).toMatch(/bare `node` \(importing nothing\) took \d+ ms/);
  }, 60_000);
});
