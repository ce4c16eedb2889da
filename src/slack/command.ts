import type { SlackWork } from './job.js';
/**
 * What a `/devenv` command asks for, after parsing and before any authorization or cloud call: `help`, or the work the
 * worker will do — except that `create` may leave out its app (the only configured app then, else a usage error).
 */
export type SlackCommand =
  | { kind: 'help' }
  | Exclude<SlackWork, { kind: 'create' }>
  | (Omit<Extract<SlackWork, { kind: 'create' }>, 'app'> & { app?: string });

/** The command's text does not fit its usage: answered at once, with the usage, and nothing changes. */
export class UsageError extends Error {
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

export const USAGE = {
  create: '/devenv create <name> [app] [--image container=repo:tag]… [--env container.NAME=value]… [--ttl 8h]',
  list: '/devenv list [mine|all]',
  status: '/devenv status <name>',
  extend: '/devenv extend <name> [duration]',
  destroy: '/devenv destroy <name>',
  help: '/devenv help',
} as const;

const CONTAINER_KEY = /^([^.=\s]+)\.([^=\s]+)=(.*)$/;
const IMAGE_OPTION = /^([^=\s]+)=(\S+)$/;

/**
 * Parses the text after `/devenv`. Words are separated by spaces; values hold no spaces.
 *
 * @example
 * parseCommand('create demo web --image web=repo/web:abc --ttl 8h');
 * // { kind: 'create', name: 'demo', app: 'web', images: { web: 'repo/web:abc' }, environment: {}, ttl: '8h' }
 */
export function parseCommand(text: string): SlackCommand {
  const [subcommand = 'help', ...words] = text.trim().split(/\s+/).filter((word) => word.length > 0);
  switch (subcommand.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'create':
      return parseCreate(words);
    case 'list': {
      const [scope = 'mine', ...rest] = words;
      if ((scope !== 'mine' && scope !== 'all') || rest.length > 0) throw new UsageError(`list takes mine or all, not "${words.join(' ')}"`, USAGE.list);
      return { kind: 'list', scope };
    }
    case 'status':
    case 'destroy': {
      const kind = subcommand.toLowerCase() as 'status' | 'destroy';
      const [name, ...rest] = words;
      if (!name || name.startsWith('--') || rest.length > 0) throw new UsageError(`${kind} takes exactly one environment name`, USAGE[kind]);
      return { kind, name };
    }
    case 'extend': {
      const [name, ttl, ...rest] = words;
      if (!name || name.startsWith('--') || rest.length > 0) throw new UsageError('extend takes an environment name and, optionally, a duration', USAGE.extend);
      return { kind: 'extend', name, ...(ttl !== undefined ? { ttl } : {}) };
    }
    default:
      throw new UsageError(`unknown subcommand "${subcommand.slice(0, 40)}"`, Object.values(USAGE).join('\n'));
  }
}

function parseCreate(words: string[]): SlackCommand {
  const positional: string[] = [];
  // Maps, not objects: a container or variable named `__proto__` must stay a name (and be refused as one), not reach
  // Object.prototype and so every object of the receiver's process.
  const images = new Map<string, string>();
  const environment = new Map<string, Map<string, string>>();
  let ttl: string | undefined;
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const [option, inline] = splitOption(word);
    const value = inline ?? words[(index += 1)];
    if (value === undefined) throw new UsageError(`${option} needs a value`, USAGE.create);
    if (option === '--image') {
      const match = IMAGE_OPTION.exec(value);
      if (!match) throw new UsageError(`--image takes container=repo:tag, not "${value.slice(0, 80)}"`, USAGE.create);
      images.set(match[1]!, match[2]!);
    } else if (option === '--env') {
      const match = CONTAINER_KEY.exec(value);
      if (!match) throw new UsageError(`--env takes container.NAME=value, not "${value.slice(0, 80)}"`, USAGE.create);
      const variables = environment.get(match[1]!) ?? new Map<string, string>();
      environment.set(match[1]!, variables.set(match[2]!, match[3]!));
    } else if (option === '--ttl') {
      ttl = value;
    } else {
      throw new UsageError(`unknown option ${option.slice(0, 40)}`, USAGE.create);
    }
  }
  const [name, app, ...extra] = positional;
  if (!name) throw new UsageError('create needs an environment name', USAGE.create);
  if (extra.length > 0) throw new UsageError(`create takes a name and an app, then options; "${extra.join(' ').slice(0, 80)}" is extra`, USAGE.create);
  return {
    kind: 'create',
    name,
    ...(app !== undefined ? { app } : {}),
    images: Object.fromEntries(images),
    environment: Object.fromEntries([...environment].map(([container, variables]) => [container, Object.fromEntries(variables)])),
    ...(ttl !== undefined ? { ttl } : {}),
  };
}

function splitOption(word: string): [string, string | undefined] {
  const at = word.indexOf('=');
  return at === -1 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}
