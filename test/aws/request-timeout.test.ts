import { ListServicesCommand } from '@aws-sdk/client-ecs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { isTransientError } from '../../src/aws/retry.js';

/** An AWS endpoint that takes every request and never answers (a hung connection). */
let server: Server;
let endpoint: string;
const held: Array<{ destroy: () => void }> = [];

beforeAll(async () => {
  server = createServer((request) => held.push(request.socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('Function: createAwsClients — request timeout', () => {
  it('fails a request AWS never answers, with an error withRetry sends again, instead of waiting forever', async () => {
    // Prepare
    const { ecs } = createAwsClients({ region: 'us-east-1', endpoint, requestTimeoutMs: 300 });
    ecs.config.credentials = async () => ({ accessKeyId: 'test', secretAccessKey: 'test' });
    const started = Date.now();

    // Act
    const error = await ecs.send(new ListServicesCommand({ cluster: 'dev' })).catch((caught: unknown) => caught);

    // Assess: within a few seconds (the test's own timeout is the bound that matters: no answer ever comes)
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(isTransientError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 10_000);
});
