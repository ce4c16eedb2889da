/**
 * Deterministic identifiers: one counter per cloud, scrambled by a bijective multiply so ids look like AWS's
 * (varied hex) while staying unique and reproducible from run to run.
 */

const MASK_64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class IdGenerator {
  private counter = 0n;

  /** Lower-case hex of exactly `length` characters. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.scrambled().toString(16).padStart(16, '0');
    return out.slice(out.length - length);
  }

  /** Decimal digits of exactly `length` characters, never starting with 0. */
  digits(length: number): string {
    let out = '';
    while (out.length < length) out += this.scrambled().toString(10);
    return `${1 + (Number(this.counter % 9n))}${out.slice(0, length - 1)}`;
  }

  /** Upper-case letters and digits (Route 53 style ids). */
  upper(length: number): string {
    let value = this.scrambled();
    let out = '';
    while (out.length < length) {
      if (value === 0n) value = this.scrambled();
      out += BASE36[Number(value % 36n)];
      value /= 36n;
    }
    return out;
  }

  /** A UUID-formatted id (request ids, event ids, certificate ids). */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private scrambled(): bigint {
    this.counter += 1n;
    return (this.counter * GOLDEN) & MASK_64;
  }
}
