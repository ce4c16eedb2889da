import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../src/slack/command.js';

describe('Function: parseCommand', () => {
  it('reads create with an app, images, variables and a TTL, in either option form', () => {
    const command = parseCommand('create demo web --image web=repo/web:abc --image=sidecar=repo/side:1 --env web.FEATURE=a=b --env=web.MODE=x --ttl 8h');

    expect(command).toEqual({
      kind: 'create',
      name: 'demo',
      app: 'web',
      images: { web: 'repo/web:abc', sidecar: 'repo/side:1' },
      environment: { web: { FEATURE: 'a=b', MODE: 'x' } },
      ttl: '8h',
    });
  });

  it('leaves the app out of create when none is named', () => {
    expect(parseCommand('create demo')).toMatchObject({ kind: 'create', name: 'demo', images: {}, environment: {} });
    expect(parseCommand('create demo')).not.toHaveProperty('app');
  });

  it('reads help from an empty command, and list as mine unless all is asked for', () => {
    expect(parseCommand('  ')).toEqual({ kind: 'help' });
    expect(parseCommand('list')).toEqual({ kind: 'list', scope: 'mine' });
    expect(parseCommand('LIST all')).toEqual({ kind: 'list', scope: 'all' });
  });

  it('reads status, extend with and without a duration, and destroy', () => {
    expect(parseCommand('status demo')).toEqual({ kind: 'status', name: 'demo' });
    expect(parseCommand('extend demo')).toEqual({ kind: 'extend', name: 'demo' });
    expect(parseCommand('extend demo 24h')).toEqual({ kind: 'extend', name: 'demo', ttl: '24h' });
    expect(parseCommand('destroy demo')).toEqual({ kind: 'destroy', name: 'demo' });
  });

  it.each([
    ['create demo web api', 'is extra'],
    ['create demo --color red', 'unknown option --color'],
    ['create demo --env FEATURE=on', '--env takes container.NAME=value'],
    ['extend', 'extend takes an environment name'],
    ['status --ttl', 'status takes exactly one environment name'],
    ['deploy demo', 'unknown subcommand "deploy"'],
  ])('throws a usage error with the usage for "%s"', (text, message) => {
    expect(() => parseCommand(text)).toThrow(UsageError);
    expect(() => parseCommand(text)).toThrow(message);
  });
});
