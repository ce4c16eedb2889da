import type { AwsServiceName } from '../src/local/aws-error.js';
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
  #log: TimedCall[] | undefined;

  constructor(options: SimulatedCloudOptions = {}) {
    super(options);
  }

  override async handle(service: AwsServiceName, commandName: string, input: unknown): Promise<unknown> {
    const log = this.#log;
    const start = performance.now();
    let ok = false;
    try {
      if (this.#latencyMs > 0) await sleep(this.#latencyMs);
      const output = await super.handle(service, commandName, input);
      ok = true;
      return output;
    } finally {
      log?.push({ service, command: commandName.replace(/Command$/, ''), input, start, end: performance.now(), ok });
    }
  }

  /** Runs `work` with `latencyMs` on every call and returns the calls it made and how long it took. */
  async measure<T>(latencyMs: number, work: () => Promise<T>): Promise<{ value: T; calls: TimedCall[]; wallMs: number }> {
    if (this.#log) throw new Error('BenchCloud: one measurement at a time');
    const calls: TimedCall[] = [];
    this.#log = calls;
    this.#latencyMs = latencyMs;
    const started = performance.now();
    try {
      const value = await work();
      return { value, calls, wallMs: performance.now() - started };
    } finally {
      this.#log = undefined;
      this.#latencyMs = 0;
    }
  }
}
