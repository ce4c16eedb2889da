import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.js';
import { InvalidRequestError } from '../../src/core/errors.js';

describe('Function: parseDuration', () => {
  it.each([
    ['90m', 90 * 60_000],
    ['48h', 48 * 3_600_000],
    ['7d', 7 * 86_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0h', '48', 'h', '1.5h', '-1h', '10s', '1w', '9999999d'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(InvalidRequestError);
  });
});

describe('Function: formatDuration', () => {
  it('uses the largest exact unit', () => {
    expect(formatDuration(2 * 86_400_000)).toBe('2d');
    expect(formatDuration(36 * 3_600_000)).toBe('36h');
    expect(formatDuration(90 * 60_000)).toBe('90m');
  });
});
