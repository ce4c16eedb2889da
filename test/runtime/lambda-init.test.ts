import { describe, expect, it } from 'vitest';
import { lambdaInit } from '../../src/runtime/lambda-init.js';

function logger() {
  const errors: string[] = [];
  return { errors, error: (message: string) => void errors.push(message) };
}

describe('Function: lambdaInit', () => {
  it('builds once, at the cold start, for every invocation', async () => {
    let builds = 0;
    const init = lambdaInit(async () => ({ build: (builds += 1) }), logger(), 'init failed');

    const [first, second] = await Promise.all([init(), init()]);

    expect(builds).toBe(1);
    expect(first).toBe(second);
  });

  it('logs a failed build and builds again at the next invocation', async () => {
    const log = logger();
    let attempts = 0;
    const init = lambdaInit(
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('GetSecretValue throttled');
        return 'app';
      },
      log,
      'api init failed',
    );

    await expect(init()).rejects.toThrow('GetSecretValue throttled');
    await expect(init()).resolves.toBe('app');
    await expect(init()).resolves.toBe('app');

    expect(attempts).toBe(2);
    expect(log.errors).toEqual(['api init failed']);
  });
});
