import { describe, expect, it } from 'vitest';
import { HOUR } from '../support/simulated.js';
import { TOKENS, testApi } from './fixtures.js';

describe('Routes: POST /v1/sweep (the log of what it could not remove)', () => {
  it('logs each failure under its own message, with the AWS error as a field, when a removal fails', async () => {
    // Prepare
    const api = await testApi();
    await api.call('PUT', '/v1/environments/short', { token: TOKENS.alice, body: { app: 'web', ttl: '1h' } });
    api.world.advance(2 * HOUR);
    api.world.cloud.faults.inject({ command: 'DeleteTargetGroup', error: { name: 'ResourceInUse', message: 'Target group is currently in use by a listener or a rule' }, times: Infinity });

    // Act
    const ran = await api.call('POST', '/v1/sweep', { token: TOKENS.admin });

    // Assess
    expect(ran.status).toBe(200);
    expect((await ran.json()).failures).not.toEqual([]);
    const warnings = api.logs.map((line) => JSON.parse(line)).filter((line) => line.level === 'warn');
    expect(warnings).toContainEqual(
      expect.objectContaining({ message: 'sweep could not remove a resource; the next sweep tries again', kind: 'target-group', reason: expect.stringContaining('ResourceInUse') }),
    );
  });
});
