import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/http/local-server.js';
import { createLogger } from '../../src/observability/logger.js';
import { createLocalEngine } from '../../src/runtime/engine.js';

let server: LocalServer | undefined;
const lines: Array<Record<string, unknown>> = [];

afterEach(async () => {
  await server?.close();
  server = undefined;
  lines.length = 0;
});

async function start(): Promise<LocalServer> {
  const { engine } = createLocalEngine({ deploymentSeconds: 0 });
  const logger = createLogger({}, { write: (line) => lines.push(JSON.parse(line)) });
  server = await startLocalServer({ engine, port: 0, logger, print: () => undefined });
  return server;
}

/** Sends raw bytes to the server and resolves with everything it answers, once it closes the connection. */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(request));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { statusLine, headers, body };
}

describe('Function: answerClientErrors (the local server, on a loopback port)', () => {
  it.each([
    ['an unknown method', 'BREW /v1/environments HTTP/1.1\r\nHost: x\r\n\r\n', 'the method is not an HTTP method'],
    ['a Content-Length that is not a number', 'PUT /v1/environments/demo-1 HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n{}', 'Content-Length is not a number of bytes'],
    ['two different Content-Lengths', 'PUT /v1/environments/demo-1 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 'Content-Length'],
  ])('answers %s, which Node refuses before hono sees it, as an invalid-request problem', async (_case, request, reason) => {
    const { url } = await start();

    const { statusLine, headers, body } = parse(await rawRequest(url, request));

    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(body);
    expect(problem).toMatchObject({ type: 'urn:devenv:problem:invalid-request', title: 'Invalid request', status: 400, requestId: headers['x-request-id'] });
    expect(problem.detail).toContain(reason);
    expect(lines).toContainEqual(expect.objectContaining({ message: 'request refused', requestId: headers['x-request-id'] }));
  });

  it('keeps serving after refusing a malformed request', async () => {
    const { url } = await start();

    await rawRequest(url, 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n');
    const health = await fetch(`${url}/healthz`);

    expect(health.status).toBe(200);
  });
});
