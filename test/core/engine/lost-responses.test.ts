import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, simulated } from '../../support/simulated.js';

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

  describe('Scenario: a retried step meets its own first attempt (issue 8, point 4)', () => {
    const claimChange = (action: string) => (input: any) => input.ChangeBatch.Changes.some((change: any) => change.Action === action);

    it('creates the environment when Route 53 applied the DNS claim, its answer was lost and the SDK sent it again', async () => {
      // Prepare
      const world = simulated();
      world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'RequestTimeout' }, retried: true, when: claimChange('CREATE') });

      // Act
      const created = await world.engine.create(request);

      // Assess: the claim was sent twice, the second found the first's records, and that is success
      expect(created.outcome).toBe('created');
      expect(world.cloud.faults.callsOf('ChangeResourceRecordSets')).toHaveLength(2);
      expect((await world.inspect()).records).toEqual(expect.arrayContaining(['pr-1.dev.example.com A', 'pr-1.dev.example.com TXT']));
      expect(await world.engine.get('pr-1')).toMatchObject({ name: 'pr-1', url: 'https://pr-1.dev.example.com' });
    });

    it('takes over a stale claim when the takeover was applied, its answer lost and the SDK sent it again', async () => {
      // Prepare: a create that crashed left its DNS claim (its rollback could not delete it), long ago
      const world = simulated();
      world.cloud.faults.inject({ command: 'CreateService', error: { name: 'ServerException', message: 'injected: crash' } });
      world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'ServiceUnavailable' }, times: Infinity, when: claimChange('DELETE') });
      await expect(world.engine.create(request)).rejects.toThrow(/crash/);
      world.cloud.faults.clear();
      world.advance(20 * MINUTE);
      world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'RequestTimeout' }, retried: true, when: claimChange('DELETE') });

      // Act
      const created = await world.engine.create(request);

      // Assess
      expect(created.outcome).toBe('created');
      expect(created.environment.url).toBe('https://pr-1.dev.example.com');
    });
  });
});
