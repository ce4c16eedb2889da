import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { MalformedJsonError, RequestValidationError, UnsupportedMediaTypeError } from './errors.js';

/** `application/json` and any `+json` type, in any case (media types are case-insensitive, RFC 9110 §8.3.1). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const CANONICAL_JSON = 'application/json';

/**
 * Reads the body once (after the body limit) and refuses, before any validation, what is not JSON: a wrong content
 * type, a `Content-Encoding` or a charset other than UTF-8 is 415, unparsable text is 400 `malformed-json` with the parser's position. An absent body is allowed only
 * where the route says so, and then reads as `{}`.
 *
 * A body it accepts is handed on as `application/json`: the validators downstream recognise fewer spellings
 * (`Application/JSON`, `application/vnd.x2+json`), and one that skipped such a body would let it through unvalidated.
 */
export function jsonBody({ required }: { required: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const text = await c.req.text();
    if (text.trim() === '') {
      if (required) {
        throw new RequestValidationError([{ in: 'body', pointer: '#', detail: 'a JSON object is required, like {"app":"web"}' }]);
      }
      // Without a content type the validator reads an absent optional body as {} instead of failing to parse "".
      replaceRequest(c.req, (headers) => headers.delete('content-type'));
      return next();
    }
    const encoding = c.req.header('content-encoding')?.trim();
    if (encoding && encoding.toLowerCase() !== 'identity') {
      // The body was read as UTF-8 text: a compressed one would only fail later as malformed JSON.
      throw new UnsupportedMediaTypeError(`send the body uncompressed, without Content-Encoding (not "${encoding.slice(0, 100)}")`);
    }
    const contentType = c.req.header('content-type');
    const [mediaType = '', ...parameters] = contentType?.split(';').map((part) => part.trim()) ?? [];
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new UnsupportedMediaTypeError(
        `send the body as JSON with "Content-Type: application/json"${contentType ? `, not "${contentType.slice(0, 100)}"` : ''}`,
      );
    }
    const charset = charsetOf(parameters);
    if (charset !== undefined && !UTF_8.test(charset)) {
      // JSON exchanged between systems is UTF-8 (RFC 8259 §8.1); reading another charset as UTF-8 would garble it.
      throw new UnsupportedMediaTypeError(`send the body as UTF-8 JSON; charset "${charset.slice(0, 40)}" is not supported`);
    }
    try {
      JSON.parse(text);
    } catch (error) {
      throw new MalformedJsonError(`the request body is not valid JSON: ${(error as Error).message}`, error);
    }
    replaceRequest(c.req, (headers) => headers.set('content-type', CANONICAL_JSON), text);
    return next();
  };
}

const UTF_8 = /^utf-?8$/i;

/** The `charset` parameter of a media type, unquoted; undefined when there is none. */
function charsetOf(parameters: readonly string[]): string | undefined {
  for (const parameter of parameters) {
    const at = parameter.indexOf('=');
    if (at > 0 && parameter.slice(0, at).trim().toLowerCase() === 'charset') return parameter.slice(at + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** The request with other headers (and the text already read as its body): a request's own headers are immutable. */
function replaceRequest(req: { raw: Request }, edit: (headers: Headers) => void, body?: string): void {
  const headers = new Headers(req.raw.headers);
  edit(headers);
  req.raw = new Request(req.raw.url, { method: req.raw.method, headers, signal: req.raw.signal, ...(body !== undefined ? { body } : {}) });
}

/**
 * Refuses a body on a route that takes none (an empty one, or `{}`, passes): an option sent as a body, like
 * `{"dryRun":true}` to `POST /v1/sweep`, would otherwise be ignored while the route does what it does.
 */
export function noBody({ hint }: { hint: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const text = (await c.req.text()).trim();
    if (text !== '' && text !== '{}') {
      throw new RequestValidationError([{ in: 'body', pointer: '#', detail: `this route takes no body; ${hint}` }]);
    }
    return next();
  };
}
