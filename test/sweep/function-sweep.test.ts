import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LAMBDA_DEVENV_CONFIG } from '../support/lambda.js';

const context = { awsRequestId: '5f0c7a52-0d4e-4b8e-9a6f-3c1d2e4f5a6b', getRemainingTimeInMillis: () => 900_000 } as Context;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.doUnmock('../../src/local/seed.js');
});

describe('Handler: functions/sweep.ts', () => {
  it('refuses to sweep without DEVENV_CONFIG instead of sweeping a simulated cloud and reporting a clean run', async () => {
    // Prepare
    vi.stubEnv('DEVENV_CONFIG', '');
    vi.stubEnv('DEVENV_CONFIG_FILE', '');
    const seeded = vi.fn();
    vi.doMock('../../src/local/seed.js', async (original) => ({
      ...(await original<typeof import('../../src/local/seed.js')>()),
      createSeededCloud: (...args: never[]) => {
        seeded(...args);
        throw new Error('the simulated cloud must not be built on Lambda');
      },
    }));
    vi.resetModules();
    const { handler } = await import('../../functions/sweep.js');

    // Act
    const run = handler({}, context);

    // Assess
    await expect(run).rejects.toThrow(/the sweep on Lambda needs DEVENV_CONFIG or DEVENV_CONFIG_FILE/);
    expect(seeded).not.toHaveBeenCalled();
  });

  it('refuses to sweep without DEVENV_LOCK_TABLE, naming it, before any AWS call', async () => {
    // Prepare
    vi.stubEnv('DEVENV_CONFIG', LAMBDA_DEVENV_CONFIG);
    vi.stubEnv('DEVENV_CONFIG_FILE', '');
    vi.stubEnv('DEVENV_LOCK_TABLE', '');
    vi.resetModules();
    const { handler } = await import('../../functions/sweep.js');

    // Act
    const run = handler({}, context);

    // Assess
    await expect(run).rejects.toThrow(/environment variable DEVENV_LOCK_TABLE is required/);
  });
});
