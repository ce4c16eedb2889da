import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How to install what the conformance suite needs; printed wherever it is missing. */
export const MOTO_INSTALL_HINT = 'pip install "moto[server]==5.2.1"   (then `moto_server --help` must work)';

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: the endpoint every SDK client of the suite is pointed at. */
  endpoint: string;
  pid: number;
  /** How it was started. */
  launcher: MotoLauncher;
  /** Kills the server process (its own pid, nothing else) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Thrown when moto is not installed (no `moto_server`, nor a Python with moto): the caller decides whether that is a skip or a failure. */
export class MotoNotInstalledError extends Error {
  constructor(tried: readonly string[], options: { cause?: unknown } = {}) {
    super(`moto is not installed (tried: ${tried.join('; ')}). Install it with: ${MOTO_INSTALL_HINT}`, options);
    this.name = 'MotoNotInstalledError';
  }
}

/** One way to start moto's server: the program and the arguments before `-H … -p …`. */
export interface MotoLauncher {
  command: string;
  args: readonly string[];
}

/**
 * `moto_server` first; `python3 -m moto.server` when that is missing (moto installed without its console script on
 * PATH, e.g. `pip install --user` with ~/.local/bin not on PATH).
 */
export const MOTO_LAUNCHERS: readonly MotoLauncher[] = [
  { command: 'moto_server', args: [] },
  { command: 'python3', args: ['-m', 'moto.server'] },
];

/** A launcher as a shell would show it. */
export function showLauncher({ command, args }: MotoLauncher): string {
  return [command, ...args].join(' ');
}

/** A port the kernel just handed out on loopback, free at the moment of asking (moto binds it a moment later). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free loopback port'))));
    });
  });
}

/**
 * Starts moto's server on a free loopback port and resolves once it answers, trying each of `launchers` in turn while
 * the previous one is not installed. The process is killed by its own pid on `stop()` and, as a last resort, when this
 * Node process exits. Nothing is reachable but 127.0.0.1.
 *
 * The 60 s for startup are generous on purpose: a loaded CI machine can take many seconds to import moto.
 *
 * @example
 * const moto = await startMotoServer();
 * try { await useEndpoint(moto.endpoint); } finally { await moto.stop(); }
 */
export async function startMotoServer({
  launchers = MOTO_LAUNCHERS,
  startupTimeoutMs = 60_000,
}: { launchers?: readonly MotoLauncher[]; startupTimeoutMs?: number } = {}): Promise<MotoServer> {
  const missing: MotoNotInstalledError[] = [];
  for (const launcher of launchers) {
    try {
      return await launch(launcher, startupTimeoutMs);
    } catch (error) {
      if (!(error instanceof MotoNotInstalledError)) throw error;
      missing.push(error);
    }
  }
  throw new MotoNotInstalledError(launchers.map(showLauncher), { cause: missing });
}

async function launch(launcher: MotoLauncher, startupTimeoutMs: number): Promise<MotoServer> {
  const shown = showLauncher(launcher);
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(launcher.command, [...launcher.args, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<{ code: number | null; error?: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });

  // The last resorts, should the caller never get to stop(): this process exiting, or being told to stop by a signal
  // (Node does not emit 'exit' then). A signal is passed on to whoever else listens, or re-raised to end the process.
  const killOnExit = () => killProcess(child);
  const killOnSignal = (signal: NodeJS.Signals) => {
    killProcess(child);
    forget();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const forget = () => {
    process.removeListener('exit', killOnExit);
    for (const signal of STOP_SIGNALS) process.removeListener(signal, killOnSignal);
  };
  // First in line: another listener may end the process (vitest's calls process.exit() from its own 'exit' listener).
  process.prependOnceListener('exit', killOnExit);
  for (const signal of STOP_SIGNALS) process.prependOnceListener(signal, killOnSignal);
  const stop = async () => {
    forget();
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    killProcess(child);
    await Promise.race([exited, delay(5_000, { unref: true })]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  const waiting = new AbortController();
  const answered = waitUntilAnswering(endpoint, startupTimeoutMs, waiting.signal).then(
    () => ({ ready: true as const }),
    (error: Error) => ({ ready: false as const, error }),
  );
  const outcome = await Promise.race([answered, exited]);
  waiting.abort();
  if (!('ready' in outcome)) {
    await stop();
    // ENOENT: no such program. 127: a shell or a pyenv shim found nothing to run. "No module named moto": a Python
    // without moto (`python3 -m moto.server`).
    if (outcome.error?.code === 'ENOENT' || outcome.code === 127 || /No module named '?moto\b/.test(stderr)) {
      throw new MotoNotInstalledError([shown], { cause: outcome.error ?? new Error(stderr.trim() || `exit code ${outcome.code}`) });
    }
    throw new Error(`${shown} exited (code ${outcome.code}) before answering on ${endpoint}: ${outcome.error?.message ?? stderr.trim()}`);
  }
  if (!outcome.ready) {
    await stop();
    throw new Error(`${shown} did not answer on ${endpoint} within ${startupTimeoutMs} ms: ${stderr.trim()}`, { cause: outcome.error });
  }
  return { endpoint, pid: child.pid!, launcher, stop };
}

/**
 * Polls until something answers HTTP on `endpoint`, or `timeoutMs` (or `signal`) gives up. It asks for moto's
 * dashboard (`GET /moto-api/`: 10 kB of static HTML, a few ms) — never `/moto-api/data.json`, a dump of moto's whole
 * state that grows to megabytes over a run. Any HTTP answer counts (another local AWS answers 404 there).
 */
export async function waitUntilAnswering(endpoint: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(Math.max(1, Math.min(10_000, deadline - Date.now()))) });
      await response.body?.cancel();
      return;
    } catch (error) {
      last = error;
    }
    await delay(100);
  }
  throw new Error(`nothing answered on ${endpoint} within ${timeoutMs} ms`, { cause: last });
}

