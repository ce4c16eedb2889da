import { parseCommandLine, USAGE, type GlobalOptions } from './args.js';
import { assertTokenMayTravel } from './clear-text.js';
import { ApiClient, ApiError } from './client.js';
import { runCommand } from './commands.js';
import { CredentialsError, UnreachableError, UsageError } from './errors.js';
import { EXIT, exitCodeForProblem, type ExitCode } from './exit-codes.js';
import { requestGitHubOidcToken } from './github-token.js';
import { createProgress } from './progress.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** A spinner on a terminal, progress lines otherwise. */
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const DEFAULT_POLL_INTERVAL_MS = 3_000;

/** A bearer token's characters (RFC 6750 token68), as the API reads them. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * The token as it will be sent, or a refusal that does not quote it: fetch's own error for a value a header cannot hold
 * (a line break inside, say) repeats the whole value, token included, and that message would reach the job's log.
 */
function sendable(token: string, source: string): string {
  const trimmed = token.trim();
  if (!TOKEN68.test(trimmed)) {
    throw new CredentialsError(`the token from ${source} has characters no token has (a line break or a space inside?); it is not shown here`);
  }
  return trimmed;
}

/** The token to send, and for a job's OIDC token (which expires in minutes) how to get a fresh one. */
async function resolveToken(
  global: GlobalOptions,
  env: CliIo['env'],
  fetchImpl: typeof fetch | undefined,
): Promise<{ token: string; refreshToken?: () => Promise<string> }> {
  const token = global.token ?? env.DEVENV_TOKEN;
  if (token) return { token: sendable(token, global.token !== undefined ? '--token' : 'DEVENV_TOKEN') };
  const audience = global.oidcAudience ?? env.DEVENV_OIDC_AUDIENCE;
  if (audience) {
    // The runner's request token is a credential too.
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL) assertTokenMayTravel(env.ACTIONS_ID_TOKEN_REQUEST_URL, { insecure: global.insecure, what: 'ACTIONS_ID_TOKEN_REQUEST_URL' });
    const refreshToken = async () => sendable(await requestGitHubOidcToken(audience, env, fetchImpl), 'GitHub Actions');
    return { token: await refreshToken(), refreshToken };
  }
  throw new CredentialsError('no token: pass --token, set DEVENV_TOKEN, or in GitHub Actions set DEVENV_OIDC_AUDIENCE');
}

/** The problem once: with `errors`, those (the detail only sums them up); else the detail. */
function describeProblem(error: ApiError): string {
  const { problem } = error;
  const issues = (problem.errors ?? []).map((issue) => `${issue.in} ${issue.pointer}: ${issue.detail}`);
  const lines =
    issues.length === 0
      ? [`devenv: ${problem.title}: ${problem.detail}`]
      : issues.length === 1
        ? [`devenv: ${problem.title}: ${issues[0]}`]
        : [`devenv: ${problem.title}:`, ...issues.map((issue) => `  ${issue}`)];
  if (problem.requestId) lines.push(`  (request id ${problem.requestId})`);
  return `${lines.join('\n')}\n`;
}

/**
 * The `devenv` command: parses `argv`, calls the API, prints results on stdout and everything else on stderr, and
 * returns the exit code (see `exit-codes.ts`). Never throws.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), { stdout, stderr, stderrIsTTY: false, env: process.env });
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { stdout, stderr, env } = io;
  let global: GlobalOptions | undefined;
  try {
    const parsed = parseCommandLine(argv);
    global = parsed.global;
    const { command } = parsed;
    if (command.name === 'help') {
      stdout(USAGE);
      return EXIT.ok;
    }
    const baseUrl = global.url ?? env.DEVENV_URL;
    if (!baseUrl) throw new UsageError('no API address: pass --url or set DEVENV_URL');
    assertTokenMayTravel(baseUrl, { insecure: global.insecure });
    const credentials = await resolveToken(global, env, io.fetch);
    const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const client = new ApiClient({ baseUrl, ...credentials, sleep, ...(io.fetch ? { fetch: io.fetch } : {}) });
    const pollIntervalMs = Number(env.DEVENV_POLL_INTERVAL_MS) > 0 ? Number(env.DEVENV_POLL_INTERVAL_MS) : DEFAULT_POLL_INTERVAL_MS;
    return await runCommand(command, {
      client,
      json: global.json,
      stdout,
      stderr,
      progress: () => createProgress({ write: stderr, isTTY: io.stderrIsTTY }),
      sleep,
      now: io.now ?? Date.now,
      pollIntervalMs,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`devenv: ${error.message}\nRun "devenv --help" for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof CredentialsError) {
      stderr(`devenv: ${error.message}\n`);
      return EXIT.auth;
    }
    if (error instanceof ApiError) {
      stderr(global?.json ? `${JSON.stringify(error.problem)}\n` : describeProblem(error));
      return exitCodeForProblem(error.problem);
    }
    if (error instanceof UnreachableError) {
      stderr(`devenv: ${error.message}\n`);
      return EXIT.unavailable;
    }
    stderr(`devenv: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return EXIT.unavailable;
  }
}
