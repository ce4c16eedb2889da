/** Longest name echoed in a pointer or a detail: a refused 20 KB key or name is not sent back whole. */
export const MAX_ECHOED_NAME = 128;

/** `text`, cut at `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * RFC 6901 JSON Pointer, written as a URI fragment like RFC 9457's own example (`#/age`). Over-long parts are clipped:
 * such a pointer no longer resolves, but it still says where, without echoing kilobytes.
 *
 * @example
 * jsonPointer(['environment', 'web', 'LOG/LEVEL']); // '#/environment/web/LOG~1LEVEL'
 */
export function jsonPointer(path: readonly (string | number)[]): string {
  return `#${path.map((part) => `/${clip(String(part), MAX_ECHOED_NAME).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`;
}
