import { DescribeServicesCommand, ECSClient, ListServicesCommand, ServiceNotFoundException } from '@aws-sdk/client-ecs';
import { ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallRecorder, recordCalls } from '../../src/aws/call-recorder.js';
import { CLUSTER, REGION } from './fixtures.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/**
 * What the simulated cloud does: an initialize/high middleware that answers every command itself, never calling
 * `next` (so nothing below it runs). `delayMs` lets two captures interleave; `fail` makes it throw instead.
 */
function answerInPlace(
  client: ECSClient | Route53Client,
  { delayMs = 0, fail }: { delayMs?: number; fail?: Error } = {},
): void {
  (client as ECSClient).middlewareStack.add(
    () => async () => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (fail) throw fail;
      return { output: { $metadata: {} }, response: {} } as never;
    },
    { step: 'initialize', priority: 'high', name: 'standInCloud' },
  );
}

const ecsClient = () => new ECSClient({ region: REGION, credentials });

afterEach(() => {
  vi.useRealTimers();
});

describe('Function: recordCalls', () => {
  it('records a call that an initialize/high middleware added earlier answers without calling next', async () => {
    // Prepare
    const client = ecsClient();
    answerInPlace(client);
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');

    // Act
    const { calls } = await recorder.capture(() => client.send(new ListServicesCommand({ cluster: CLUSTER })));

    // Assess
    expect(calls).toEqual([{ service: 'ecs', command: 'ListServices', ok: true, ms: expect.any(Number) }]);
  });

  it('records a call that such a middleware added later answers', async () => {
    // Prepare
    const client = ecsClient();
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');
    answerInPlace(client);

    // Act
    const { calls } = await recorder.capture(() => client.send(new ListServicesCommand({ cluster: CLUSTER })));

    // Assess
    expect(calls).toEqual([{ service: 'ecs', command: 'ListServices', ok: true, ms: expect.any(Number) }]);
  });

  it('keeps the stand-in answering after moving it behind the recorder', async () => {
    // Prepare
    const client = ecsClient();
    answerInPlace(client);
    recordCalls(client, new CallRecorder(), 'ecs');

    // Act
    const out = await client.send(new ListServicesCommand({ cluster: CLUSTER }));

    // Assess
    expect(out.$metadata).toEqual({});
    expect(client.middlewareStack.identify().slice(0, 2)).toEqual(['devenvCallRecorder - initialize', 'standInCloud - initialize']);
  });

  it('records a failed call as not ok and lets the error through', async () => {
    // Prepare
    const client = ecsClient();
    const error = new ServiceNotFoundException({ message: 'Service not found.', $metadata: {} });
    answerInPlace(client, { fail: error });
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');

    // Act
    const { value: failure, calls } = await recorder.capture(() =>
      client.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] })).catch((e: unknown) => e),
    );

    // Assess
    expect(failure).toBe(error);
    expect(calls).toEqual([{ service: 'ecs', command: 'DescribeServices', ok: false, ms: expect.any(Number) }]);
  });

  it('measures how long the call took', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const client = ecsClient();
    answerInPlace(client, { delayMs: 250 });
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');

    // Act
    const captured = recorder.capture(() => client.send(new ListServicesCommand({ cluster: CLUSTER })));
    await vi.advanceTimersByTimeAsync(250);
    const { calls } = await captured;

    // Assess
    expect(calls[0]?.ms).toBe(250);
  });

  it('labels each client with its service', async () => {
    // Prepare
    const ecs = ecsClient();
    const route53 = new Route53Client({ region: REGION, credentials });
    answerInPlace(ecs);
    answerInPlace(route53);
    const recorder = new CallRecorder();
    recordCalls(ecs, recorder, 'ecs');
    recordCalls(route53, recorder, 'route53');

    // Act
    const { calls } = await recorder.capture(async () => {
      await ecs.send(new ListServicesCommand({ cluster: CLUSTER }));
      await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1' }));
    });

    // Assess
    expect(calls.map((call) => `${call.service}:${call.command}`)).toEqual(['ecs:ListServices', 'route53:ListResourceRecordSets']);
  });

  it('records once per call when attached twice', async () => {
    // Prepare
    const client = ecsClient();
    answerInPlace(client);
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');
    recordCalls(client, recorder, 'ecs');

    // Act
    const { calls } = await recorder.capture(() => client.send(new ListServicesCommand({ cluster: CLUSTER })));

    // Assess
    expect(calls).toHaveLength(1);
  });
});

describe('Class: CallRecorder', () => {
  it('keeps the calls of concurrent captures apart', async () => {
    // Prepare
    const client = ecsClient();
    answerInPlace(client, { delayMs: 5 });
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');

    // Act: the two captures' calls interleave in time.
    const [listing, describing] = await Promise.all([
      recorder.capture(async () => {
        await client.send(new ListServicesCommand({ cluster: CLUSTER }));
        await client.send(new ListServicesCommand({ cluster: CLUSTER }));
      }),
      recorder.capture(async () => {
        await client.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] }));
      }),
    ]);

    // Assess
    expect(listing.calls.map((call) => call.command)).toEqual(['ListServices', 'ListServices']);
    expect(describing.calls.map((call) => call.command)).toEqual(['DescribeServices']);
  });

  it('adds the calls of a nested capture to the outer one too', async () => {
    // Prepare
    const client = ecsClient();
    answerInPlace(client);
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');

    // Act
    const outer = await recorder.capture(async () => {
      await client.send(new ListServicesCommand({ cluster: CLUSTER }));
      return recorder.capture(() => client.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['web'] })));
    });

    // Assess
    expect(outer.value.calls.map((call) => call.command)).toEqual(['DescribeServices']);
    expect(outer.calls.map((call) => call.command)).toEqual(['ListServices', 'DescribeServices']);
  });

  it('keeps no calls made outside any capture', async () => {
    // Prepare
    const client = ecsClient();
    answerInPlace(client);
    const recorder = new CallRecorder();
    recordCalls(client, recorder, 'ecs');
    await client.send(new ListServicesCommand({ cluster: CLUSTER }));

    // Act
    const { calls } = await recorder.capture(async () => undefined);

    // Assess
    expect(calls).toEqual([]);
  });

  it('returns the value of the work', async () => {
    // Act
    const { value } = await new CallRecorder().capture(async () => 42);

    // Assess
    expect(value).toBe(42);
  });
});
