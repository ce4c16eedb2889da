import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_PREFIX, PROBLEMS } from '../../src/http/problem-types.js';

const API_DOC = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('lists exactly the problem types the API answers, each with its status', () => {
    const rows = [...API_DOC.matchAll(/^\| `([a-z-]+)` \| (\d{3}) \|/gm)].map(([, kind, status]) => [kind, Number(status)]);

    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(PROBLEMS).map(([kind, spec]) => [kind, spec.status])));
  });

  it('names the problem type prefix the API uses', () => {
    expect(API_DOC).toContain(`\`${PROBLEM_TYPE_PREFIX}\``);
  });
});
