import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/simulated.js';
import { TOKENS, testApi, type TestApi } from './fixtures.js';
import { expectProblem } from './problem-assertions.js';

type Resource = { kind: string; id: string };
const sorted = (list: Resource[]) => [...list].sort((a, b) => `${a.kind} ${a.id}`.localeCompare(`${b.kind} ${b.id}`));

/** `short` (1 h) and `long` (48 h), two hours later: `short` has expired. */
async function apiWithAnExpiredEnvironment(): Promise<TestApi> {
  const api = await testApi();
  await api.call('PUT', '/v1/environments/short', { token: TOKENS.alice, body: { app: 'web', ttl: '1h' } });
  await api.call('PUT', '/v1/environments/long', { token: TOKENS.alice, body: { app: 'api', ttl: '48h' } });
  api.world.advance(2 * HOUR);
  return api;
}

describe('Routes: GET and POST /v1/sweep', () => {
  it('GET shows what a sweep would remove and changes nothing; POST then removes exactly that', async () => {
    // Prepare
    const api = await apiWithAnExpiredEnvironment();
    const writesBefore = api.writes().length;

    // Act: the plan
    const planned = await api.call('GET', '/v1/sweep', { token: TOKENS.admin });

    // Assess
    expect(planned.status).toBe(200);
    const plan = await planned.json();
    expect(plan).toMatchObject({ dryRun: true, at: api.world.now().toISOString(), expired: ['short'], orphans: [] });
    expect(plan.resources).toContainEqual({ kind: 'service', id: 'devenv-short' });
    expect(plan.resources).toContainEqual({ kind: 'dns-records', id: 'short.dev.example.com' });
    expect(api.writes().length).toBe(writesBefore);

    // Act: the run
    const ran = await api.call('POST', '/v1/sweep', { token: TOKENS.admin });

    // Assess
    expect(ran.status).toBe(200);
    const report = await ran.json();
    expect(report).toMatchObject({ dryRun: false, expired: ['short'], failures: [] });
    expect(sorted(report.removed)).toEqual(sorted(plan.resources));
    expect(report.calls).toContainEqual(expect.objectContaining({ command: 'DeleteService' }));
    const listed = await (await api.call('GET', '/v1/environments', { token: TOKENS.admin })).json();
    expect(listed.environments.map((environment: { name: string }) => environment.name)).toEqual(['long']);
    expect(api.logs.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ message: 'sweep finished', expired: ['short'] }));
  });

  it.each(['GET', 'POST'])('forbidden: 403 on %s for a user token and for a GitHub Actions job, and nothing is removed', async (method) => {
    const api = await apiWithAnExpiredEnvironment();
    const writesBefore = api.writes().length;

    const user = await expectProblem(await api.call(method, '/v1/sweep', { token: TOKENS.alice }), 'forbidden', 403);
    await expectProblem(await api.call(method, '/v1/sweep', { token: await api.signer.sign() }), 'forbidden', 403);

    expect(user.detail).toBe('only admin tokens may see or run the sweep');
    expect(api.writes().length).toBe(writesBefore);
    expect((await api.call('GET', '/v1/environments/short', { token: TOKENS.alice })).status).toBe(200);
  });

  it('unauthorized: 401 without a token', async () => {
    const api = await testApi();

    await expectProblem(await api.call('GET', '/v1/sweep'), 'unauthorized', 401);
    await expectProblem(await api.call('POST', '/v1/sweep'), 'unauthorized', 401);
  });

  it('invalid-request: 400 for a query parameter (a dry run is GET, not ?dryRun=)', async () => {
    const api = await apiWithAnExpiredEnvironment();
    const writesBefore = api.writes().length;

    const problem = await expectProblem(await api.call('POST', '/v1/sweep?dryRun=true', { token: TOKENS.admin }), 'invalid-request', 400);

    expect(problem.errors).toEqual([expect.objectContaining({ in: 'query', pointer: '#/dryRun' })]);
    expect(api.writes().length).toBe(writesBefore);
  });
});

describe('Routes: POST /v1/sweep within the API function\'s time', () => {
  it('starts no batch of environments once the longest answer time (DEVENV_MAX_WAIT_SECONDS) is nearly spent, and reports the rest skipped', async () => {
    // Prepare: 30 expired environments (two batches); deleting the first batch's services takes minutes of the API's 280 s
    const api = await testApi({ app: { maxWaitSeconds: 280 }, config: { limits: { perOwner: 50, total: 50 } } });
    for (let index = 0; index < 30; index += 1) await api.world.engine.create({ name: `pr-${index}`, app: 'web', owner: 'alice', ttl: '1h' });
    api.world.advance(2 * HOUR);
    api.world.cloud.faults.inject({
      command: 'DeleteService',
      error: { name: 'Unused' },
      times: Infinity,
      when: () => {
        api.world.advance(10_000);
        return false;
      },
    });

    // Act
    const ran = await api.call('POST', '/v1/sweep', { token: TOKENS.admin });

    // Assess: the second batch would have run past the function's timeout (killed with its leases held)
    expect(ran.status).toBe(200);
    const report = await ran.json();
    expect(report.expired).toHaveLength(25);
    expect(report.skipped).toHaveLength(5);
  });
});
