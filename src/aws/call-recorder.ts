import { AsyncLocalStorage } from 'node:async_hooks';
import type { AbsoluteLocation, InitializeHandlerOptions, InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import type { CallLog, CloudCall } from '../core/ports.js';

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
 * The recorder sits in the initialize step at high priority, the outermost place of the stack, so it also sees calls
 * that an inner middleware answers without going on (the simulated cloud does that). Equal places run in the order
 * they were added, so middleware already at initialize/high is taken out and put back after the recorder: the
 * recorder ends up outermost whichever was added first.
 *
 * @example
 * recordCalls(new ECSClient({}), recorder, 'ecs');
 */
export function recordCalls<Input extends object, Output extends object>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  recorder: CallRecorder,
  service: string,
): void {
  const stack = client.middlewareStack;
  stack.remove(CALL_RECORDER_MIDDLEWARE);

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

  const outermost = initializeHighEntries(stack);
  for (const entry of outermost) stack.remove(entry.middleware);
  stack.add(middleware, { step: 'initialize', priority: 'high', name: CALL_RECORDER_MIDDLEWARE });
  for (const entry of outermost) stack.add(entry.middleware, entry.options);
}

interface AbsoluteEntry<Input extends object, Output extends object> {
  middleware: InitializeMiddleware<Input, Output>;
  options: InitializeHandlerOptions & AbsoluteLocation;
}

/**
 * The middleware already at initialize/high, in order. The stack has no getter for its entries, but `applyToStack`
 * replays every absolute entry, with its options, into the stack it is given: a stand-in that only takes notes.
 */
function initializeHighEntries<Input extends object, Output extends object>(
  stack: MiddlewareStack<Input, Output>,
): Array<AbsoluteEntry<Input, Output>> {
  const entries: Array<AbsoluteEntry<Input, Output>> = [];
  const notes = {
    add(middleware: InitializeMiddleware<Input, Output>, options: InitializeHandlerOptions & AbsoluteLocation = {}) {
      if ((options.step ?? 'initialize') === 'initialize' && options.priority === 'high') entries.push({ middleware, options });
    },
    addRelativeTo() {},
  };
  stack.applyToStack(notes as unknown as MiddlewareStack<Input, Output>);
  return entries;
}
