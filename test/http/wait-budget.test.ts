import { describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../src/http/app.js';
import { createAuthenticator } from '../../src/http/auth/authenticator.js';
import { AUTH_CONFIG, TOKENS, testApi } from './fixtures.js';

type Api = Awaited<ReturnType<typeof testApi>>;

/** The app as behind API Gateway (cap 25 s), its waits and polls on the simulated clock. */
function appCappedAt25s(api: Api, parts: Pick<AppOptions, 'engine' | 'authenticator'>) {
  return createApp({ ...parts, maxWaitSeconds: 25, pollIntervalMs: 1_000, sleep: async (ms) => api.world.advance(ms), now: () => api.world.now().getTime() });
}

/** A create that asks to wait 900 s; the simulated time it took to answer. */
async function putWaiting(api: Api, app: ReturnType<typeof createApp>): Promise<{ status: number; tookMs: number }> {
  const started = api.world.now().getTime();
  const res = await app.request('/v1/environments/demo-42?wait=900', {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' },
    body: JSON.stringify({ app: 'web' }),
  });
  return { status: res.status, tookMs: api.world.now().getTime() - started };
}

describe('Function: createApp (PUT ?wait= behind API Gateway)', () => {
  it('answers within DEVENV_MAX_WAIT_SECONDS of the request, counting the time the write itself took', async () => {
    // Prepare: API Gateway gives up after 29 s, so the operator set the cap to 25 s; the create takes 10 s (at devenv's
    // share of the account's ELB and Route 53 rates a create makes a dozen calls, some of them retried).
    const api = await testApi({ deploymentSeconds: 3600 });
    const real = api.world.engine;
    const engine = new Proxy(real, {
      get: (target, property) => {
        if (property === 'create') {
          return async (...args: Parameters<typeof real.create>) => {
            const result = await target.create(...args);
            api.world.advance(10_000);
            return result;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const app = appCappedAt25s(api, { engine, authenticator: createAuthenticator({ config: AUTH_CONFIG, jwks: api.signer.jwks, now: api.world.now }) });

    // Act
    const { status, tookMs } = await putWaiting(api, app);

    // Assess
    expect(status).toBe(202);
    expect(tookMs).toBeLessThanOrEqual(25_000);
  });

  it("counts the time authentication took too (GitHub's key set fetched at its 5 s timeout)", async () => {
    // Prepare
    const api = await testApi({ deploymentSeconds: 3600 });
    const authenticator = createAuthenticator({ config: AUTH_CONFIG, jwks: api.signer.jwks, now: api.world.now });
    const app = appCappedAt25s(api, {
      engine: api.world.engine,
      authenticator: {
        authenticate: async (header) => {
          api.world.advance(5_000);
          return authenticator.authenticate(header);
        },
      },
    });

    // Act
    const { status, tookMs } = await putWaiting(api, app);

    // Assess
    expect(status).toBe(202);
    expect(tookMs).toBeLessThanOrEqual(25_000);
  });
});
