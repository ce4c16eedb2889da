import { describe, expect, it } from 'vitest';
import { hashToken, StaticTokenVerifier } from '../../../src/http/auth/static-tokens.js';
import { TOKENS, testApi } from '../fixtures.js';

describe('Class: StaticTokenVerifier', () => {
  it('finds the owner and role of a token whose SHA-256 is configured', () => {
    const verifier = new StaticTokenVerifier([
      { sha256: hashToken('first'), owner: 'alice', role: 'user' },
      { sha256: hashToken('second'), owner: 'ops', role: 'admin' },
    ]);

    expect(verifier.verify('second')).toEqual({ kind: 'token', owner: 'ops', role: 'admin' });
    expect(verifier.verify('third')).toBeUndefined();
    expect(verifier.verify(hashToken('first'))).toBeUndefined();
  });

  it('hashes as sha256sum does', () => {
    // printf %s devenv | sha256sum
    expect(hashToken('devenv')).toBe('3d4a97562af0a9a58226b6839b04e07bd8fdb01e53499954e74d96d95e791618');
  });
});

describe('Static API tokens (through the API)', () => {
  it('answers 401 for an unknown token and for a header that is not Bearer', async () => {
    const api = await testApi();

    const unknown = await api.call('GET', '/v1/environments', { token: 'devenv_guess' });
    const basic = await api.call('GET', '/v1/environments', { headers: { authorization: `Basic ${Buffer.from('alice:pw').toString('base64')}` } });

    expect(unknown.status).toBe(401);
    expect((await unknown.json()).detail).toBe('the API token is not valid');
    expect(basic.status).toBe(401);
    expect((await basic.json()).detail).toContain('"Bearer <token>"');
  });

  it('lets any authenticated caller read, and nobody anonymous', async () => {
    const api = await testApi();

    expect((await api.call('GET', '/v1/environments', { token: TOKENS.bob })).status).toBe(200);
    expect((await api.call('GET', '/v1/environments')).status).toBe(401);
    expect((await api.call('GET', '/v1/environments/pr-1')).status).toBe(401);
  });

  it('refuses every anonymous write with 401 and no cloud call', async () => {
    const api = await testApi();
    const callsBefore = api.world.cloud.faults.calls.length;

    const statuses = await Promise.all([
      api.call('PUT', '/v1/environments/pr-1', { body: { app: 'web' } }),
      api.call('POST', '/v1/environments/pr-1/extend', { body: {} }),
      api.call('DELETE', '/v1/environments/pr-1'),
    ]);

    expect(statuses.map((res) => res.status)).toEqual([401, 401, 401]);
    expect(api.world.cloud.faults.calls.length).toBe(callsBefore);
  });
});