/** The moto version these conformance results (and known-differences.ts) are pinned to. */
export const PINNED_MOTO_VERSION = '5.2.1';

/**
 * The version of moto that `launcher` runs, asked of the Python behind it (moto's server does not report it), or
 * undefined when that cannot be told. For `moto_server` that is the interpreter of its script's `#!` line, else
 * `python3` (a pyenv shim resolves both to the same Python).
 */
export async function motoVersion(launcher: MotoLauncher): Promise<string | undefined> {
  const python = launcher.args[0] === '-m' ? launcher.command : (interpreterOf(launcher.command) ?? 'python3');
  return new Promise((resolve) => {
    execFile(python, ['-c', "import importlib.metadata as m; print(m.version('moto'))"], { timeout: 30_000 }, (error, stdout) => {
      const version = stdout.trim();
      resolve(error || !/^\d+\.\d+/.test(version) ? undefined : version);
    });
  });
}

function interpreterOf(command: string): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (!directory) continue;
    try {
      const firstLine = readFileSync(join(directory, command), 'utf8').slice(0, 200).split('\n')[0] ?? '';
      const python = /^#!\s*(\S*python[0-9.]*)\s*$/.exec(firstLine)?.[1] ?? /^#!\s*\/usr\/bin\/env\s+(python[0-9.]*)\s*$/.exec(firstLine)?.[1];
      return python;
    } catch {
      // Not in this directory.
    }
  }
  return undefined;
}

/**
 * moto imports each service's code on its first request (about a second each): one cheap read per service the suite
 * uses gets that done. Never rejects, and gives up after `timeoutMs`; a failure here shows up in the first real call instead.
 */
export async function warmUp(endpoint: string, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=warmup/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  await Promise.allSettled([
    fetch(endpoint, { method: 'POST', headers: { authorization: auth('ec2'), ...form }, body: 'Action=DescribeVpcs&Version=2016-11-15', signal }),
    fetch(endpoint, { method: 'POST', headers: { authorization: auth('elasticloadbalancing'), ...form }, body: 'Action=DescribeLoadBalancers&Version=2015-12-01', signal }),
    fetch(endpoint, {
      method: 'POST',
      headers: { authorization: auth('ecs'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
      body: '{}',
      signal,
    }),
    fetch(`${endpoint}/2013-04-01/hostedzone`, { headers: { authorization: auth('route53') }, signal }),
  ]);
}

/** The seed of moto's random ids in every conformance run (and in scripts/moto-baseline.ts). */
export const MOTO_SEED = 42;

/** Forgets every resource moto holds and seeds its ids: the state of a fresh `moto_server`, on every run alike. */
export async function resetMoto(endpoint: string): Promise<void> {
  await motoApi(endpoint, '/moto-api/reset');
  await seedMoto(endpoint, MOTO_SEED);
}

/** Seeds moto's random generator, so the ids it makes next (subnets, ARNs, zone ids) are the same on every run. */
export async function seedMoto(endpoint: string, seed: number): Promise<void> {
  await motoApi(endpoint, `/moto-api/seed?a=${seed}`);
}

async function motoApi(endpoint: string, path: string): Promise<void> {
  const response = await fetch(`${endpoint}${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`moto ${path} answered HTTP ${response.status} (is ${endpoint} moto?)`);
}

function killProcess(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function delay(ms: number, { unref = false } = {}): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
}
