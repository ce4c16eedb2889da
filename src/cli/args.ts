import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export interface GlobalOptions {
  url?: string;
  token?: string;
  oidcAudience?: string;
  json: boolean;
  /** Send the token over plain http:// to a host that is not this machine. */
  insecure: boolean;
}

export type Command =
  | {
      name: 'create';
      env: string;
      app: string;
      ttl?: string;
      images: Record<string, string>;
      environment: Record<string, Record<string, string>>;
      /** Seconds to wait for the environment to leave `creating`; absent: answer at once. */
      waitSeconds?: number;
    }
  | { name: 'list'; owner?: string; app?: string; status?: string }
  | { name: 'get'; env: string }
  | { name: 'extend'; env: string; ttl?: string }
  | { name: 'repair'; env: string }
  | { name: 'destroy'; env: string; missingOk: boolean }
  /** Admin tokens only: what a sweep would remove (`dryRun`), or a sweep run now. */
  | { name: 'sweep'; dryRun: boolean }
  | { name: 'help' };

export interface CommandLine {
  command: Command;
  global: GlobalOptions;
}

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL: Options = {
  url: { type: 'string' },
  token: { type: 'string' },
  'oidc-audience': { type: 'string' },
  json: { type: 'boolean', default: false },
  insecure: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

const COMMANDS: Record<Exclude<Command['name'], 'help'>, Options> = {
  create: {
    app: { type: 'string' },
    image: { type: 'string', multiple: true, default: [] },
    env: { type: 'string', multiple: true, default: [] },
    ttl: { type: 'string' },
    wait: { type: 'string' },
  },
  list: { owner: { type: 'string' }, app: { type: 'string' }, status: { type: 'string' } },
  get: {},
  extend: { ttl: { type: 'string' } },
  repair: {},
  destroy: { 'missing-ok': { type: 'boolean', default: false } },
  sweep: { 'dry-run': { type: 'boolean', default: false } },
};

/** `--wait` alone waits this long. */
export const DEFAULT_WAIT_SECONDS = 600;
const WAIT_VALUE = /^(\d{1,5})([smh]?)$/;
const WAIT_UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };
const MAX_WAIT_SECONDS = 6 * 3600;

/** `300`, `90s`, `5m`, `1h` → seconds. */
export function parseWait(text: string): number {
  const match = WAIT_VALUE.exec(text);
  if (!match) throw new UsageError(`--wait takes seconds or a duration like 300, 90s, 5m or 1h, not "${text}"`);
  const seconds = Number(match[1]) * (WAIT_UNIT_SECONDS[match[2] ?? ''] ?? 1);
  if (seconds > MAX_WAIT_SECONDS) throw new UsageError(`--wait is at most ${MAX_WAIT_SECONDS / 3600}h`);
  return seconds;
}

/** `--wait` may stand alone (wait the default time): give it its value before `parseArgs`, which needs one. */
function expandBareWait(args: readonly string[]): string[] {
  return args.flatMap((arg, index) => {
    if (arg !== '--wait') return [arg];
    const next = args[index + 1];
    return next !== undefined && WAIT_VALUE.test(next) ? [arg] : [`--wait=${DEFAULT_WAIT_SECONDS}`];
  });
}

/** `web=repo/web:sha` → ['web', 'repo/web:sha'] */
function parseImage(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--image takes container=image, like web=repo/web:3f2a1c9, not "${text}"`);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** `web.KEY=VALUE` → ['web', 'KEY', 'VALUE'] (container names have no dots; values may hold anything). */
function parseVariable(text: string): [string, string, string] {
  const match = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(text);
  if (!match) throw new UsageError(`--env takes container.NAME=value, like web.LOG_LEVEL=debug, not "${text}"`);
  return [match[1]!, match[2]!, match[3]!];
}

function oneName(command: string, positionals: string[]): string {
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes one environment name, like "devenv ${command} demo-42"${positionals.length > 1 ? `; got ${positionals.join(' ')}` : ''}`);
  }
  return positionals[0]!;
}

