import { describe, expect, it } from 'vitest';
import { simulated } from '../../support/simulated.js';

const request = { name: 'pr-1', app: 'web', owner: 'alice', images: { web: 'repo/web:sha' } };
const deletes = (input: any) => input.ChangeBatch.Changes.some((change: any) => change.Action === 'DELETE');

describe('Class: Engine — a claim left by a failed create', () => {
  it('creates again at once, under the lock, when a failed create could not give its DNS claim back', async () => {
    // Prepare: a create fails and its undo cannot delete the claim (Route 53 throttled), so the claim stays
    const world = simulated();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'ServerException', message: 'injected: create failed' } });
    world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'ServiceUnavailable' }, times: Infinity, when: deletes });
    await expect(world.engine.create(request)).rejects.toThrow(/create failed/);
    world.cloud.faults.clear();

    // Act: the caller tries again a minute later; the environment's lock proves no create of it is running
    world.advance(60_000);
    const again = await world.engine.create(request).catch((error: unknown) => error);

    // Assess: not a busy "being created by another request" for orphanGraceMinutes (15 min), since none is
    expect(again).toMatchObject({ outcome: 'created' });
  });
});
