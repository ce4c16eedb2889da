import { describe, expect, it } from 'vitest';
import { testApi } from '../http/fixtures.js';
import { cli } from './cli-harness.js';

describe('Function: main (CLI): a token that cannot go in a header', () => {
  it.each([
    ['a line break inside', 'devenv_alice_secret_part\nsecond_line'],
    ['a NUL inside', 'devenv_alice_secret_part\u0000tail'],
  ])('never prints the token when it has %s', async (_what, token) => {
    // Prepare: fetch refuses such a header value, and its error message quotes the whole value.
    const api = await testApi();
    const send = (async (input: string | URL | Request, init?: RequestInit) => fetch(new Request(String(input), init))) as typeof fetch;
    const run = cli(api, { DEVENV_TOKEN: token }, send);

    // Act
    const code = await run.run('list');

    // Assess
    expect(code).not.toBe(0);
    expect(run.stderr()).not.toContain('devenv_alice_secret_part');
  });
});
