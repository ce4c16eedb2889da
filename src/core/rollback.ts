/** Undo steps for a create, run in reverse order when it fails half-way. */
export class Rollback {
  readonly #steps: Array<{ what: string; undo: () => Promise<void> }> = [];

  add(what: string, undo: () => Promise<void>): void {
    this.#steps.push({ what, undo });
  }

  /** Runs every step, newest first, even when some fail; returns what could not be undone. */
  async run(): Promise<Array<{ what: string; error: unknown }>> {
    const failures: Array<{ what: string; error: unknown }> = [];
    for (const step of this.#steps.reverse()) {
      try {
        await step.undo();
      } catch (error) {
        failures.push({ what: step.what, error });
      }
    }
    this.#steps.length = 0;
    return failures;
  }
}
