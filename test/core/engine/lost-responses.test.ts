import { describe, expect, it } from 'vitest';
import { HOUR, simulated } from '../../support/simulated.js';

const owner = 'alice';
const request = { name: 'pr-1', app: 'web', owner, images: { web: 'repo/web:sha' } };

/** The calls of a create that make something. */
const MAKING = ['ChangeResourceRecordSets', 'CreateTargetGroup', 'CreateRule', 'RegisterTaskDefinition', 'CreateService'];

describe('Class: Engine — answers lost on the way back', () => {
  it('removes the service that a failed CreateService made anyway, with everything else, at once', async () => {
    // Prepare
    const world = simulated();
    const before = await world.inspect();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'RequestTimeout', message: 'injected: no answer' }, afterRunning: true });

    // Act
    const error = await world.engine.create(request).catch((caught: Error) => caught);

    // Assess
    expect(error).toMatchObject({ message: expect.stringMatching(/no answer/) });
    world.advance(HOUR);
    expect(await world.inspect()).toEqual(before);
    expect(await world.engine.list()).toEqual([]);
  });

  it.each(MAKING)('leaves nothing after the next sweep when %s made its resource but its answer was lost', async (command) => {
    // Prepare
    const world = simulated();
    const before = await world.inspect();
    world.cloud.faults.inject({ command, error: { name: 'RequestTimeout', message: `injected: no answer to ${command}` }, afterRunning: true });

    // Act
    await expect(world.engine.create(request)).rejects.toThrow(/no answer/);
    world.advance(HOUR);
    await world.engine.sweep();

    // Assess
    expect(await world.inspect(), `after a lost ${command}`).toEqual(before);
  });
});
