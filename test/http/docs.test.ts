import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPE_PREFIX, PROBLEMS } from '../../src/contract/problem-types.js';
import { MAX_CONTAINERS, MAX_VARIABLES_PER_CONTAINER } from '../../src/contract/requests.js';

const API_DOC = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('lists exactly the problem types the API answers, each with its status', () => {
    const rows = [...API_DOC.matchAll(/^\| `([a-z-]+)` \| (\d{3}) \|/gm)].map(([, kind, status]) => [kind, Number(status)]);

    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(PROBLEMS).map(([kind, spec]) => [kind, spec.status])));
  });

  it('says plainly that a CI retry of the same PUT with images redeploys, as updated', () => {
    expect(API_DOC).toMatch(/a CI retry redeploys: .*same `PUT` with the same images,\s+and that is not `unchanged` — devenv forces a new deployment again and answers `updated`/s);
  });

  it('says that the per-owner quota counts CI callers per github:<repository>@<actor>', () => {
    expect(API_DOC).toMatch(/per-owner quota \(`limits.perOwner`\) counts environments by their recorded owner, so for CI it counts per\s+`github:<repository>@<actor>`, not per repository/);
  });

  it('states the size limits of a PUT body the schema enforces', () => {
    expect(API_DOC).toContain(`at most ${MAX_CONTAINERS} containers each, a container gets at most ${MAX_VARIABLES_PER_CONTAINER} variables`);
  });

  it('has each section once', () => {
    const headings = [...API_DOC.matchAll(/^#{2,3} (.+)$/gm)].map(([, heading]) => heading);

    expect(headings).toEqual([...new Set(headings)]);
  });

  it('names the problem type prefix the API uses', () => {
    expect(API_DOC).toContain(`\`${PROBLEM_TYPE_PREFIX}\``);
  });
});
