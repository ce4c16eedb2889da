import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README's first screen promises a new user that `npm start` and the curl commands under it work as printed.
 * This runs them: the real `npm start` in a child process (on a free port), then each curl command of the README's
 * quick start, verbatim, through bash.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The commands of the first ```sh block that calls curl, with `\` line continuations joined. */
function quickStartCommands(): string[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, body]) => body ?? '');
  const block = blocks.find((body) => body.includes('curl '));
  if (!block) throw new Error('README.md has no ```sh block with curl commands');
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('curl '));
}

let server: ChildProcess;
let env: { DEVENV_URL: string; DEVENV_TOKEN: string };

/** Starts `npm start` and resolves with the `export DEVENV_URL=… DEVENV_TOKEN=…` it prints. */
function npmStart(): Promise<typeof env> {
  server = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { ...process.env, PORT: '0' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let printed = '';
    server.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
      const exported = /export DEVENV_URL=(\S+) DEVENV_TOKEN=(\S+)/.exec(printed);
      if (exported?.[1] && exported[2]) resolve({ DEVENV_URL: exported[1], DEVENV_TOKEN: exported[2] });
    });
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
    server.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a token:\n${printed}`)));
  });
}

/** One README command through bash; curl fails on an HTTP error, so a refused call fails the test. */
function run(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `curl() { command curl --fail-with-body "$@"; }; ${command}`], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command}\nfailed: ${stderr}${stdout}`)) : resolve(stdout),
    );
  });
}

beforeAll(async () => {
  env = await npmStart();
}, 60_000);

afterAll(() => {
  // npm runs tsx in its own children: end the whole process group.
  if (server.pid) process.kill(-server.pid, 'SIGTERM');
});

describe('README quick start', () => {
  it('creates, lists, extends and deletes an environment with the curl commands as printed', { timeout: 60_000 }, async () => {
    const [create, list, extend, destroy, ...rest] = quickStartCommands();
    expect(rest).toEqual([]);

    const created = JSON.parse(await run(create!));
    const listed = JSON.parse(await run(list!));
    const extended = JSON.parse(await run(extend!));
    await run(destroy!);
    const after = JSON.parse(await run(list!));

    expect(created).toMatchObject({ status: 'running', app: 'web', images: { web: 'repo/web:sha-1' } });
    expect(listed.environments).toEqual([expect.objectContaining({ name: created.name })]);
    // Extend adds to the expiry: a 48 h environment extended by a day expires a day later, not a day earlier.
    expect(Date.parse(extended.expiresAt)).toBe(Date.parse(created.expiresAt) + 24 * 3_600_000);
    expect(after.environments).toEqual([]);
  });
});