/**
 * Parses `devenv <command> [name] [options]` with `node:util` `parseArgs`: unknown options and missing values are
 * usage errors (exit 2).
 *
 * @example
 * parseCommandLine(['create', 'demo-42', '--app', 'web', '--image', 'web=repo/web:sha', '--wait']);
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    return { command: { name: 'help' }, global: { json: false, insecure: false } };
  }
  if (!(first in COMMANDS)) {
    throw new UsageError(first.startsWith('-') ? 'the command comes first, like "devenv list --json"' : `unknown command "${first}"`);
  }
  const name = first as keyof typeof COMMANDS;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: expandBareWait(rest), options: { ...GLOBAL, ...COMMANDS[name] }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'invalid options');
  }
  const { values, positionals } = parsed;
  const string = (key: string) => values[key] as string | undefined;
  const global: GlobalOptions = {
    json: values.json === true,
    insecure: values.insecure === true,
    ...(string('url') !== undefined ? { url: string('url') } : {}),
    ...(string('token') !== undefined ? { token: string('token') } : {}),
    ...(string('oidc-audience') !== undefined ? { oidcAudience: string('oidc-audience') } : {}),
  };
  if (values.help === true) return { command: { name: 'help' }, global };
  const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, string>));

  switch (name) {
    case 'create': {
      const env = oneName('create', positionals);
      const app = string('app');
      if (!app) throw new UsageError('create needs --app, like "devenv create demo-42 --app web"');
      const images = Object.fromEntries((values.image as string[]).map(parseImage));
      const environment: Record<string, Record<string, string>> = {};
      for (const [container, key, value] of (values.env as string[]).map(parseVariable)) {
        (environment[container] ??= {})[key] = value;
      }
      const wait = string('wait');
      return {
        command: { name, env, app, images, environment, ...optional('ttl', string('ttl')), ...(wait !== undefined ? { waitSeconds: parseWait(wait) } : {}) },
        global,
      };
    }
    case 'list':
      if (positionals.length > 0) throw new UsageError(`list takes no names; filter with --owner, --app or --status`);
      return { command: { name, ...optional('owner', string('owner')), ...optional('app', string('app')), ...optional('status', string('status')) }, global };
    case 'get':
      return { command: { name, env: oneName('get', positionals) }, global };
    case 'extend':
      return { command: { name, env: oneName('extend', positionals), ...optional('ttl', string('ttl')) }, global };
    case 'repair':
      return { command: { name, env: oneName('repair', positionals) }, global };
    case 'destroy':
      return { command: { name, env: oneName('destroy', positionals), missingOk: values['missing-ok'] === true }, global };
    case 'sweep':
      if (positionals.length > 0) throw new UsageError(`sweep takes no names; it looks at every environment (--dry-run shows what it would remove)`);
      return { command: { name, dryRun: values['dry-run'] === true }, global };
  }
}

export const USAGE = `devenv: per-pull-request environments

Usage:
  devenv create <name> --app <app> [--image <container>=<image>]... [--env <container>.<NAME>=<value>]...
                [--ttl 48h] [--wait [seconds|5m]]
  devenv list [--owner <owner>] [--app <app>] [--status creating|running|unhealthy|failed|degraded]
  devenv get <name>
  devenv extend <name> [--ttl 24h]      adds the time to its expiry (never shortens it)
  devenv repair <name>                  re-creates what was deleted of a degraded environment
  devenv destroy <name> [--missing-ok]
  devenv sweep [--dry-run]              admin: remove expired environments and orphans now,
                                        or with --dry-run only list what would go

Options (any command):
  --url <url>             the devenv API (or DEVENV_URL)
  --token <token>         an API token (or DEVENV_TOKEN)
  --oidc-audience <aud>   in GitHub Actions with "id-token: write": send the job's OIDC token for this
                          audience instead of an API token (or DEVENV_OIDC_AUDIENCE)
  --json                  print the API's JSON instead of tables
  --insecure              allow an http:// API address that is not this machine (the token travels in
                          clear text); without it only https:// and http://localhost, 127.0.0.1, [::1]
  -h, --help              this help

create updates the environment when it exists. --wait waits until it is running (progress on stderr);
alone it waits up to ${DEFAULT_WAIT_SECONDS / 60} minutes.

Exit codes: 0 ok; 1 environment failed or unhealthy; 2 usage or invalid request; 3 not authenticated or
not allowed; 4 not found; 5 conflict or busy; 6 quota exceeded; 7 --wait ran out; 8 API unreachable, failing,
or an error that is not devenv's (a proxy, a gateway): retrying may help.
`;
