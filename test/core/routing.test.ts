import { describe, expect, it } from 'vitest';
import { freePriority, targetTypeFor } from '../../src/core/routing.js';

describe('Function: freePriority', () => {
  it('takes the start when it is free', () => {
    expect(freePriority(new Set([1, 2]), 5, { min: 1, max: 10 })).toBe(5);
  });

  it('moves past used priorities and wraps around within the range', () => {
    expect(freePriority(new Set([9, 10, 1]), 9, { min: 1, max: 10 })).toBe(2);
  });

  it('ignores the default rule', () => {
    expect(freePriority(new Set<number | 'default'>(['default']), 1, { min: 1, max: 1 })).toBe(1);
  });

  it('finds nothing when the range is full', () => {
    expect(freePriority(new Set([1, 2, 3]), 2, { min: 1, max: 3 })).toBeUndefined();
  });
});

describe('Function: targetTypeFor', () => {
  it('uses ip targets for awsvpc and instance targets for bridge and host', () => {
    expect(targetTypeFor('awsvpc')).toBe('ip');
    expect(targetTypeFor('bridge')).toBe('instance');
    expect(targetTypeFor('host')).toBe('instance');
  });
});
