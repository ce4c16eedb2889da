import { describe, expect, it } from 'vitest';
import { InvalidNameError } from '../../src/core/errors.js';
import {
  assertValidAppName,
  assertValidEnvironmentName,
  environmentNames,
  maxEnvironmentNameLength,
  preferredPriority,
  targetGroupName,
} from '../../src/core/names.js';

const DOMAIN = 'dev.example.com';

describe('Function: assertValidEnvironmentName', () => {
  it.each([
    ['empty', ''],
    ['64 characters', 'a'.repeat(64)],
    ['far too long', 'a'.repeat(300)],
    ['upper case', 'PR-42'],
    ['a dot', 'pr.42'],
    ['a double hyphen', 'pr--42'],
    ['IDNA prefix', 'xn--bcher-kva'],
    ['unicode', 'prü-42'],
    ['an emoji', 'pr-🚀'],
    ['a leading hyphen', '-pr42'],
    ['a trailing hyphen', 'pr42-'],
    ['an underscore', 'pr_42'],
    ['a space', 'pr 42'],
    ['a slash', 'pr/42'],
    ['a wildcard', 'pr-*'],
    ['a newline', 'pr-42\n'],
  ])('refuses a name with %s', (_case, name) => {
    expect(() => assertValidEnvironmentName(name, DOMAIN)).toThrow(InvalidNameError);
  });

  it.each([null, undefined, 42, {}])('refuses a non-string name (%s)', (name) => {
    expect(() => assertValidEnvironmentName(name, DOMAIN)).toThrow(InvalidNameError);
  });

  it.each([
    ['a leading digit', '42-pr'],
    ['a single character', 'a'],
    ['all digits', '1234'],
    ['the longest allowed name', 'a'.repeat(63)],
  ])('accepts a name with %s', (_case, name) => {
    expect(() => assertValidEnvironmentName(name, DOMAIN)).not.toThrow();
  });

  it('says how long the name may be when it is too long', () => {
    expect(() => assertValidEnvironmentName('a'.repeat(64), DOMAIN)).toThrow(/at most 63/);
  });

  it('shortens the longest name when the base domain leaves less room in a host header', () => {
    // Prepare: a 100-character base domain leaves 27 characters (128 - 100 - 1) for the label.
    const domain = `${'d'.repeat(60)}.${'e'.repeat(39)}`;

    // Act & Assess
    expect(maxEnvironmentNameLength(domain)).toBe(27);
    expect(() => assertValidEnvironmentName('a'.repeat(27), domain)).not.toThrow();
    expect(() => assertValidEnvironmentName('a'.repeat(28), domain)).toThrow(InvalidNameError);
  });
});

describe('Function: assertValidAppName', () => {
  it.each(['', 'Web', 'a'.repeat(33), 'web--x', '-web', 'web.app'])('refuses app name %j', (app) => {
    expect(() => assertValidAppName(app)).toThrow(InvalidNameError);
  });

  it('accepts a 32-character app name', () => {
    expect(() => assertValidAppName('a'.repeat(32))).not.toThrow();
  });
});

describe('Function: targetGroupName', () => {
  it('keeps every name within the 32-character limit and AWS character rules', () => {
    for (const name of ['a', 'pr-42', 'a'.repeat(63), `${'a'.repeat(20)}-${'b'.repeat(42)}`]) {
      const derived = targetGroupName('devenv', name);
      expect(derived.length).toBeLessThanOrEqual(32);
      expect(derived).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/);
    }
  });

  it('gives distinct names to long environment names that share a prefix', () => {
    const shared = 'feature-very-long-branch-name';
    expect(targetGroupName('devenv', `${shared}-one`)).not.toBe(targetGroupName('devenv', `${shared}-two`));
  });

  it('gives distinct names to the same environment in two devenv instances', () => {
    expect(targetGroupName('devenv', 'pr-42')).not.toBe(targetGroupName('devenv-staging', 'pr-42'));
  });

  it('never leaves a hyphen before the hash separator when truncating', () => {
    const name = `${'a'.repeat(19)}-${'b'.repeat(10)}`;
    expect(targetGroupName('devenv', name)).not.toMatch(/--/);
  });
});

describe('Function: environmentNames', () => {
  it('derives the host and ten exact service slots', () => {
    const names = environmentNames('devenv', 'pr-42', DOMAIN);
    expect(names.host).toBe('pr-42.dev.example.com');
    expect(names.serviceSlots).toHaveLength(10);
    expect(names.serviceSlots[0]).toBe('devenv-pr-42');
    expect(names.serviceSlots[3]).toBe('devenv-pr-42--3');
  });

  it('cannot confuse a slot of one environment with another environment', () => {
    // "pr-4--2" is not a valid environment name, so slot 2 of pr-4 never belongs to someone else.
    const slots = new Set(environmentNames('devenv', 'pr-4', DOMAIN).serviceSlots);
    expect(slots.has(environmentNames('devenv', 'pr-42', DOMAIN).serviceSlots[0]!)).toBe(false);
  });
});

describe('Function: preferredPriority', () => {
  it('stays within the configured range', () => {
    for (let index = 0; index < 200; index++) {
      const priority = preferredPriority('devenv', `pr-${index}`, { min: 100, max: 199 });
      expect(priority).toBeGreaterThanOrEqual(100);
      expect(priority).toBeLessThanOrEqual(199);
    }
  });

  it('is the same for the same name, so racing creates of one name contend for one priority', () => {
    expect(preferredPriority('devenv', 'pr-42', { min: 1, max: 50_000 })).toBe(preferredPriority('devenv', 'pr-42', { min: 1, max: 50_000 }));
  });
});
