import { describe, expect, it } from 'vitest';
import { TOKENS, testApi } from './fixtures.js';

const WEB = { app: 'web', images: { web: 'repo/web:3f2a1c9' } };
const HOST = 'demo-42.dev.example.com';

type Api = Awaited<ReturnType<typeof testApi>>;

/** Deletes demo-42's listener rule by hand, as an operator cleaning up the load balancer would. */
function deleteRuleByHand(api: Api): void {
  const { Rules } = api.world.cloud.invoke('elbv2', 'DescribeRules', { ListenerArn: api.world.config.listenerArn }) as {
    Rules: Array<{ RuleArn: string; Conditions?: Array<{ HostHeaderConfig?: { Values?: string[] } }> }>;
  };
  const rule = Rules.find((each) => each.Conditions?.some((condition) => condition.HostHeaderConfig?.Values?.includes(HOST)))!;
  api.world.cloud.invoke('elbv2', 'DeleteRule', { RuleArn: rule.RuleArn });
}

describe('Function: createApp', () => {
  describe('Route: POST /v1/environments/{name}/repair', () => {
    it('shows a degraded environment on GET with the missing rule, and the owner repairs it', async () => {
      // Prepare
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      api.world.advance(60_000);
      deleteRuleByHand(api);

      // Act
      const degraded = await (await api.call('GET', '/v1/environments/demo-42', { token: TOKENS.alice })).json();
      const res = await api.call('POST', '/v1/environments/demo-42/repair', { token: TOKENS.alice });
      const fetched = await (await api.call('GET', '/v1/environments/demo-42', { token: TOKENS.alice })).json();

      // Assess
      expect(degraded).toMatchObject({ status: 'degraded', missing: [{ part: 'listener-rule', name: HOST }], statusReason: expect.stringContaining('missing') });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ name: 'demo-42', repaired: [{ part: 'listener-rule', name: HOST }] });
      expect(body.calls).toContainEqual(expect.objectContaining({ command: 'CreateRule', ok: true }));
      expect(fetched).toMatchObject({ status: 'running' });
      expect(fetched).not.toHaveProperty('missing');
    });

    it('lists the degraded environment with its missing parts', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      deleteRuleByHand(api);

      const res = await api.call('GET', '/v1/environments?status=degraded', { token: TOKENS.alice });

      expect(res.status).toBe(200);
      expect((await res.json()).environments).toEqual([expect.objectContaining({ name: 'demo-42', missing: [{ part: 'listener-rule', name: HOST }] })]);
    });

    it('refuses a user who does not own the environment, as a PUT would, and changes nothing', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      deleteRuleByHand(api);
      const before = await api.world.inspect();

      const res = await api.call('POST', '/v1/environments/demo-42/repair', { token: TOKENS.bob });

      expect(res.status).toBe(403);
      expect((await res.json()).type).toBe('urn:devenv:problem:forbidden');
      expect(await api.world.inspect()).toEqual(before);
    });

    it('lets an admin repair any environment', async () => {
      const api = await testApi();
      await api.call('PUT', '/v1/environments/demo-42', { token: TOKENS.alice, body: WEB });
      deleteRuleByHand(api);

      const res = await api.call('POST', '/v1/environments/demo-42/repair', { token: TOKENS.admin });

      expect(res.status).toBe(200);
      expect((await res.json()).repaired).toEqual([{ part: 'listener-rule', name: HOST }]);
    });

    it('answers 404 for an environment that does not exist', async () => {
      const api = await testApi();

      const res = await api.call('POST', '/v1/environments/demo-42/repair', { token: TOKENS.alice });

      expect(res.status).toBe(404);
      expect((await res.json()).type).toBe('urn:devenv:problem:not-found');
    });
  });
});
