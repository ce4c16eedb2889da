import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/simulated.js';
import { TOKENS, testApi } from './fixtures.js';

describe('Routes: POST /v1/sweep with a body', () => {
  it.each([
    ['{"dryRun":true}', 'application/json'],
    ['dryRun=true', 'application/x-www-form-urlencoded'],
  ])('refuses %s with 400 and removes nothing, as it refuses ?dryRun=', async (body, contentType) => {
    // Prepare: an operator who wants a dry run sends it as a body, as many APIs take options
    const api = await testApi();
    await api.call('PUT', '/v1/environments/short', { token: TOKENS.alice, body: { app: 'web', ttl: '1h' } });
    api.world.advance(2 * HOUR);
    const writesBefore = api.writes().length;

    // Act
    const res = await api.call('POST', '/v1/sweep', { token: TOKENS.admin, body, headers: { 'content-type': contentType } });

    // Assess
    expect(res.status).toBe(400);
    expect((await res.json()).type).toBe('urn:devenv:problem:invalid-request');
    expect(api.writes().length).toBe(writesBefore);
  });

  it('runs when the body is empty, as the CLI sends it', async () => {
    // Prepare
    const api = await testApi();

    // Act
    const res = await api.call('POST', '/v1/sweep', { token: TOKENS.admin });

    // Assess
    expect(res.status).toBe(200);
  });
});
