import { describe, expect, it } from 'vitest';
import type { Removed } from '../../../src/core/remove-resources.js';
import { HOUR, MINUTE, simulated } from '../../support/simulated.js';

const owner = 'alice';
const WRITE = /^(Create|Delete|Update|Register|Deregister|Change|Tag|Untag|Modify|Put)/;
const byKindAndId = (list: readonly Removed[]) => [...list].sort((a, b) => `${a.kind} ${a.id}`.localeCompare(`${b.kind} ${b.id}`));

/** Two expired environments, one live one, and the leftovers of a create that crashed with its rollback. */
async function worldWithExpiredAndOrphans() {
  const world = simulated();
  await world.engine.create({ name: 'short', app: 'web', owner, ttl: '1h', images: { web: 'repo/web:1' } });
  await world.engine.create({ name: 'quiet', app: 'worker', owner, ttl: '1h' });
  await world.engine.create({ name: 'long', app: 'api', owner, ttl: '48h' });
  world.cloud.faults.inject({ command: 'CreateService', error: { name: 'InternalFailure', message: 'injected' } });
  for (const command of ['DeleteRule', 'DeleteTargetGroup', 'DeregisterTaskDefinition']) {
    world.cloud.faults.inject({ command, error: { name: 'InternalFailure', message: 'injected' }, times: Infinity });
  }
  world.cloud.faults.inject({
    command: 'ChangeResourceRecordSets',
    error: { name: 'InternalFailure', message: 'injected' },
    times: Infinity,
    when: (input: { ChangeBatch: { Changes: Array<{ Action: string }> } }) => input.ChangeBatch.Changes.some((change) => change.Action === 'DELETE'),
  });
  await expect(world.engine.create({ name: 'crashed', app: 'web', owner, images: { web: 'repo/web:x' } })).rejects.toThrow(/injected/);
  world.cloud.faults.clear();
  world.advance(2 * HOUR + 20 * MINUTE);
  return world;
}

describe('Class: Engine — sweep dry run', () => {
  describe('Method: planSweep (simulated cloud, frozen clock)', () => {
    it('removes nothing and lists exactly what the real sweep then removes', async () => {
      // Prepare
      const world = await worldWithExpiredAndOrphans();
      const before = await world.inspect();
      const callsBefore = world.cloud.faults.calls.length;

      // Act: the dry run
      const plan = await world.engine.planSweep();

      // Assess: it read the cloud and wrote nothing
      const planCalls = world.cloud.faults.calls.slice(callsBefore).map((call) => call.command);
      expect(planCalls.length).toBeGreaterThan(0);
      expect(planCalls.filter((command) => WRITE.test(command))).toEqual([]);
      expect(await world.inspect()).toEqual(before);
      expect(plan.expired).toEqual(['quiet', 'short']);
      expect(plan.resources).toEqual(expect.arrayContaining([{ kind: 'service', id: 'devenv-short' }, { kind: 'service', id: 'devenv-quiet' }]));
      expect(plan.orphans.map((orphan) => orphan.kind).sort()).toEqual(['dns-records', 'listener-rule', 'target-group', 'task-definition']);

      // Act: the real sweep, at the same moment
      const report = await world.engine.sweep();

      // Assess: the same environments, the same resources, the same orphans
      expect(report.failures).toEqual([]);
      expect(report.expired).toEqual(plan.expired);
      expect(byKindAndId(report.removed)).toEqual(byKindAndId(plan.resources));
      expect(byKindAndId(report.orphans)).toEqual(byKindAndId(plan.orphans));
      expect((await world.engine.list()).map((environment) => environment.name)).toEqual(['long']);
    });

    it('plans nothing when nothing has expired and there are no orphans', async () => {
      const world = simulated();
      await world.engine.create({ name: 'long', app: 'web', owner, ttl: '48h' });

      const plan = await world.engine.planSweep();

      expect(plan).toMatchObject({ expired: [], orphans: [], resources: [] });
    });
  });
});
