import type { EnvironmentView } from '../contract/views.js';

export interface Progress {
  update(environment: EnvironmentView, elapsedMs: number): void;
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPIN_MS = 100;
/** Without a terminal, a line at most this often when nothing changes, so CI logs show the step is alive. */
const HEARTBEAT_MS = 30_000;

function describe(environment: EnvironmentView, elapsedMs: number): string {
  const reason = environment.statusReason ? ` (${environment.statusReason})` : '';
  return `${environment.name}: ${environment.status}${reason}, ${Math.round(elapsedMs / 1000)}s`;
}

/**
 * Shows progress while waiting, on stderr so stdout stays for results: a spinner on one rewritten line on a terminal,
 * else a line whenever the status or its reason changes (and a heartbeat every 30 s).
 */
export function createProgress({ write, isTTY }: { write: (text: string) => void; isTTY: boolean }): Progress {
  if (isTTY) {
    let text = '';
    let frame = 0;
    const draw = () => write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text}`);
    const timer = setInterval(() => text && draw(), SPIN_MS);
    timer.unref();
    return {
      update(environment, elapsedMs) {
        text = describe(environment, elapsedMs);
        draw();
      },
      stop() {
        clearInterval(timer);
        if (text) write('\r\x1b[2K');
      },
    };
  }
  let last = '';
  let lastAt = -Infinity;
  return {
    update(environment, elapsedMs) {
      const key = `${environment.status}|${environment.statusReason ?? ''}`;
      if (key === last && elapsedMs - lastAt < HEARTBEAT_MS) return;
      last = key;
      lastAt = elapsedMs;
      write(`${describe(environment, elapsedMs)}\n`);
    },
    stop() {},
  };
}
