import { AsyncLocalStorage } from 'node:async_hooks';
import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { CallLog, CloudCall } from '../core/ports.js';
import { addOutermost } from './outermost-middleware.js';

/** The recorder's middleware name: a client records into one recorder at a time. */
export const CALL_RECORDER_MIDDLEWARE = 'devenvCallRecorder';

interface Capture {
  calls: CloudCall[];
  /** The capture this one runs inside, which sees its calls too. */
  parent: Capture | undefined;
}

/**
 * Collects the cloud calls of one piece of work. Each `capture` has its own list, carried by AsyncLocalStorage, so
 * captures running at the same time never see each other's calls; a capture inside another adds to both.
 *
 * @example
 * const recorder = new CallRecorder();
 * recordCalls(ecsClient, recorder, 'ecs');
 * const { value, calls } = await recorder.capture(() => fleet.listServices());
 */
export class CallRecorder implements CallLog {
  readonly #storage = new AsyncLocalStorage<Capture>();

  async capture<T>(work: () => Promise<T>): Promise<{ value: T; calls: CloudCall[] }> {
    const capture: Capture = { calls: [], parent: this.#storage.getStore() };
    const value = await this.#storage.run(capture, work);
    return { value, calls: [...capture.calls] };
  }

  /** Adds a call to the current capture and those around it; outside any capture the call is not kept. */
  record(call: CloudCall): void {
    for (let capture = this.#storage.getStore(); capture; capture = capture.parent) capture.calls.push(call);
  }
}

/**
 * Makes every command sent through `client` record `{ service, command, ok, ms }` into the recorder's current capture.
 *
 * The recorder sits in the initialize step at high priority, in front of everything there (see `addOutermost`), so it
 * also sees calls that an inner middleware answers without going on (the simulated cloud does that), and the time a
 * call waited for the rate limiter counts in its `ms`.
 *
 * @example
 * recordCalls(new ECSClient({}), recorder, 'ecs');
 */
export function recordCalls<Input extends object, Output extends object>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  recorder: CallRecorder,
  service: string,
): void {
  const middleware: InitializeMiddleware<Input, Output> = (next, context) => async (args) => {
    const command = (context.commandName ?? 'UnknownCommand').replace(/Command$/, '');
    const started = performance.now();
    let ok = false;
    try {
      const result = await next(args);
      ok = true;
      return result;
    } finally {
      recorder.record({ service, command, ok, ms: Math.round(performance.now() - started) });
    }
  };
  addOutermost(client.middlewareStack, middleware, CALL_RECORDER_MIDDLEWARE);
}
