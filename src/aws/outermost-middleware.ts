import type { AbsoluteLocation, InitializeHandlerOptions, InitializeMiddleware, MiddlewareStack } from '@smithy/types';

interface AbsoluteEntry<Input extends object, Output extends object> {
  middleware: InitializeMiddleware<Input, Output>;
  options: InitializeHandlerOptions & AbsoluteLocation;
}

/**
 * Adds `middleware` at initialize/high in front of everything already there, replacing any entry of the same name.
 *
 * Equal places run in the order they were added, so the middleware already at initialize/high is taken out and put back
 * after the new one: it ends up outermost whichever was added first. The simulated cloud answers from initialize/high
 * without calling on, so whatever must see every call (the call recorder, the rate limiter) has to sit in front of it.
 *
 * @example
 * addOutermost(client.middlewareStack, limiter, 'devenvRateLimiter');
 */
export function addOutermost<Input extends object, Output extends object>(
  stack: MiddlewareStack<Input, Output>,
  middleware: InitializeMiddleware<Input, Output>,
  name: string,
): void {
  stack.remove(name);
  const outermost = initializeHighEntries(stack);
  for (const entry of outermost) stack.remove(entry.middleware);
  stack.add(middleware, { step: 'initialize', priority: 'high', name });
  for (const entry of outermost) stack.add(entry.middleware, entry.options);
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
