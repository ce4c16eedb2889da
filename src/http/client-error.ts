import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../observability/logger.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import { PROBLEMS, problemType } from '../contract/problem-types.js';

/** Node's own answers where devenv has no problem kind of the same status: a request that timed out, oversized headers. */
const NODE_ANSWERS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
};

/** What the parser found wrong, in words a caller can act on. */
const REASONS: Record<string, string> = {
  HPE_INVALID_METHOD: 'the method is not an HTTP method',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number of bytes',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length is given twice, or together with Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is not valid',
  HPE_INVALID_HEADER_TOKEN: 'a header name holds a character it may not',
  HPE_INVALID_URL: 'the request target is not a valid URL path',
  HPE_INVALID_VERSION: 'the HTTP version is not valid',
};

type ClientError = Error & { code?: string };

/**
 * Requests Node's HTTP parser refuses never reach hono; Node would answer them with a bare `400 Bad Request`. This
 * answers them as a problem (`invalid-request`, with a request id, logged) wherever Node itself would have answered:
 * only on a writable socket that has not started a response. Timeouts and oversized headers keep Node's answers.
 *
 * @example
 * answerClientErrors(server, logger);
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: ClientError, socket: Duplex & { bytesWritten?: number }) => {
    const code = error.code ?? '';
    if (code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const nodeAnswer = NODE_ANSWERS[code];
    if (nodeAnswer) {
      socket.end(`HTTP/1.1 ${nodeAnswer}\r\nConnection: close\r\n\r\n`);
      return;
    }
    const requestId = randomUUID();
    const { status, title } = PROBLEMS['invalid-request'];
    const detail = `the HTTP request could not be read: ${REASONS[code] ?? `it is not well-formed HTTP/1.1 (${code || error.message})`}`;
    logger.info('request refused', { requestId, problem: 'invalid-request', status, detail, parserError: code });
    const body = JSON.stringify({ type: problemType('invalid-request'), title, status, detail, instance: '/', requestId });
    socket.end(
      [
        `HTTP/1.1 ${status} Bad Request`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
