import type { Logger } from '../observability/logger.js';
import type { JobDispatcher, SlackJob } from './job.js';
import type { SlackWorker } from './worker.js';

/**
 * The local hand-over (`npm start`, tests): the worker runs in this process after the acknowledgement, and every run is
 * tracked, never left floating: `idle()` waits for all of them (the server's close waits too), `running()` says whether
 * a `response_url`'s job is still at work. On Lambda the hand-over is an asynchronous invoke instead.
 */
export class InProcessDispatcher implements JobDispatcher {
  readonly #run: SlackWorker;
  readonly #logger: Logger;
  readonly #running = new Map<Promise<void>, SlackJob>();

  constructor({ worker, logger }: { worker: SlackWorker; logger: Logger }) {
    this.#run = worker;
    this.#logger = logger;
  }

  async dispatch(job: SlackJob): Promise<void> {
    // A macrotask later, so the acknowledgement always goes first, however fast the work is.
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#run(job))
      .catch((error: unknown) => this.#logger.error('slack job failed and Slack could not be told', { requestId: job.id, error }))
      .finally(() => this.#running.delete(run));
    this.#running.set(run, job);
  }

  running(responseUrl: string): boolean {
    return [...this.#running.values()].some((job) => job.responseUrl === responseUrl);
  }

  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.keys());
  }
}
