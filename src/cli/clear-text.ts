import { UsageError } from './errors.js';

/**
 * True for host names that never leave the machine: `localhost`, 127.0.0.0/8 and `[::1]` (and `[::ffff:127.x.x.x]`).
 * `URL` has already normalised the host (`127.1` and `0x7f.0.0.1` are `127.0.0.1`, `[0:0::1]` is `[::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // An IPv4-mapped IPv6 address, as URL writes it: [::ffff:7f00:1] is 127.0.0.1.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * Refuses an address a token would travel to in clear text: `http://` to anything but this machine, unless the user
 * said `--insecure`. Anything but `http://` and `https://` is refused too.
 *
 * @example
 * assertTokenMayTravel('https://devenv.example.com', { insecure: false }); // ok
 * assertTokenMayTravel('http://127.0.0.1:8787', { insecure: false });      // ok: loopback
 * assertTokenMayTravel('http://devenv.example.com', { insecure: false });  // throws UsageError
 */
export function assertTokenMayTravel(address: string, { insecure, what = 'the API address' }: { insecure: boolean; what?: string }): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new UsageError(`${what} must be an http:// or https:// URL, not "${address}"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') throw new UsageError(`${what} must start with http:// or https://, not "${address}"`);
  if (isLoopbackHost(url.hostname) || insecure) return url;
  throw new UsageError(
    `refusing to send a token in clear text to ${url.origin} (${what}): use https://, or pass --insecure if anyone on the way may read it`,
  );
}
