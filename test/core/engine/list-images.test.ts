import { describe, expect, it } from 'vitest';
import { simulated } from '../../support/simulated.js';

const owner = 'alice';

describe('Class: Engine — list shows images without describing task definitions', () => {
  it('takes each environment’s images from its service’s tag, updated along with the service', async () => {
    // Prepare
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' } });
    await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-2' } });
    const fresh = world.anotherEngine();
    const callsBefore = world.cloud.faults.calls.length;

    // Act
    const [listed] = await fresh.list();

    // Assess
    expect(listed?.images.web).toBe('repo/web:sha-2');
    expect(world.cloud.faults.calls.slice(callsBefore).filter((call) => call.command === 'DescribeTaskDefinition')).toEqual([]);
  });

  it('reads the task definition instead when an update could not tag the service', async () => {
    // Prepare: the tag still names the revision the update replaced
    const world = simulated();
    await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-1' } });
    world.cloud.faults.inject({ command: 'TagResource', service: 'ecs', error: { name: 'ServerException', message: 'injected' } });
    await world.engine.create({ name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha-2' } });
    const fresh = world.anotherEngine();
    const callsBefore = world.cloud.faults.calls.length;

    // Act
    const [listed] = await fresh.list();

    // Assess
    expect(listed?.images.web).toBe('repo/web:sha-2');
    expect(world.cloud.faults.calls.slice(callsBefore).filter((call) => call.command === 'DescribeTaskDefinition')).toHaveLength(1);
  });
});
