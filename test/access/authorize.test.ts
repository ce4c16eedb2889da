import { describe, expect, it } from 'vitest';
import { TOKENS, testApi } from '../http/fixtures.js';
import { createAs } from './create-as.js';

describe('Ownership rules', () => {
  describe('static tokens', () => {
    it('lets a user update, extend and destroy its own environment', async () => {
      const api = await testApi();
      await createAs(api, TOKENS.alice, 'demo');

      const update = await api.call('PUT', '/v1/environments/demo', { token: TOKENS.alice, body: { app: 'web', ttl: '4h' } });
      const extend = await api.call('POST', '/v1/environments/demo/extend', { token: TOKENS.alice, body: { ttl: '8h' } });
      const destroy = await api.call('DELETE', '/v1/environments/demo', { token: TOKENS.alice });

      expect([update.status, extend.status, destroy.status]).toEqual([200, 200, 204]);
    });

    it("refuses a user's update, extend and destroy of another's environment with 403 and no change", async () => {
      const api = await testApi();
      await createAs(api, TOKENS.alice, 'demo');
      const writesBefore = api.writes().length;

      const update = await api.call('PUT', '/v1/environments/demo', { token: TOKENS.bob, body: { app: 'web', images: { web: 'repo/web:bob' } } });
      const extend = await api.call('POST', '/v1/environments/demo/extend', { token: TOKENS.bob, body: { ttl: '7d' } });
      const destroy = await api.call('DELETE', '/v1/environments/demo', { token: TOKENS.bob });

      expect([update.status, extend.status, destroy.status]).toEqual([403, 403, 403]);
      expect(api.writes().length).toBe(writesBefore);
    });

    it("lets an admin update, extend and destroy anyone's environment, keeping the recorded owner", async () => {
      const api = await testApi();
      await createAs(api, TOKENS.alice, 'demo');

      const update = await api.call('PUT', '/v1/environments/demo', { token: TOKENS.admin, body: { app: 'web', images: { web: 'repo/web:hotfix' } } });
      const extend = await api.call('POST', '/v1/environments/demo/extend', { token: TOKENS.admin, body: { ttl: '1h' } });
      const destroy = await api.call('DELETE', '/v1/environments/demo', { token: TOKENS.admin });

      // 202: the update is answered from UpdateService's reply, whose new deployment has only just started.
      expect(update.status).toBe(202);
      expect(await update.json()).toMatchObject({ owner: 'alice', outcome: 'updated', images: { web: 'repo/web:hotfix' } });
      expect(extend.status).toBe(200);
      expect(destroy.status).toBe(204);
    });

    it('answers 404, not 403, when a user extends or destroys an environment that does not exist', async () => {
      const api = await testApi();

      const extend = await api.call('POST', '/v1/environments/demo/extend', { token: TOKENS.bob });
      const destroy = await api.call('DELETE', '/v1/environments/demo', { token: TOKENS.bob });

      expect([extend.status, destroy.status]).toEqual([404, 404]);
    });

    it.each([
      ['a user', TOKENS.alice],
      ['an admin', TOKENS.admin],
    ])('refuses %s creating pr-<n>, a name reserved for pull request jobs, before any change', async (_who, token) => {
      const api = await testApi();

      const res = await api.call('PUT', '/v1/environments/pr-42', { token, body: { app: 'web' } });

      expect(res.status).toBe(403);
      expect((await res.json()).detail).toBe('pr-42 is reserved for the GitHub Actions job of pull request #42; pick another name, like demo-42');
      expect(api.writes()).toEqual([]);
    });

    it('refuses a user creating <prefix>-pr-<n>, reserved like pr-<n>', async () => {
      const api = await testApi();

      const res = await api.call('PUT', '/v1/environments/api-pr-42', { token: TOKENS.alice, body: { app: 'web' } });

      expect(res.status).toBe(403);
      expect(api.writes()).toEqual([]);
    });

    it("lets an admin extend and destroy a pull request job's pr-<n>", async () => {
      const api = await testApi();
      await createAs(api, await api.signer.sign());

      const extend = await api.call('POST', '/v1/environments/pr-42/extend', { token: TOKENS.admin, body: { ttl: '1h' } });
      const destroy = await api.call('DELETE', '/v1/environments/pr-42', { token: TOKENS.admin });

      expect([extend.status, destroy.status]).toEqual([200, 204]);
    });
  });

  describe('races (the check runs inside the engine\'s lock)', () => {
    it("lets exactly one of two users' simultaneous creates of one name win; the other gets 403 and the winner's image stays", async () => {
      const api = await testApi();
      const put = (token: string, image: string) =>
        api.call('PUT', '/v1/environments/race', { token, body: { app: 'web', images: { web: image } } });

      const [alice, bob] = await Promise.all([put(TOKENS.alice, 'repo/web:alice'), put(TOKENS.bob, 'repo/web:bob')]);

      const statuses = [alice.status, bob.status].sort();
      expect(statuses).toEqual([202, 403]);
      const winner = alice.status === 202 ? { owner: 'alice', image: 'repo/web:alice' } : { owner: 'bob', image: 'repo/web:bob' };
      const environment = await (await api.call('GET', '/v1/environments/race', { token: TOKENS.admin })).json();
      expect(environment).toMatchObject({ owner: winner.owner, images: { web: winner.image } });
    });
  });
});
