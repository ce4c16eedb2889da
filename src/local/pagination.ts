/** Opaque, scoped pagination tokens: a token from one listing is rejected by another. */

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface PageRequest {
  limit: number;
  token?: string | undefined;
  /** Identifies the listing (command plus its filters); a token only works for the same scope. */
  scope: string;
  /** Builds the error thrown for a token that is not one of ours. */
  invalidToken: (token: string) => Error;
}

export function encodeToken(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: scope }), 'utf8').toString('base64url');
}

export function decodeToken(token: string, scope: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { o, s } = parsed as { o?: unknown; s?: unknown };
    if (s !== scope || typeof o !== 'number' || !Number.isInteger(o) || o < 0) return undefined;
    return o;
  } catch {
    return undefined;
  }
}

export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  const { limit, token, scope, invalidToken } = request;
  let start = 0;
  if (token !== undefined && token !== '') {
    const offset = decodeToken(token, scope);
    if (offset === undefined) throw invalidToken(token);
    start = offset;
  }
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  return end < items.length ? { items: page, nextToken: encodeToken(end, scope) } : { items: page };
}
