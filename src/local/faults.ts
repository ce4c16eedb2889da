import { awsError, THROTTLING_ERROR_NAME, type AwsServiceName, type SimulatedAwsError } from './aws-error.js';
import { copyInput } from './json.js';

export interface FaultSpec {
  /** Operation name, with or without the `Command` suffix: `'CreateRule'` or `'CreateRuleCommand'`. */
  command: string;
  error: { name: string; message?: string };
  /** How many matching calls fail (default 1; `Infinity` for all). */
  times?: number;
  /** Only calls whose input passes this filter fail (and use up `times`). */
  when?: (input: any) => boolean;
  /** Restricts the fault to one service, for operation names two services share (`ListTagsForResource`). */
  service?: AwsServiceName;
  /**
   * The call runs, and then the error is answered: a response lost on the way back (a timeout after AWS acted), so
   * the caller fails although the change was made.
   */
  afterRunning?: boolean;
  /**
   * The call runs, its answer is lost (a timeout after AWS acted), and the SDK sends the same request again: the caller
   * gets the answer to that second request, never `error`. This is how a retried step meets its own first attempt.
   */
  retried?: boolean;
}

/** An injected fault that matched a call: its error, and whether the call runs before the error is answered. */
export interface TakenFault {
  error: SimulatedAwsError;
  afterRunning: boolean;
  /** The call runs, and then runs again as the SDK's retry, whose answer is returned. */
  retried: boolean;
}

/** Calls held back before they run, until the test lets them go (see `FaultInjector.hold`). */
export interface HeldCalls {
  /** Resolves when the first matching call arrives (and is held). */
  reached: Promise<void>;
  /** Lets every held call run, and every later matching call through at once. */
  release(): void;
}

interface PendingHold {
  command: string;
  service?: AwsServiceName;
  when?: (input: any) => boolean;
  arrived: () => void;
  released: Promise<void>;
}

export interface RecordedCall {
  service: AwsServiceName;
  /** Operation name without the `Command` suffix. */
  command: string;
  input: unknown;
}

interface PendingFault {
  command: string;
  service?: AwsServiceName;
  error: { name: string; message?: string } | 'throttle';
  remaining: number;
  when?: (input: any) => boolean;
  afterRunning?: boolean;
  retried?: boolean;
}

/** `CreateRuleCommand` → `CreateRule`. */
export function operationName(command: string): string {
  return command.endsWith('Command') ? command.slice(0, -'Command'.length) : command;
}

/**
 * Makes chosen calls fail the way AWS would, and records every call the cloud receives.
 *
 * @example
 * cloud.faults.inject({ command: 'CreateRule', error: { name: 'PriorityInUseException' } });
 * cloud.faults.throttle('DescribeServices', 3);
 */
export class FaultInjector {
  /** Every call received through `SimulatedCloud.handle`, in order, including the ones that failed. */
  readonly calls: RecordedCall[] = [];
  private pending: PendingFault[] = [];
  private holds: PendingHold[] = [];

  inject(fault: FaultSpec): void {
    const { command, error, times = 1, when, service, afterRunning, retried } = fault;
    if (!(times > 0)) throw new Error(`FaultInjector.inject: times must be positive, got ${times}`);
    this.pending.push({
      command: operationName(command),
      error,
      remaining: times,
      ...(when ? { when } : {}),
      ...(service ? { service } : {}),
      ...(afterRunning ? { afterRunning } : {}),
      ...(retried ? { retried } : {}),
    });
  }

  /**
   * Holds matching calls back before they run, until `release()`: a call in flight for as long as a test needs, to
   * run other work in between (another process's write, say).
   *
   * @example
   * const held = cloud.faults.hold({ command: 'CreateService' });
   * const creating = engine.create(request);
   * await held.reached;
   * // … work that happens while CreateService is in flight …
   * held.release();
   */
  hold({ command, service, when }: { command: string; service?: AwsServiceName; when?: (input: any) => boolean }): HeldCalls {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold: PendingHold = { command: operationName(command), ...(service ? { service } : {}), ...(when ? { when } : {}), arrived, released };
    this.holds.push(hold);
    return {
      reached,
      release: () => {
        this.holds = this.holds.filter((other) => other !== hold);
        release();
      },
    };
  }

  /** The next `times` calls of `command` fail with the service's own throttling error. */
  throttle(command: string, times = 1): void {
    if (!(times > 0)) throw new Error(`FaultInjector.throttle: times must be positive, got ${times}`);
    this.pending.push({ command: operationName(command), error: 'throttle', remaining: times });
  }

  /** Drops every fault not yet used up (the call log is kept; see `clearCalls`). Held calls are not let go. */
  clear(): void {
    this.pending = [];
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  /** The recorded calls of one operation (name with or without `Command`). */
  callsOf(command: string): RecordedCall[] {
    const name = operationName(command);
    return this.calls.filter((call) => call.command === name);
  }

  /** @internal Called by the cloud for every request. */
  record(service: AwsServiceName, command: string, input: unknown): void {
    this.calls.push({ service, command: operationName(command), input: copyInput(input) });
  }

  /** @internal Waits while a hold matches this call. */
  async heldBack(service: AwsServiceName, command: string, input: unknown): Promise<void> {
    const name = operationName(command);
    const hold = this.holds.find((h) => h.command === name && (h.service === undefined || h.service === service) && (h.when ? h.when(input) : true));
    if (!hold) return;
    hold.arrived();
    await hold.released;
  }

  /** @internal Returns the fault for this call if one matches, using up one of its `times`. */
  take(service: AwsServiceName, command: string, input: unknown): TakenFault | undefined {
    const name = operationName(command);
    const fault = this.pending.find(
      (f) => f.command === name && (f.service === undefined || f.service === service) && (f.when ? f.when(input) : true),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending = this.pending.filter((f) => f !== fault);
    const retried = fault.retried === true;
    const afterRunning = fault.afterRunning === true || retried;
    if (fault.error === 'throttle') return { error: awsError(THROTTLING_ERROR_NAME[service], 'Rate exceeded'), afterRunning, retried };
    return { error: awsError(fault.error.name, fault.error.message ?? `Injected fault: ${fault.error.name}`), afterRunning, retried };
  }
}
