import { describe, expect, it } from 'vitest';
import { TOKENS, testApi } from './fixtures.js';

/** What docs/api.md promises: names, keys and `instance` are echoed clipped, never kilobytes of them. */
const MAX_ECHO = 300;

describe('Function: problemResponse (echoed paths)', () => {
  it('does not echo a 6 KB path back in the detail of a route-not-found, with or without a token', async () => {
    // Prepare
    const api = await testApi();
    const path = `/${'a'.repeat(6_000)}`;

    // Act
    const res = await api.call('GET', path);

    // Assess
    expect(res.status).toBe(404);
    const problem = await res.json();
    expect(problem.type).toBe('urn:devenv:problem:route-not-found');
    expect(problem.detail.length).toBeLessThan(MAX_ECHO);
  });

  it('does not echo a 6 KB path back in the detail of a method-not-allowed', async () => {
    // Prepare
    const api = await testApi();
    const path = `/v1/environments/${'a'.repeat(6_000)}`;

    // Act
    const res = await api.call('PATCH', path, { token: TOKENS.alice });

    // Assess
    expect(res.status).toBe(405);
    const problem = await res.json();
    expect(problem.type).toBe('urn:devenv:problem:method-not-allowed');
    expect(problem.detail.length).toBeLessThan(MAX_ECHO);
  });
});
