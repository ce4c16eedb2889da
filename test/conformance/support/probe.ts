import { expect } from 'vitest';
import type { Backend } from './backends.js';

/** How one AWS call ended, as the comparison sees it: the error's name, never its wording (that differs by backend). */
export type Outcome = { ok: true } | { error: string; messageMatches?: boolean };

/**
 * Runs one call and reports how it ended. With `message`, also whether the error's message matches it: for the few
 * messages devenv's adapters read (Route 53 reports which records a batch refused only in the text).
 */
export async function attempt(work: () => Promise<unknown>, { message }: { message?: RegExp } = {}): Promise<Outcome> {
  try {
    await work();
    return { ok: true };
  } catch (error) {
    const { name, message: text } = error as Error;
    return message ? { error: name, messageMatches: message.test(text) } : { error: name };
  }
}

/**
 * What AWS documents for a call where moto is known to differ: asserted on the simulated cloud only. moto's own value
 * is held by the comparison, which lets it through only as the known difference describes it.
 */
export function expectAws(backend: Backend, actual: unknown, documented: unknown): void {
  if (backend.name === 'simulated') expect(actual).toEqual(documented);
}
