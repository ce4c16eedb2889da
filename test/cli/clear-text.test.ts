import { describe, expect, it } from 'vitest';
import { assertTokenMayTravel, isLoopbackHost } from '../../src/cli/clear-text.js';
import { UsageError } from '../../src/cli/errors.js';

describe('Function: assertTokenMayTravel', () => {
  it.each([
    'https://devenv.example.com',
    'https://10.0.0.5:8443/base',
    'http://127.0.0.1:8787',
    'http://127.1:8787',
    'http://0x7f.0.0.1',
    'http://localhost',
    'http://[::1]:8787',
    'http://[0:0:0:0:0:0:0:1]',
    'http://[::ffff:127.0.0.1]',
  ])('lets a token go to %s', (address) => {
    expect(() => assertTokenMayTravel(address, { insecure: false })).not.toThrow();
  });

  it.each([
    'http://devenv.example.com',
    'http://127.0.0.1.nip.io',
    'http://localhost.evil.example',
    'http://128.0.0.1',
    'http://[::2]',
    'http://[::ffff:10.0.0.1]',
    'http://0.0.0.0:8787',
  ])('keeps a token from %s (clear text off this machine)', (address) => {
    expect(() => assertTokenMayTravel(address, { insecure: false })).toThrow(UsageError);
    expect(() => assertTokenMayTravel(address, { insecure: true })).not.toThrow();
  });

  it.each(['ftp://devenv.example.com', 'devenv.example.com', 'file:///etc/passwd'])('refuses %s even with --insecure', (address) => {
    expect(() => assertTokenMayTravel(address, { insecure: true })).toThrow(/http:\/\/ or https:\/\//);
  });
});

describe('Function: isLoopbackHost', () => {
  it('takes URL-normalised host names', () => {
    expect([new URL('http://127.1').hostname, new URL('http://[0::1]').hostname]).toEqual(['127.0.0.1', '[::1]']);
    expect(isLoopbackHost('127.255.255.254')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example')).toBe(false);
  });
});
