import { InvalidRequestError } from './errors.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** A number and a unit: minutes, hours or days. */
export const DURATION_PATTERN = /^(\d{1,6})(m|h|d)$/;

/**
 * Parses a human duration: minutes, hours or days.
 *
 * @example
 * parseDuration('48h'); // 172800000
 */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) {
    throw new InvalidRequestError(`"${text}" is not a duration; use a number and m, h or d, like 90m, 48h or 7d`);
  }
  const amount = Number(match[1]);
  const ms = amount * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (ms <= 0) throw new InvalidRequestError(`duration "${text}" must be longer than zero`);
  return ms;
}

/** `172800000` → `48h`; the shortest exact form. */
export function formatDuration(ms: number): string {
  if (ms % UNIT_MS.d === 0) return `${ms / UNIT_MS.d}d`;
  if (ms % UNIT_MS.h === 0) return `${ms / UNIT_MS.h}h`;
  return `${Math.round(ms / UNIT_MS.m)}m`;
}
