/** A route as hono lists it in `app.routes`: a method and a path pattern like `/v1/environments/:name`. */
export interface RouteEntry {
  method: string;
  path: string;
}

/** The order methods are listed in `Allow`. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function matches(pattern: string, path: string): boolean {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return false;
  return expected.every((segment, index) => (segment.startsWith(':') ? actual[index] !== '' : segment === actual[index]));
}

/**
 * The methods the app answers on `path`, for `Allow` (RFC 9110 §10.2.1): every route whose pattern matches it, plus
 * `HEAD` where there is `GET` (hono answers it with the GET route). Middleware, registered for `ALL` methods, is not a
 * route. Empty when no route has this path: that is a 404, not a 405.
 *
 * @example
 * allowedMethods(app.routes, '/v1/environments/demo-42'); // ['GET', 'HEAD', 'PUT', 'DELETE']
 */
export function allowedMethods(routes: readonly RouteEntry[], path: string): string[] {
  const methods = new Set(routes.filter((route) => route.method !== 'ALL' && matches(route.path, path)).map((route) => route.method.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  const rank = (method: string) => (METHOD_ORDER.includes(method) ? METHOD_ORDER.indexOf(method) : METHOD_ORDER.length);
  return [...methods].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
