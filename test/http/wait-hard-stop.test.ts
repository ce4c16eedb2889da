import { describe, expect, it, vi } from 'vitest';
import type { Environment } from '../../src/core/environment.js';
import { createApp } from '../../src/http/app.js';
import { createAuthenticator } from '../../src/http/auth/authenticator.js';
import { waitUntilSettled } from '../../src/http/wait-until-settled.js';
import { lambdaContext } from '../support/lambda.js';
import { AUTH_CONFIG, TOKENS, testApi } from './fixtures.js';

const creating = { name: 'demo-42', status: 'creating' } as Environment;
const running = { name: 'demo-42', status: 'running' } as Environment;

/** Lets every pending callback and promise run, without real time passing. */
async function settle(turns = 20): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Whether `promise` has settled by now. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await settle();
  return settled;
}

/**
 * A read that hangs the way an AWS call does at its client timeout (20 s, then retried): it ends only when the test says,
 * so the only thing that can end the wait meanwhile is the stop signal.
 */
function hangingRead() {
  let finish: (environment: Environment) => void = () => undefined;
  const started = vi.fn();
  const get = vi.fn(
    () =>
      new Promise<Environment>((resolve) => {
        started();
        finish = resolve;
      }),
  );
  return { get, started, finish: (environment: Environment) => finish(environment) };
}

describe('Function: waitUntilSettled (hard stop)', () => {
  it('answers with the last state seen when the stop signal fires while a poll is still running', async () => {
    // Prepare
    const read = hangingRead();
    const stop = new AbortController();
    read.started.mockImplementation(() => stop.abort());
    let now = 0;

    // Act
    const waiting = waitUntilSettled({
      engine: { get: read.get },
      initial: creating,
      timeoutMs: 60_000,
      pollIntervalMs: 5_000,
      sleep: async (ms) => {
        now += ms;
      },
      now: () => now,
      logger: { warn: vi.fn() },
      signal: stop.signal,
    });

    // Assess
    const answeredBeforeThePollEnded = await isSettled(waiting);
    read.finish(running);
    expect(answeredBeforeThePollEnded).toBe(true);
    expect((await waiting).status).toBe('creating');
  });
});

describe('Function: createApp (PUT ?wait= on Lambda)', () => {
  it("answers before the function's timeout even when the last poll is still running then", async () => {
    // Prepare
    const api = await testApi({ deploymentSeconds: 600 });
    const read = hangingRead();
    const hardStops: number[] = [];
    const stop = new AbortController();
    read.started.mockImplementation(() => stop.abort());
    const real = api.world.engine;
    // The engine, except that its reads (the polls) hang.
    const engine = new Proxy(real, {
      get: (target, property) => {
        if (property === 'get') return read.get;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = createApp({
      engine,
      authenticator: createAuthenticator({ config: AUTH_CONFIG, jwks: api.signer.jwks, now: api.world.now }),
      pollIntervalMs: 1_000,
      sleep: async (ms) => api.world.advance(ms),
      now: () => api.world.now().getTime(),
      // The Lambda's own clock: it fires when only the margin to answer is left.
      hardStop: (ms: number) => {
        hardStops.push(ms);
        return stop.signal;
      },
    });

    // Act
    const answer = Promise.resolve(
      app.request(
        '/v1/environments/demo-42?wait=900',
        { method: 'PUT', headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' }, body: JSON.stringify({ app: 'web' }) },
        { lambdaContext: lambdaContext(25_000) },
      ),
    );

    // Assess
    const answered = await isSettled(answer);
    read.finish(running);
    expect(answered).toBe(true);
    expect(hardStops).toEqual([20_000]);
    expect((await answer).status).toBe(202);
  });
});
