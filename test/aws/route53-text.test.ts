import { describe, expect, it } from 'vitest';
import { bareHostedZoneId, listingKey, normalizeRecordName, quoteTxt, unquoteTxt } from '../../src/aws/route53-text.js';

describe('Function: normalizeRecordName', () => {
  it('drops the trailing dot and lower-cases', () => {
    expect(normalizeRecordName('PR-1.Dev.Example.com.')).toBe('pr-1.dev.example.com');
  });

  it("decodes Route 53's octal escapes", () => {
    expect(normalizeRecordName('\\052.dev.example.com.')).toBe('*.dev.example.com');
  });
});

describe('Function: listingKey', () => {
  it("puts a domain's subtree right after the domain, and a sibling that shares its first characters outside it", () => {
    const names = ['dev0.example.com', 'pr-1.dev.example.com', 'dev.example.com', 'dev-x.example.com', 'a.pr-1.dev.example.com'];
    const sorted = [...names].sort((a, b) => (listingKey(a) < listingKey(b) ? -1 : 1));
    expect(sorted).toEqual(['dev-x.example.com', 'dev.example.com', 'pr-1.dev.example.com', 'a.pr-1.dev.example.com', 'dev0.example.com']);
  });
});

describe('Function: bareHostedZoneId', () => {
  it('accepts the id with or without /hostedzone/', () => {
    expect(bareHostedZoneId('/hostedzone/Z0123')).toBe('Z0123');
    expect(bareHostedZoneId('hostedzone/Z0123')).toBe('Z0123');
    expect(bareHostedZoneId('Z0123')).toBe('Z0123');
  });
});

describe('Function: quoteTxt', () => {
  it('quotes a value and escapes quotes and backslashes', () => {
    expect(quoteTxt('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
  });

  it('splits a value longer than 255 characters into several strings', () => {
    // Prepare
    const value = 'x'.repeat(300);

    // Act
    const quoted = quoteTxt(value);

    // Assess
    expect(quoted).toBe(`"${'x'.repeat(255)}" "${'x'.repeat(45)}"`);
  });

  it('quotes the empty value as one empty string', () => {
    expect(quoteTxt('')).toBe('""');
  });
});

describe('Function: unquoteTxt', () => {
  it('reverses quoteTxt, split strings included', () => {
    for (const value of ['devenv:v1 env=pr-1', 'a "b" \\c', 'y'.repeat(600)]) expect(unquoteTxt(quoteTxt(value))).toBe(value);
  });

  it('decodes octal escapes', () => {
    expect(unquoteTxt('"caf\\303\\251"')).toBe('caf\u00c3\u00a9');
  });

  it('returns an unquoted value as it is', () => {
    expect(unquoteTxt('plain')).toBe('plain');
  });
});
