import { describe, expect, it } from 'vitest';
import { simulated } from '../../support/simulated.js';

const owner = 'alice';

/** Every cloud call a create makes, in the order it first makes them. */
async function createCommands(app: string, images: Record<string, string>): Promise<string[]> {
  const world = simulated();
  const { calls } = await world.engine.create({ name: 'pr-1', app, owner, images });
  return [...new Set(calls.map((call) => call.command))];
}

describe('Class: Engine — failures', () => {
  for (const [app, images] of [
    ['web', { web: 'repo/web:sha' }],
    ['api', {}],
  ] as const) {
    it(`leaves zero resources behind when any step of a ${app} create fails`, async () => {
      const commands = await createCommands(app, images);
      expect(commands.length).toBeGreaterThan(8);

      for (const command of commands) {
        // Prepare
        const world = simulated();
        const before = await world.inspect();
        world.cloud.faults.inject({ command, error: { name: 'InternalFailure', message: `injected failure in ${command}` }, times: Infinity, when: () => true });

        // Act
        const outcome = await world.engine.create({ name: 'pr-1', app, owner, images }).then(
          () => 'created',
          (error: Error) => error.message,
        );

        // Assess: a failure that rollback itself needs (a delete) may let the create succeed; otherwise nothing is left
        world.cloud.faults.clear();
        world.advance(60 * 60_000);
        if (outcome === 'created') continue;
        expect(outcome, command).toMatch(new RegExp(`${command}|injected`));
        expect(await world.inspect(), `after a failing ${command}`).toEqual(before);
      }
    });
  }

  it('reports the original error, not a rollback error', async () => {
    const world = simulated();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'InvalidParameterException', message: 'injected: no capacity' } });

    await expect(world.engine.create({ name: 'pr-2', app: 'web', owner })).rejects.toThrow(/no capacity/);
  });

  it('keeps the host and the quota place of a create whose undo left a rule, and the sweep removes it all', async () => {
    // Prepare
    const world = simulated({ config: { limits: { perOwner: 1, total: 10 } } });
    const before = await world.inspect();
    world.cloud.faults.inject({ command: 'CreateService', error: { name: 'InvalidParameterException', message: 'injected: no capacity' } });
    world.cloud.faults.inject({ command: 'DeleteRule', error: { name: 'AccessDenied', message: 'injected: not authorized' } });

    // Act
    const failed = await world.engine.create({ name: 'pr-8', app: 'web', owner }).catch((error: unknown) => error);
    const left = await world.inspect();
    const refused = await world.engine.create({ name: 'pr-9', app: 'worker', owner }).catch((error: { code?: string }) => error.code);
    world.advance(60 * 60_000);
    await world.engine.sweep();

    // Assess: the rule still routes pr-8's host, so its claim stays (no one else may take the host) and so does its place
    expect((failed as Error).message).toContain('no capacity');
    // The target group too: AWS refuses to delete one a rule still forwards to.
    expect((failed as { context: { leftBehind: string[] } }).context.leftBehind).toEqual([
      expect.stringMatching(/^listener rule /),
      expect.stringMatching(/^target group dv-pr-8-/),
      'DNS records for pr-8.dev.example.com',
      `quota place of ${owner}`,
    ]);
    expect(left.rules.filter((rule) => rule.endsWith('pr-8.dev.example.com'))).toHaveLength(1);
    expect(left.records).toEqual(expect.arrayContaining(['pr-8.dev.example.com A', 'pr-8.dev.example.com TXT']));
    expect(refused).toBe('quota_exceeded');
    expect(await world.inspect()).toEqual(before);
    await expect(world.engine.create({ name: 'pr-9', app: 'worker', owner })).resolves.toMatchObject({ outcome: 'created' });
  });

  it('survives AWS throttling on every call', async () => {
    const world = simulated();
    const commands = await createCommands('web', { web: 'repo/web:sha' });
    for (const command of commands) world.cloud.faults.throttle(command, 2);

    const { environment } = await world.engine.create({ name: 'pr-3', app: 'web', owner, images: { web: 'repo/web:sha' } });

    expect(environment.name).toBe('pr-3');
    expect(world.cloud.faults.calls.filter((call) => call.command === 'CreateService').length).toBe(3);
  });

  it('survives Route 53 PriorRequestNotComplete', async () => {
    const world = simulated();
    world.cloud.faults.inject({ command: 'ChangeResourceRecordSets', error: { name: 'PriorRequestNotComplete' }, times: 3 });

    await expect(world.engine.create({ name: 'pr-4', app: 'web', owner })).resolves.toMatchObject({ outcome: 'created' });
  });

  it('refuses a host name that already has DNS records devenv did not make, and makes nothing', async () => {
    // The seed's apex alias (dev.example.com) stands in for a foreign record: environment "dev" under example.com hits it.
    const world = simulated({ config: { baseDomain: 'example.com' } });
    const before = await world.inspect();

    await expect(world.engine.create({ name: 'dev', app: 'web', owner })).rejects.toMatchObject({ code: 'conflict' });

    expect(await world.inspect()).toEqual(before);
  });

  it('enforces the per-owner quota before making anything', async () => {
    const world = simulated({ config: { limits: { perOwner: 1, total: 10 } } });
    await world.engine.create({ name: 'pr-5', app: 'worker', owner });
    const before = await world.inspect();

    await expect(world.engine.create({ name: 'pr-6', app: 'worker', owner })).rejects.toMatchObject({ code: 'quota_exceeded' });

    expect(await world.inspect()).toEqual(before);
  });

  it('refuses an override for a container the app does not have, before any write', async () => {
    const world = simulated();
    const before = await world.inspect();

    await expect(world.engine.create({ name: 'pr-7', app: 'web', owner, images: { nope: 'repo/x:1' } })).rejects.toMatchObject({
      code: 'invalid_request',
    });

    expect(await world.inspect()).toEqual(before);
  });
});
