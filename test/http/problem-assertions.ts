import { expect } from 'vitest';
import { PROBLEMS, type ProblemKind } from '../../src/contract/problem-types.js';
import type { TestResponse } from './fixtures.js';

const PROBLEM_JSON = 'application/problem+json';

/** Asserts a problem document of `kind` with `status`, and returns it. */
export async function expectProblem(res: TestResponse, kind: ProblemKind, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe(PROBLEM_JSON);
  const problem = await res.json();
  expect(problem).toMatchObject({
    type: `urn:devenv:problem:${kind}`,
    title: PROBLEMS[kind].title,
    status,
    instance: expect.stringMatching(/^\//),
    requestId: res.headers.get('x-request-id'),
  });
  expect(typeof problem.detail).toBe('string');
  return problem as Record<string, unknown> & { detail: string };
}
