import { describe, expect, it } from 'vitest';
import type { ApiProblem } from '../../src/cli/client.js';
import { EXIT, exitCodeForProblem } from '../../src/cli/exit-codes.js';
import { PROBLEMS, problemType, type ProblemKind } from '../../src/contract/problem-types.js';

const problem = (type: string, status: number): ApiProblem => ({ type, status, title: 'x', detail: 'y' });

describe('Function: exitCodeForProblem', () => {
  it.each<[ProblemKind, number]>([
    ['invalid-name', EXIT.usage],
    ['invalid-request', EXIT.usage],
    ['malformed-json', EXIT.usage],
    ['payload-too-large', EXIT.usage],
    ['unsupported-media-type', EXIT.usage],
    ['unsupported-network-mode', EXIT.usage],
    ['unauthorized', EXIT.auth],
    ['forbidden', EXIT.auth],
    ['not-found', EXIT.notFound],
    ['route-not-found', EXIT.unavailable],
    ['conflict', EXIT.conflict],
    ['busy', EXIT.conflict],
    ['quota-exceeded', EXIT.quota],
    ['internal', EXIT.unavailable],
    ['cloud-failure', EXIT.unavailable],
    ['auth-unavailable', EXIT.unavailable],
  ])('maps devenv problem %s to exit %i', (kind, code) => {
    expect(exitCodeForProblem(problem(problemType(kind), PROBLEMS[kind].status))).toBe(code);
  });

  it('maps every problem kind the API has (a new kind must be given a code here)', () => {
    for (const kind of Object.keys(PROBLEMS) as ProblemKind[]) {
      expect(exitCodeForProblem(problem(problemType(kind), PROBLEMS[kind].status))).toEqual(expect.any(Number));
    }
  });

  it.each([
    ['a proxy 404', 'about:blank', 404],
    ["API Gateway's 429", 'about:blank', 429],
    ['an unknown devenv kind', 'urn:devenv:problem:something-new', 400],
    ["another service's problem type", 'https://example.com/probs/out-of-credit', 403],
  ])('maps %s to exit 8 whatever its status', (_case, type, status) => {
    expect(exitCodeForProblem(problem(type, status))).toBe(EXIT.unavailable);
  });
});
