import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How to install what the conformance suite needs; printed wherever it is missing. */
export const MOTO_INSTALL_HINT = 'pip install "moto[server]"   (then `moto_server --help` must work)';

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: the endpoint every SDK client of the suite is pointed at. */
  endpoint: string;
  pid: number;
  /** Kills the server process (its own pid, nothing else) and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Thrown when `moto_server` is not on PATH: the caller decides whether that is a skip or a failure. */
export class MotoNotInstalledError extends Error {
  constructor(command: string, options: { cause?: unknown } = {}) {
    super(`${command} is not installed or not on PATH. Install it with: ${MOTO_INSTALL_HINT}`, options);
    this.name = 'MotoNotInstalledError';
  }
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
 * Starts `moto_server` on a free loopback port and resolves once it answers. The process is killed by its own pid on
 * `stop()` and, as a last resort, when this Node process exits. Nothing is reachable but 127.0.0.1.
 *
 * @example
 * const moto = await startMotoServer();
 * try { await useEndpoint(moto.endpoint); } finally { await moto.stop(); }
 */
export async function startMotoServer({
  command = 'moto_server',
  startupTimeoutMs = 30_000,
}: { command?: string; startupTimeoutMs?: number } = {}): Promise<MotoServer> {
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
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
    if (outcome.error?.code === 'ENOENT') throw new MotoNotInstalledError(command, { cause: outcome.error });
    throw new Error(`${command} exited (code ${outcome.code}) before answering on ${endpoint}: ${outcome.error?.message ?? stderr.trim()}`);
  }
  if (!outcome.ready) {
    await stop();
    throw new Error(`${command} did not answer on ${endpoint} within ${startupTimeoutMs} ms: ${stderr.trim()}`, { cause: outcome.error });
  }
  return { endpoint, pid: child.pid!, stop };
}

/** Polls until something answers HTTP on `endpoint` (moto needs about a second to start), or `signal` gives up. */
export async function waitUntilAnswering(endpoint: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch (error) {
      last = error;
    }
    await delay(100);
  }
  throw new Error(`nothing answered on ${endpoint} within ${timeoutMs} ms`, { cause: last });
}

/**
 * moto imports each service's code on its first request (about a second each): one cheap read per service the suite
 * uses gets that done. Never rejects; a failure here shows up in the first real call instead.
 */
export async function warmUp(endpoint: string): Promise<void> {
  const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=warmup/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  await Promise.allSettled([
    fetch(endpoint, { method: 'POST', headers: { authorization: auth('ec2'), ...form }, body: 'Action=DescribeVpcs&Version=2016-11-15' }),
    fetch(endpoint, { method: 'POST', headers: { authorization: auth('elasticloadbalancing'), ...form }, body: 'Action=DescribeLoadBalancers&Version=2015-12-01' }),
    fetch(endpoint, {
      method: 'POST',
      headers: { authorization: auth('ecs'), 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
      body: '{}',
    }),
    fetch(`${endpoint}/2013-04-01/hostedzone`, { headers: { authorization: auth('route53') } }),
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
