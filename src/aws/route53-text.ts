/** A TXT character-string holds at most 255 characters; longer values are split into several. */
const TXT_STRING_LENGTH = 255;

/**
 * A record name as devenv compares it: Route 53's `\ddd` octal escapes decoded, lower case, no trailing dot.
 *
 * @example
 * normalizeRecordName('\\052.Dev.Example.com.'); // '*.dev.example.com'
 */
export function normalizeRecordName(name: string): string {
  const decoded = name.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return decoded.toLowerCase().replace(/\.$/, '');
}

/**
 * Where Route 53 lists a (normalised) name: its labels reversed, with the trailing dot.
 *
 * @example
 * listingKey('pr-1.dev.example.com'); // 'com.example.dev.pr-1.'
 */
export function listingKey(name: string): string {
  return `${name.split('.').reverse().join('.')}.`;
}

/** `/hostedzone/Z123` or `Z123` → `Z123`. */
export function bareHostedZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/**
 * A TXT value in Route 53's format: double-quoted, `"` and `\` escaped, split into 255-character strings.
 *
 * @example
 * quoteTxt('owner=devenv'); // '"owner=devenv"'
 */
export function quoteTxt(value: string): string {
  const strings: string[] = [];
  for (let index = 0; index < value.length || strings.length === 0; index += TXT_STRING_LENGTH) {
    strings.push(value.slice(index, index + TXT_STRING_LENGTH));
  }
  return strings.map((part) => `"${part.replace(/[\\"]/g, (char) => `\\${char}`)}"`).join(' ');
}

/**
 * The text of a TXT value as Route 53 returns it: its quoted strings joined, escapes (`\"`, `\\`, `\ddd`) decoded.
 * A value without quotes is returned as it is.
 */
export function unquoteTxt(value: string): string {
  const strings = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)];
  if (strings.length === 0) return value;
  return strings
    .map(([, body]) =>
      (body ?? '').replace(/\\([0-7]{3}|.)/g, (_, escaped: string) =>
        escaped.length === 3 ? String.fromCharCode(Number.parseInt(escaped, 8)) : escaped,
      ),
    )
    .join('');
}
