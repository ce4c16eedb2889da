import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/core/errors.js';
import { assertValidOwner, formatOwnershipRecord, isOwnedBy, parseOwnershipRecord, TAG } from '../../src/core/tags.js';

describe('Function: isOwnedBy', () => {
  const tags = { [TAG.managedBy]: 'devenv', [TAG.environment]: 'pr-12' };

  it('matches the environment exactly, never by prefix', () => {
    expect(isOwnedBy(tags, 'devenv', 'pr-12')).toBe(true);
    expect(isOwnedBy(tags, 'devenv', 'pr-1')).toBe(false);
  });

  it('does not claim resources of another devenv instance', () => {
    expect(isOwnedBy(tags, 'devenv-other')).toBe(false);
  });

  it('does not claim untagged resources', () => {
    expect(isOwnedBy({ team: 'platform' }, 'devenv')).toBe(false);
  });
});

describe('Function: parseOwnershipRecord', () => {
  it('reads back what formatOwnershipRecord wrote', () => {
    const ownership = { instance: 'devenv', environment: 'pr-42', app: 'web', createdAt: '2026-11-25T10:00:00.000Z', claim: 'c-1' };
    expect(parseOwnershipRecord(formatOwnershipRecord(ownership))).toEqual(ownership);
  });

  it('writes format 2, short enough for 250 hosts per Route 53 change request', () => {
    const ownership = { instance: 'devenv-48ecc342e5', environment: 'pr-42', app: 'web', createdAt: '2026-11-25T10:00:00.000Z', claim: 'c5f0a0e4-6b1c-4bb3-9a53-0d4b8b1d2c77' };
    const value = formatOwnershipRecord(ownership);
    expect(value).toBe('devenv=2,m=devenv-48ecc342e5,e=pr-42,a=web,t=1795600800,c=c5f0a0e4-6b1c-4bb3-9a53-0d4b8b1d2c77');
    expect(`"${value}"`.length * 250).toBeLessThanOrEqual(32_000);
  });

  it('reads format 1 records written before, so existing environments still destroy and sweep', () => {
    const value = 'heritage=devenv,managed-by=devenv-48ecc342e5,environment=pr-42,app=web,created-at=2026-11-25T10:00:00.123Z,claim=c-1';
    expect(parseOwnershipRecord(value)).toEqual({ instance: 'devenv-48ecc342e5', environment: 'pr-42', app: 'web', createdAt: '2026-11-25T10:00:00.123Z', claim: 'c-1' });
  });

  it.each(['v=spf1 include:_spf.example.com ~all', 'heritage=external-dns,external-dns/owner=x', 'heritage=devenv,managed-by=devenv', 'devenv=2,m=devenv,e=pr-1,a=web,t=soon,c=x'])(
    'ignores TXT records devenv did not write: %s',
    (value) => {
      expect(parseOwnershipRecord(value)).toBeUndefined();
    },
  );
});

describe('Function: assertValidOwner', () => {
  it('accepts a CI owner with repository and actor', () => {
    expect(() => assertValidOwner('github:acme/web@octocat')).not.toThrow();
  });

  it.each(['', ' padded', 'semi;colon', 'x'.repeat(129), 'comma,owner'])('refuses %j', (owner) => {
    expect(() => assertValidOwner(owner)).toThrow(InvalidRequestError);
  });
});
