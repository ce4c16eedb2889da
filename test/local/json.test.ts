import { describe, expect, it } from 'vitest';
import { copy } from '../../src/local/json.js';

describe('Function: copy', () => {
  it('copies nested objects and arrays, so changing the copy leaves the original as it was', () => {
    // Prepare
    const original = { services: [{ serviceName: 'web', tags: [{ key: 'team', value: 'web' }], deployments: [{ desiredCount: 2 }] }], nextToken: undefined };

    // Act
    const copied = copy(original);
    copied.services[0]!.tags[0]!.value = 'changed';
    copied.services[0]!.deployments.push({ desiredCount: 9 });

    // Assess
    expect(copied).not.toBe(original);
    expect(original).toEqual({ services: [{ serviceName: 'web', tags: [{ key: 'team', value: 'web' }], deployments: [{ desiredCount: 2 }] }] });
    expect(Object.keys(copied)).toEqual(['services', 'nextToken']);
  });

  it('keeps Dates as Dates, each a copy', () => {
    // Prepare
    const createdAt = new Date('2026-11-25T10:00:00.000Z');

    // Act
    const copied = copy({ createdAt });
    createdAt.setUTCFullYear(2030);

    // Assess
    expect(copied.createdAt).toBeInstanceOf(Date);
    expect(copied.createdAt.toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('copies what is not a plain object, array or Date as structuredClone does: bytes, maps, errors', () => {
    // Prepare
    const payload = new Uint8Array([1, 2, 3]);
    const original = { Payload: payload, byKey: new Map([['a', { n: 1 }]]), error: new TypeError('bad') };

    // Act
    const copied = copy(original);
    payload[0] = 9;
    original.byKey.get('a')!.n = 2;

    // Assess
    expect(copied.Payload).toBeInstanceOf(Uint8Array);
    expect([...copied.Payload]).toEqual([1, 2, 3]);
    expect(copied.byKey.get('a')).toEqual({ n: 1 });
    expect(copied.error).toBeInstanceOf(TypeError);
    expect(copied.error.message).toBe('bad');
  });
});
