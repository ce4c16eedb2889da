import { describe, expect, it } from 'vitest';
import { DEFAULT_WAIT_SECONDS, parseCommandLine, parseWait } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';

describe('Function: parseCommandLine', () => {
  it('parses a create with images, variables, ttl, wait and global options', () => {
    const { command, global } = parseCommandLine([
      'create', 'pr-42', '--app', 'web',
      '--image', 'web=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3f2a1c9',
      '--image', 'sidecar=repo/sidecar:1',
      '--env', 'web.LOG_LEVEL=debug', '--env', 'web.DSN=postgres://u:p@db/x?a=b', '--env', 'sidecar.EMPTY=',
      '--ttl', '48h', '--wait', '300', '--url', 'https://devenv.example.com', '--json',
    ]);

    expect(command).toEqual({
      name: 'create',
      env: 'pr-42',
      app: 'web',
      ttl: '48h',
      waitSeconds: 300,
      images: { web: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3f2a1c9', sidecar: 'repo/sidecar:1' },
      environment: { web: { LOG_LEVEL: 'debug', DSN: 'postgres://u:p@db/x?a=b' }, sidecar: { EMPTY: '' } },
    });
    expect(global).toEqual({ url: 'https://devenv.example.com', json: true, insecure: false });
  });

  it.each([
    [['create', 'pr-1', '--app', 'web', '--wait'], DEFAULT_WAIT_SECONDS],
    [['create', 'pr-1', '--wait', '--app', 'web'], DEFAULT_WAIT_SECONDS],
    [['create', 'pr-1', '--app', 'web', '--wait', '5m'], 300],
    [['create', 'pr-1', '--app', 'web', '--wait=90s'], 90],
  ])('reads %j as a wait of %i seconds', (argv, seconds) => {
    expect(parseCommandLine(argv).command).toMatchObject({ name: 'create', waitSeconds: seconds });
  });

  it('reads --insecure as a global option of any command', () => {
    expect(parseCommandLine(['list', '--insecure']).global.insecure).toBe(true);
    expect(parseCommandLine(['destroy', 'demo-1', '--insecure']).global.insecure).toBe(true);
  });

  it('leaves waitSeconds out without --wait', () => {
    expect(parseCommandLine(['create', 'pr-1', '--app', 'web']).command).not.toHaveProperty('waitSeconds');
  });

  it('parses list filters, extend, get and destroy --missing-ok', () => {
    expect(parseCommandLine(['list', '--owner', 'alice', '--status', 'running']).command).toEqual({ name: 'list', owner: 'alice', status: 'running' });
    expect(parseCommandLine(['extend', 'pr-1', '--ttl', '24h']).command).toEqual({ name: 'extend', env: 'pr-1', ttl: '24h' });
    expect(parseCommandLine(['repair', 'pr-1']).command).toEqual({ name: 'repair', env: 'pr-1' });
    expect(parseCommandLine(['get', 'pr-1', '--token', 't']).command).toEqual({ name: 'get', env: 'pr-1' });
    expect(parseCommandLine(['destroy', 'pr-1', '--missing-ok']).command).toEqual({ name: 'destroy', env: 'pr-1', missingOk: true });
  });

  it.each([
    [['create', 'pr-1'], /needs --app/],
    [['create', '--app', 'web'], /one environment name/],
    [['get', 'pr-1', 'pr-2'], /one environment name.*got pr-1 pr-2/],
    [['create', 'pr-1', '--app', 'web', '--image', 'repo/web:1'], /container=image/],
    [['create', 'pr-1', '--app', 'web', '--env', 'LOG_LEVEL=debug'], /container\.NAME=value/],
    [['create', 'pr-1', '--app', 'web', '--wait=soon'], /--wait takes seconds/],
    [['list', '--colour'], /Unknown option '--colour'/],
    [['get', 'pr-1', '--ttl', '1h'], /Unknown option '--ttl'/],
    [['deploy', 'pr-1'], /unknown command "deploy"/],
    [['--json', 'list'], /the command comes first/],
    [['list', 'pr-1'], /list takes no names/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('treats no arguments, help, -h and --help as a request for help', () => {
    for (const argv of [[], ['help'], ['-h'], ['--help'], ['create', '--help']]) {
      expect(parseCommandLine(argv).command).toEqual({ name: 'help' });
    }
  });
});

describe('Function: parseWait', () => {
  it('refuses waits longer than six hours', () => {
    expect(parseWait('6h')).toBe(21_600);
    expect(() => parseWait('7h')).toThrow(/at most 6h/);
  });
});
