import { describe, expect, it } from 'vitest';
import { InvalidNameError } from '../../../src/core/errors.js';
import { simulated } from '../../support/simulated.js';

const hostile = ['', 'a'.repeat(64), 'PR-42', 'pr.42', 'pr--42', 'prü', '-pr', 'pr-', 'pr_1', '../etc', 'a'.repeat(10_000)];

describe('Class: Engine — validation', () => {
  it.each(hostile)('refuses environment name %j with a clear error and no cloud call', async (name) => {
    const world = simulated();
    const callsBefore = world.cloud.faults.calls.length;

    await expect(world.engine.create({ name, app: 'web', owner: 'alice' })).rejects.toBeInstanceOf(InvalidNameError);
    // The message says what is wrong with the name, in words a person can act on.
    await expect(world.engine.create({ name, app: 'web', owner: 'alice' })).rejects.toThrow(/environment name|letters|characters|hyphen/);
    await expect(world.engine.destroy(name)).rejects.toBeInstanceOf(InvalidNameError);
    await expect(world.engine.extend(name, '1h')).rejects.toBeInstanceOf(InvalidNameError);

    expect(world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it.each([
    ['an unknown app', { app: 'x'.repeat(500) }],
    ['an app named after an inherited property (toString)', { app: 'toString' }],
    ['an app named __proto__', { app: '__proto__' }],
    ['an app named constructor', { app: 'constructor' }],
    ['a TTL above the maximum', { ttl: '30d' }],
    ['a malformed TTL', { ttl: 'soon' }],
    ['a malformed image', { images: { web: 'not an image' } }],
    ['a malformed variable name', { environment: { web: { 'BAD-NAME': 'x' } } }],
    ['a variable value with a NUL', { environment: { web: { LOG_LEVEL: 'debug\u0000x' } } }],
    ['a variable value with a lone surrogate', { environment: { web: { LOG_LEVEL: 'debug\uD800' } } }],
    ['an owner with forbidden characters', { owner: 'alice;drop' }],
  ])('refuses %s with no cloud call', async (_case, override) => {
    const world = simulated();
    const callsBefore = world.cloud.faults.calls.length;

    await expect(world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', ...override })).rejects.toMatchObject({
      code: 'invalid_request',
    });

    expect(world.cloud.faults.calls.length).toBe(callsBefore);
  });

  it('accepts a variable value with an emoji (a surrogate pair, well formed)', async () => {
    const world = simulated();

    const { environment } = await world.engine.create({ name: 'pr-1', app: 'web', owner: 'alice', environment: { web: { GREETING: 'hello 👋' } } });

    expect(environment.name).toBe('pr-1');
  });

  it('accepts a name with a leading digit and the longest allowed name', async () => {
    const world = simulated({ config: { limits: { perOwner: 5, total: 5 } } });

    await expect(world.engine.create({ name: '42', app: 'worker', owner: 'alice' })).resolves.toMatchObject({ outcome: 'created' });
    await expect(world.engine.create({ name: 'a'.repeat(63), app: 'web', owner: 'alice' })).resolves.toMatchObject({ outcome: 'created' });
  });
});
