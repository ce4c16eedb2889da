export interface Leftover {
  what: string;
  /** Why it is left: the undo's failure, or `undefined` for a guard kept because something it guards is left. */
  error: unknown;
}

/**
 * Undo steps for a create, run in reverse order when it fails half-way. Guards are what hold the environment's place
 * while it is made (the host's claim, the quota's place): they are given back only once everything else is undone, so
 * a rule or service left by a failed undo keeps its host and its count until the sweep removes it.
 */
export class Rollback {
  readonly #steps: Array<{ what: string; undo: () => Promise<void>; guard: boolean }> = [];

  add(what: string, undo: () => Promise<void>): void {
    this.#steps.push({ what, undo, guard: false });
  }

  addGuard(what: string, undo: () => Promise<void>): void {
    this.#steps.push({ what, undo, guard: true });
  }

  /** Runs every step, newest first, even when some fail, then the guards if nothing failed; returns what is left. */
  async run(): Promise<Leftover[]> {
    const steps = this.#steps.splice(0).reverse();
    const left: Leftover[] = [];
    for (const step of steps.filter((each) => !each.guard)) await undo(step, left);
    const clean = left.length === 0;
    for (const step of steps.filter((each) => each.guard)) {
      if (clean) await undo(step, left);
      else left.push({ what: step.what, error: undefined });
    }
    return left;
  }
}

async function undo(step: { what: string; undo: () => Promise<void> }, left: Leftover[]): Promise<void> {
  try {
    await step.undo();
  } catch (error) {
    left.push({ what: step.what, error });
  }
}
