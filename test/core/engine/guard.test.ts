import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/core/errors.js';
import type { WriteGuard } from '../../../src/core/write-guard.js';
import { simulated } from '../../support/simulated.js';

/** Refuses a change to an environment someone else holds, like the API does for `user` callers. */
const onlyOwner =
  (owner: string): WriteGuard =>
  (current) => {
    if (current && current.owner !== owner) throw new ForbiddenError(`held by ${current.owner}`);
  };

describe('Class: Engine — write guards', () => {
  it('gives the guard nothing for a new environment and the holder for an existing one', async () => {
    const world = simulated();
    const seen: unknown[] = [];
    const record: WriteGuard = (current) => void seen.push(current);

    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', labels: { 'head-ref': 'feature-x' } }, { guard: record });
    await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice' }, { guard: record });

    expect(seen).toEqual([undefined, { owner: 'alice', app: 'web', labels: { 'head-ref': 'feature-x' } }]);
  });

  it('checks inside the lock, so a racing write of another owner cannot slip in', async () => {
    const world = simulated();

    const [alice, bob] = await Promise.allSettled([
      world.engine.create({ name: 'race', app: 'web', owner: 'alice', images: { web: 'repo/web:alice' } }, { guard: onlyOwner('alice') }),
      world.engine.create({ name: 'race', app: 'web', owner: 'bob', images: { web: 'repo/web:bob' } }, { guard: onlyOwner('bob') }),
    ]);

    expect(alice.status).toBe('fulfilled');
    expect(bob).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    expect((await world.engine.get('race')).images.web).toBe('repo/web:alice');
  });

  it('changes nothing when the guard refuses an extend or a destroy', async () => {
    const world = simulated();
    await world.engine.create({ name: 'pr-2', app: 'web', owner: 'alice' });
    const before = await world.inspect();
    const expiresAt = (await world.engine.get('pr-2')).expiresAt;

    await expect(world.engine.extend('pr-2', '72h', { guard: onlyOwner('bob') })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(world.engine.destroy('pr-2', { guard: onlyOwner('bob') })).rejects.toBeInstanceOf(ForbiddenError);

    expect(await world.inspect()).toEqual(before);
    expect((await world.engine.get('pr-2')).expiresAt).toBe(expiresAt);
  });

  it('keeps labels with the environment and shows them on every read', async () => {
    const world = simulated();

    await world.engine.create({ name: 'pr-3', app: 'worker', owner: 'ci', labels: { 'head-ref': 'fix/login', repository: 'acme/web' } });

    expect((await world.anotherEngine().list())[0]?.labels).toEqual({ 'head-ref': 'fix/login', repository: 'acme/web' });
  });

  it.each([
    ['too many labels', { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' }],
    ['an upper-case key', { Head: 'x' }],
    ['a value with a comma', { 'head-ref': 'a,b' }],
  ])('refuses %s before any cloud call', async (_case, labels) => {
    const world = simulated();
    const callsBefore = world.cloud.faults.calls.length;

    await expect(world.engine.create({ name: 'pr-4', app: 'web', owner: 'ci', labels })).rejects.toMatchObject({ code: 'invalid_request' });

    expect(world.cloud.faults.calls.length).toBe(callsBefore);
  });
});
