import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OTHER_NAME_PREFIX, OTHER_REPOSITORY, OTHER_REPOSITORY_ID, TOKENS, testApi, type TestApi } from '../http/fixtures.js';
import { createAs } from './create-as.js';

describe('Ownership rules: GitHub Actions tokens', () => {
  it("manages its own pull request's environment: create, update, extend, destroy", async () => {
    const api = await testApi();
    const token = await api.signer.sign();

    const create = await api.call('PUT', '/v1/environments/pr-42?wait=60', { token, body: { app: 'web', images: { web: 'repo/web:1' } } });
    const update = await api.call('PUT', '/v1/environments/pr-42?wait=60', { token, body: { app: 'web', images: { web: 'repo/web:2' } } });
    const extend = await api.call('POST', '/v1/environments/pr-42/extend', { token });
    const destroy = await api.call('DELETE', '/v1/environments/pr-42', { token });

    expect([create.status, update.status, extend.status, destroy.status]).toEqual([201, 200, 200, 204]);
  });

  it('redeploys on a CI retry of the same PUT with images: 200 updated and a forced new deployment', async () => {
    const api = await testApi();
    const token = await api.signer.sign();
    const body = { app: 'web', images: { web: 'repo/web:latest' } };
    await api.call('PUT', '/v1/environments/pr-42?wait=60', { token, body });
    const updatesBefore = api.world.cloud.faults.callsOf('UpdateService').length;

    const retry = await api.call('PUT', '/v1/environments/pr-42?wait=60', { token, body });

    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ outcome: 'updated', status: 'running', images: { web: 'repo/web:latest' } });
    expect(api.world.cloud.faults.callsOf('UpdateService').slice(updatesBefore)).toContainEqual(
      expect.objectContaining({ input: expect.objectContaining({ forceNewDeployment: true }) }),
    );
  });

  it('counts the per-owner quota per github:<repository>@<actor>: each actor of a repository has its own', async () => {
    const api = await testApi({ config: { limits: { perOwner: 1, total: 10 } } });
    const job = (pullRequest: number, actor: string) => api.signer.sign({ claims: { actor, ref: `refs/pull/${pullRequest}/merge` } });
    await createAs(api, await job(41, 'octocat'), 'pr-41');

    const sameActor = await api.call('PUT', '/v1/environments/pr-42', { token: await job(42, 'octocat'), body: { app: 'web' } });
    const otherActor = await api.call('PUT', '/v1/environments/pr-43', { token: await job(43, 'hubot'), body: { app: 'web' } });

    expect(sameActor.status).toBe(429);
    expect((await sameActor.json()).detail).toContain('github:acme/web@octocat already owns 1 environments');
    expect(otherActor.status).toBe(202);
    expect(await otherActor.json()).toMatchObject({ owner: 'github:acme/web@hubot' });
  });

  it("refuses another pull request's environment with 403 before any cloud call", async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { ref: 'refs/pull/42/merge' } });
    const callsBefore = api.world.cloud.faults.calls.length;

    const res = await api.call('PUT', '/v1/environments/pr-43', { token, body: { app: 'web' } });

    expect(res.status).toBe(403);
    expect((await res.json()).detail).toBe('this job runs for pull request #42 of acme/web: it may manage pr-42, not pr-43');
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it('refuses names that only look like its pull request', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { ref: 'refs/pull/4/merge' } });

    const statuses = await Promise.all(['pr-42', 'web-pr-4', 'api-pr-4', 'pr-4-x'].map(async (name) => (await api.call('PUT', `/v1/environments/${name}`, { token, body: { app: 'web' } })).status));

    expect(statuses).toEqual([403, 403, 403, 403]);
  });

  it.each([
    ['the job of pull request 4', (api: TestApi) => api.signer.sign({ claims: { ref: 'refs/pull/4/merge' } })],
    ['a user', () => TOKENS.alice],
    ['an admin', () => TOKENS.admin],
  ])('refuses %s creating a pr-0… name (leading zero) as an invalid name, before any cloud call', async (_who, tokenOf) => {
    const api = await testApi();
    const token = await tokenOf(api);
    const callsBefore = api.world.cloud.faults.calls.length;

    const answers = await Promise.all(['pr-04', 'pr-0', 'api-pr-004'].map((name) => api.call('PUT', `/v1/environments/${name}`, { token, body: { app: 'web' } })));

    expect(answers.map((res) => res.status)).toEqual([400, 400, 400]);
    expect((await answers[0]!.json())).toMatchObject({ type: 'urn:devenv:problem:invalid-name', detail: expect.stringContaining('no leading zero') });
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it.each(['pull_request_review', 'pull_request_review_comment', 'pull_request_target', 'workflow_run', ''])(
    'refuses writes from a job of event %j even on its pull request\'s merge ref, before any cloud call',
    async (eventName) => {
      const api = await testApi();
      await createAs(api, await api.signer.sign());
      const token = await api.signer.sign({ claims: { event_name: eventName } });
      const callsBefore = api.world.cloud.faults.calls.length;

      const put = await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web', images: { web: 'repo/web:review' } } });
      const extend = await api.call('POST', '/v1/environments/pr-42/extend', { token });
      const destroy = await api.call('DELETE', '/v1/environments/pr-42', { token });

      expect([put.status, extend.status, destroy.status]).toEqual([403, 403, 403]);
      expect((await put.json()).detail).toContain('only pull_request jobs may');
      expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
    },
  );

  it('lets a job that is not for a pull request read but not write', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { ref: 'refs/heads/main', event_name: 'push' } });

    const read = await api.call('GET', '/v1/environments', { token });
    const write = await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } });

    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect((await write.json()).detail).toContain("this token's ref is refs/heads/main");
  });

  it('refuses a pull_request_target job, whose ref is the base branch', async () => {
    const api = await testApi();
    const token = await api.signer.sign({ claims: { ref: 'refs/heads/main', event_name: 'pull_request_target' } });

    expect((await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } })).status).toBe(403);
  });

  it("lets the job of a merged pull request (ref = base branch) destroy its own branch's pr-<n>, and nothing more", async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign());
    const merged = await api.signer.sign({ claims: { ref: 'refs/heads/main', base_ref: 'main', head_ref: 'feature-x', event_name: 'pull_request' } });

    const update = await api.call('PUT', '/v1/environments/pr-42', { token: merged, body: { app: 'web' } });
    const extend = await api.call('POST', '/v1/environments/pr-42/extend', { token: merged });
    const destroy = await api.call('DELETE', '/v1/environments/pr-42', { token: merged });

    expect([update.status, extend.status, destroy.status]).toEqual([403, 403, 204]);
  });

  it("binds the merged pull request's job to its head branch: pr-42 from feature-a goes, pr-7 from feature-b stays (403)", async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign({ claims: { ref: 'refs/pull/42/merge', head_ref: 'feature-a' } }), 'pr-42');
    await createAs(api, await api.signer.sign({ claims: { ref: 'refs/pull/7/merge', head_ref: 'feature-b' } }), 'pr-7');
    const merged = await api.signer.sign({ claims: { ref: 'refs/heads/main', base_ref: 'main', head_ref: 'feature-a', event_name: 'pull_request' } });

    const own = await api.call('DELETE', '/v1/environments/pr-42', { token: merged });
    const other = await api.call('DELETE', '/v1/environments/pr-7', { token: merged });

    expect(own.status).toBe(204);
    expect(other.status).toBe(403);
    expect((await other.json()).detail).toBe('environment pr-7 was not created from branch feature-a of acme/web; the sweep removes it when it expires');
    expect((await api.call('GET', '/v1/environments/pr-7', { token: TOKENS.alice })).status).toBe(200);
  });

  it('records the repository and head branch of the pull request job that creates an environment', async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign({ claims: { head_ref: 'fix/login#2' } }));

    const [environment] = await api.world.engine.list();

    expect(environment?.labels).toEqual({ repository: 'acme/web', 'head-ref': `sha256:${createHash('sha256').update('fix/login#2').digest('hex')}` });
  });

  it("refuses the merged pull request's job another repository's environment and names that are not pr-<n>", async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign({ claims: { repository: OTHER_REPOSITORY, repository_id: OTHER_REPOSITORY_ID } }), 'api-pr-42');
    await createAs(api, TOKENS.alice, 'feature-x');
    const merged = await api.signer.sign({ claims: { ref: 'refs/heads/main', base_ref: 'main', event_name: 'pull_request' } });

    expect((await api.call('DELETE', '/v1/environments/api-pr-42', { token: merged })).status).toBe(403);
    expect((await api.call('DELETE', '/v1/environments/feature-x', { token: merged })).status).toBe(403);
  });

  it('refuses destroys from a push to the default branch', async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign());
    const push = await api.signer.sign({ claims: { ref: 'refs/heads/main', base_ref: '', event_name: 'push' } });

    expect((await api.call('DELETE', '/v1/environments/pr-42', { token: push })).status).toBe(403);
  });

  it('gives pull request 42 of two allowed repositories one environment each; neither takes nor destroys the other', async () => {
    const api = await testApi();
    const web = await api.signer.sign();
    const other = await api.signer.sign({ claims: { repository: OTHER_REPOSITORY, repository_id: OTHER_REPOSITORY_ID, actor: 'hubot' } });
    await createAs(api, web, 'pr-42');
    await createAs(api, other, `${OTHER_NAME_PREFIX}-pr-42`);
    const writesBefore = api.writes().length;

    const answers = await Promise.all([
      api.call('PUT', '/v1/environments/pr-42', { token: other, body: { app: 'web' } }),
      api.call('DELETE', '/v1/environments/pr-42', { token: other }),
      api.call('PUT', '/v1/environments/api-pr-42', { token: web, body: { app: 'web' } }),
      api.call('DELETE', '/v1/environments/api-pr-42', { token: web }),
    ]);

    expect(answers.map((res) => res.status)).toEqual([403, 403, 403, 403]);
    expect((await answers[1]!.json()).detail).toBe('this job runs for pull request #42 of acme/api: it may manage api-pr-42, not pr-42');
    expect(api.writes().length).toBe(writesBefore);
    const owners = (await api.world.engine.list()).map((environment) => [environment.name, environment.owner]);
    expect(owners).toEqual([['api-pr-42', 'github:acme/api@hubot'], ['pr-42', 'github:acme/web@octocat']]);
  });

  it("lets the merged pull request's job of a prefixed repository destroy its own <prefix>-pr-<n>", async () => {
    const api = await testApi();
    const claims = { repository: OTHER_REPOSITORY, repository_id: OTHER_REPOSITORY_ID };
    await createAs(api, await api.signer.sign({ claims }), 'api-pr-42');
    const merged = await api.signer.sign({ claims: { ...claims, ref: 'refs/heads/main', base_ref: 'main', event_name: 'pull_request' } });

    expect((await api.call('DELETE', '/v1/environments/pr-42', { token: merged })).status).toBe(403);
    expect((await api.call('DELETE', '/v1/environments/api-pr-42', { token: merged })).status).toBe(204);
  });

  it('lets another actor of the same repository update the environment; the first owner stays recorded', async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign({ claims: { actor: 'octocat' } }));
    const teammate = await api.signer.sign({ claims: { actor: 'hubot' } });

    const res = await api.call('PUT', '/v1/environments/pr-42?wait=60', { token: teammate, body: { app: 'web', images: { web: 'repo/web:2' } } });

    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ owner: 'github:acme/web@octocat' });
  });

  it("refuses a person's changes to a pull request job's environment", async () => {
    const api = await testApi();
    await createAs(api, await api.signer.sign());

    const update = await api.call('PUT', '/v1/environments/pr-42', { token: TOKENS.alice, body: { app: 'web' } });
    const destroy = await api.call('DELETE', '/v1/environments/pr-42', { token: TOKENS.alice });

    expect([update.status, destroy.status]).toEqual([403, 403]);
  });
});
