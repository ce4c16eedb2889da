import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';
import { MalformedJsonError, RequestValidationError, UnsupportedMediaTypeError } from './errors.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads the body once (after the body limit) and refuses, before any validation, what is not JSON: a wrong content
 * type is 415, unparsable text is 400 `malformed-json` with the parser's position. An absent body is allowed only
 * where the route says so, and then reads as `{}`.
 */
export function jsonBody({ required }: { required: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const text = await c.req.text();
    if (text.trim() === '') {
      if (required) {
        throw new RequestValidationError([{ in: 'body', pointer: '#', detail: 'a JSON object is required, like {"app":"web"}' }]);
      }
      // Without a content type the validator reads an absent optional body as {} instead of failing to parse "".
      const headers = new Headers(c.req.raw.headers);
      headers.delete('content-type');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, signal: c.req.raw.signal });
      return next();
    }
    const contentType = c.req.header('content-type');
    const mediaType = contentType?.split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new UnsupportedMediaTypeError(
        `send the body as JSON with "Content-Type: application/json"${contentType ? `, not "${contentType.slice(0, 100)}"` : ''}`,
      );
    }
    try {
      JSON.parse(text);
    } catch (error) {
      throw new MalformedJsonError(`the request body is not valid JSON: ${(error as Error).message}`, error);
    }
    return next();
  };
}
