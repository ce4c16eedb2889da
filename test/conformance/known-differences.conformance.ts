import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_DIFFERENCES } from './known-differences.js';

/** The list of moto's known differences is kept in one place; these tests keep its table in the docs and its references true. */

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');

describe('Module: known-differences', () => {
  it('is the table in docs/conformance.md, entry for entry and in order', () => {
    // Prepare
    const doc = read('../../docs/conformance.md');

    // Act: the ids in the first column of the table's rows
    const documented = [...doc.matchAll(/^\| `(moto-[a-z0-9-]+)` \|/gm)].map((match) => match[1]);

    // Assess
    expect(documented).toEqual(KNOWN_DIFFERENCES.map((known) => known.id));
  });

  it('names only scenarios that exist, and AWS documentation for every entry', () => {
    // Prepare
    const directory = fileURLToPath(new URL('.', import.meta.url));
    const sources = readdirSync(directory)
      .filter((file) => file.endsWith('.conformance.ts'))
      .map((file) => readFileSync(`${directory}/${file}`, 'utf8'))
      .join('\n');
    const scenarios = new Set([...sources.matchAll(/scenario\(\s*'((?:[^'\\]|\\.)*)'/g)].map((match) => match[1]!.replace(/\\'/g, "'")));

    // Assess
    for (const known of KNOWN_DIFFERENCES) {
      expect(known.shownBy.length, known.id).toBeGreaterThan(0);
      for (const name of known.shownBy) expect(scenarios.has(name), `${known.id}: no scenario '${name}'`).toBe(true);
      expect(known.docs.some((url) => url.startsWith('https://docs.aws.amazon.com/')), known.id).toBe(true);
    }
  });

  it('gives every entry a unique id', () => {
    const ids = KNOWN_DIFFERENCES.map((known) => known.id);

    expect(new Set(ids).size).toBe(ids.length);
  });
});
