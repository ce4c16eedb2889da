import { describe, expect, it, vi } from 'vitest';
import { CloudError } from '../../src/core/errors.js';
import { HOUR } from '../support/simulated.js';
import { TOKENS, testApi } from './fixtures.js';

const WEB = { app: 'web', images: { web: 'repo/web:3f2a1c9' } };

describe('Function: createApp', () => {
  describe('Route: PUT /v1/environments/{name}', () => {
    it('answers 202 with the new environment still creating, its owner, URL and the cloud calls made', async () => {
      const api = await testApi();

      const res = await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });

      expect(res.status).toBe(202);
      expect(res.headers.get('location')).toBe('/v1/environments/demo-42');
      const body = await res.json();
      expect(body).toMatchObject({
        name: 'demo-42',
        app: 'web',
        owner: 'alice',
        url: 'https://demo-42.dev.example.com',
        status: 'creating',
        outcome: 'created',
        images: { web: 'repo/web:3f2a1c9' },
        createdAt: '2026-11-25T10:00:00.000Z',
        expiresAt: '2026-11-27T10:00:00.000Z',
      });
      expect(body.calls).toContainEqual(expect.objectContaining({ service: 'ecs', command: 'CreateService', ok: true }));
      expect(body).not.toHaveProperty('service');
    });

    it('answers 201 with a running environment when ?wait lets the deployment finish', async () => {
      const api = await testApi();

      const res = await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: WEB });

      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ status: 'running', outcome: 'created' });
    });

    it('answers 202 when ?wait runs out while the environment is still creating, after waiting that long', async () => {
      const api = await testApi({ deploymentSeconds: 300 });
      const started = api.world.now().getTime();

      const res = await api.call('PUT', '/v1/environments/demo-42?wait=30', { token: TOKENS.alice, body: WEB });

      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ status: 'creating', outcome: 'created' });
      expect(api.world.now().getTime() - started).toBe(30_000);
    });

    it('bounds ?wait by maxWaitSeconds', async () => {
      const api = await testApi({ deploymentSeconds: 3600, app: { maxWaitSeconds: 20 } });
      const started = api.world.now().getTime();

      const res = await api.call('PUT', '/v1/environments/demo-42?wait=900', { token: TOKENS.alice, body: WEB });

      expect(res.status).toBe(202);
      expect(api.world.now().getTime() - started).toBe(20_000);
    });

    it('is idempotent: the same request again answers 200 unchanged and makes no change in the cloud', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: { app: 'web' } });
      const writesBefore = api.writes().length;

      const res = await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web' } });

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: 'unchanged', status: 'running' });
      expect(api.writes().length).toBe(writesBefore);
    });

    it('rolls out again when the same image is sent again (ECS would not pull a reused tag otherwise): 200 updated', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: WEB });

      const res = await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: WEB });

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: 'updated', status: 'running' });
    });

    it('answers 202 with the last state seen when a poll of ?wait fails, and logs the failure', async () => {
      const api = await testApi({ deploymentSeconds: 300 });
      vi.spyOn(api.world.engine, 'get').mockRejectedValueOnce(new CloudError('DescribeServices', 'Rate exceeded'));

      const res = await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: WEB });

      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ name: 'demo-42', status: 'creating', outcome: 'created' });
      expect(api.logs.some((line) => line.includes('"level":"warn"') && line.includes('Rate exceeded'))).toBe(true);
    });

    it('updates in place with a new image: 202 while it rolls out, then 200 once settled', async () => {
      const api = await testApi({ deploymentSeconds: 60 });
      await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: WEB });

      const rolling = await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: { app: 'web', images: { web: 'repo/web:new' } } });
      const settled = await api.call('PUT', '/v1/environments/demo-42?wait=60', { token: TOKENS.alice, body: { app: 'web', images: { web: 'repo/web:newer' } } });

      expect(rolling.status).toBe(202);
      expect(await rolling.json()).toMatchObject({ outcome: 'updated', images: { web: 'repo/web:new' } });
      expect(settled.status).toBe(200);
      expect(await settled.json()).toMatchObject({ outcome: 'updated', status: 'running', images: { web: 'repo/web:newer' } });
    });

    it('passes ttl and environment variables to the engine', async () => {
      const api = await testApi();

      const res = await api.call('PUT', '/v1/environments/demo-42', {
        token: TOKENS.alice,
        body: { app: 'web', ttl: '2h', environment: { web: { LOG_LEVEL: 'debug' } } },
      });

      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ expiresAt: '2026-11-25T12:00:00.000Z' });
      const registered = api.world.cloud.faults.callsOf('RegisterTaskDefinition').at(-1)?.input as {
        containerDefinitions: { name: string; environment?: { name: string; value: string }[] }[];
      };
      const web = registered.containerDefinitions.find((container) => container.name === 'web');
      expect(web?.environment).toContainEqual({ name: 'LOG_LEVEL', value: 'debug' });
    });
  });

  describe('Route: GET /v1/environments', () => {
    it('lists environments by name and filters by owner, app and status', async () => {
      const api = await testApi({ deploymentSeconds: 60 });
      await api.call('PUT', '/v1/environments/demo-2?wait=120', { token: TOKENS.alice, body: { app: 'web' } });
      await api.call('PUT', '/v1/environments/demo-1', { token: TOKENS.bob, body: { app: 'worker' } });

      const all = await (await api.call('GET', '/v1/environments', { token: TOKENS.alice })).json();
      const bobs = await (await api.call('GET', '/v1/environments?owner=bob', { token: TOKENS.alice })).json();
      const web = await (await api.call('GET', '/v1/environments?app=web', { token: TOKENS.alice })).json();
      const running = await (await api.call('GET', '/v1/environments?status=running', { token: TOKENS.alice })).json();
      const creating = await (await api.call('GET', '/v1/environments?status=creating', { token: TOKENS.alice })).json();

      expect(all.environments.map((environment: { name: string }) => environment.name)).toEqual(['demo-1', 'demo-2']);
      expect(bobs.environments.map((environment: { name: string }) => environment.name)).toEqual(['demo-1']);
      expect(web.environments.map((environment: { name: string }) => environment.name)).toEqual(['demo-2']);
      expect(running.environments.map((environment: { name: string }) => environment.name)).toEqual(['demo-2']);
      expect(creating.environments.map((environment: { name: string }) => environment.name)).toEqual(['demo-1']);
    });
  });

  describe('Route: GET /v1/environments/{name}', () => {
    it('shows progress: creating right after the PUT, running once the deployment is done', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });

      const first = await api.call('GET', '/v1/environments/demo-42', { token: TOKENS.bob });
      api.world.advance(10_000);
      const later = await (await api.call('GET', '/v1/environments/demo-42', { token: TOKENS.bob })).json();

      expect(first.status).toBe(200);
      expect(later).toMatchObject({ name: 'demo-42', owner: 'alice', status: 'running', url: 'https://demo-42.dev.example.com' });
    });
  });

  describe('Route: POST /v1/environments/{name}/extend', () => {
    it('adds the ttl to the current expiry, answers the new one and reports the calls made', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      api.world.advance(HOUR);

      const res = await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice, body: { ttl: '24h' } });

      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ name: 'demo-42', expiresAt: '2026-11-28T10:00:00.000Z', capped: false });
      expect(body.calls).toContainEqual(expect.objectContaining({ command: 'TagResource' }));
    });

    it('adds the default ttl when the body is absent', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      api.world.advance(HOUR);

      const res = await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice });

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ expiresAt: '2026-11-29T10:00:00.000Z' });
    });

    it('reads an empty body sent as JSON (curl -X POST -H "content-type: application/json") as no ttl', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });

      const res = await api.call('POST', '/v1/environments/demo-42/extend', { token: TOKENS.alice, headers: { 'content-type': 'application/json' } });

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ expiresAt: '2026-11-29T10:00:00.000Z' });
    });

    it('accepts a JSON content type with parameters', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });

      const res = await api.call('POST', '/v1/environments/demo-42/extend', {
        token: TOKENS.alice,
        body: '{"ttl":"1h"}',
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });

      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ expiresAt: '2026-11-27T11:00:00.000Z' });
    });
  });

  describe('Route: DELETE /v1/environments/{name}', () => {
    it('answers 204 and the environment is gone', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });

      const res = await api.call('DELETE', '/v1/environments/demo-42', { token: TOKENS.alice });

      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
      expect((await api.call('GET', '/v1/environments/demo-42', { token: TOKENS.alice })).status).toBe(404);
    });

    it('answers 404 when nothing existed, also for an admin', async () => {
      const api = await testApi();

      const res = await api.call('DELETE', '/v1/environments/demo-404', { token: TOKENS.admin });

      expect(res.status).toBe(404);
      expect((await res.json()).type).toBe('urn:devenv:problem:not-found');
    });
  });

  describe('Route: GET /healthz', () => {
    it('answers 200 without a token', async () => {
      const api = await testApi();

      const res = await api.call('GET', '/healthz');

      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });
  });

  describe('Middleware: request id and logs', () => {
    it("keeps its own request id and logs a caller's X-Request-Id as clientRequestId", async () => {
      const api = await testApi();

      const res = await api.call('GET', '/v1/environments/demo-9', { token: TOKENS.alice, headers: { 'x-request-id': 'ci-run-77' } });

      const requestId = res.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await res.json()).requestId).toBe(requestId);
      const lines = api.logs.map((line) => JSON.parse(line));
      expect(lines.find((line) => line.message === 'request completed')).toMatchObject({
        requestId,
        clientRequestId: 'ci-run-77',
        status: 404,
        method: 'GET',
        path: '/v1/environments/demo-9',
        caller: 'alice',
      });
    });

    it('makes up a request id when none is given', async () => {
      const api = await testApi();

      const res = await api.call('GET', '/healthz');

      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('never writes a token to the logs, on success or on failure', async () => {
      const api = await testApi();
      const jwt = await api.signer.sign();
      const expired = await api.signer.sign({ expiresIn: -600 });

      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      await api.call('GET', '/v1/environments', { token: jwt });
      await api.call('GET', '/v1/environments', { token: expired });
      await api.call('GET', '/v1/environments', { token: 'devenv_not-a-real-token' });

      const text = api.logs.join('\n');
      expect(api.logs.length).toBeGreaterThan(4);
      for (const secret of [TOKENS.alice, jwt, expired, 'devenv_not-a-real-token', jwt.split('.')[2]!]) {
        expect(text).not.toContain(secret);
      }
    });
  });
});
