import { awsError, THROTTLING_ERROR_NAME, type AwsServiceName } from '../src/local/aws-error.js';
import type { RateModel } from '../src/local/rate-model.js';
import { SimulatedCloud, type SimulatedCloudOptions } from '../src/local/simulated-cloud.js';

/** One simulated AWS call as the bench saw it: when it was sent and answered (`performance.now()` milliseconds). */
export interface TimedCall {
  service: string;
  command: string;
  input: unknown;
  start: number;
  end: number;
  ok: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The simulated cloud with a network in front: every call the engines send waits `latencyMs` before it is answered (the
 * round trip), and is logged with its start and end while `recording`.
 *
 * @example
 * const cloud = new BenchCloud({ now: () => clock, deploymentSeconds: 0 });
 * const { calls, wallMs } = await cloud.measure(50, () => engine.get('pr-1'));
 */
export class BenchCloud extends SimulatedCloud {
  #latencyMs = 0;
  #rates: RateModel | undefined;
  #log: TimedCall[] | undefined;

  constructor(options: SimulatedCloudOptions = {}) {
    super(options);
  }

  /** Throttles every call as AWS's per-account buckets would, refilled by the model's clock (undefined: stops). */
  throttle(model: RateModel | undefined): void {
    this.#rates = model;
  }

  override async handle(service: AwsServiceName, commandName: string, input: unknown): Promise<unknown> {
    const log = this.#log;
    const start = performance.now();
    let ok = false;
    try {
      if (this.#latencyMs > 0) await sleep(this.#latencyMs);
      if (this.#rates && !this.#rates.admit(service, commandName.replace(/Command$/, ''), input)) {
        throw awsError(THROTTLING_ERROR_NAME[service], 'Rate exceeded');
      }
      const output = await super.handle(service, commandName, input);
      ok = true;
      return output;
    } finally {
      log?.push({ service, command: commandName.replace(/Command$/, ''), input, start, end: performance.now(), ok });
    }
  }

  /**
   * Runs `work` with `latencyMs` on every call and returns the calls it made and how long it took. With a `timeScale`
   * above 1 the run goes that many times faster than its clock says (each latency is slept for `latencyMs / timeScale`)
   * and `wallMs` is the time on that clock: what a run limited by rates measured in minutes takes, in seconds.
   */
  async measure<T>(latencyMs: number, work: () => Promise<T>, { timeScale = 1 }: { timeScale?: number } = {}): Promise<{ value: T; calls: TimedCall[]; wallMs: number }> {
    if (this.#log) throw new Error('BenchCloud: one measurement at a time');
    const calls: TimedCall[] = [];
    this.#log = calls;
    this.#latencyMs = latencyMs / timeScale;
    const started = performance.now();
    try {
      const value = await work();
      return { value, calls, wallMs: (performance.now() - started) * timeScale };
    } finally {
      this.#log = undefined;
      this.#latencyMs = 0;
    }
  }
}
