import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { TOKENS, testApi } from '../http/fixtures.js';
import { cli } from './cli-harness.js';


describe('Function: main (CLI)', () => {
  it('creates and waits until running: exit 0, progress on stderr, the environment on stdout', async () => {
    const api = await testApi({ deploymentSeconds: 20 });
    const run = cli(api);

    const code = await run.run('create', 'demo-42', '--app', 'web', '--image', 'web=repo/web:1', '--wait', '120');

    expect(code).toBe(EXIT.ok);
    expect(run.stdout()).toMatch(/^created demo-42\nname +demo-42\n/);
    expect(run.stdout()).toContain('status   running');
    expect(run.stderr()).toMatch(/^demo-42: creating, 0s\ndemo-42: running, \d+s\n$/);
  });

  it('prints the API JSON with --json: the PUT answer merged with the settled environment', async () => {
    const api = await testApi({ deploymentSeconds: 20 });
    const run = cli(api);

    const code = await run.run('create', 'demo-42', '--app', 'web', '--wait', '--json');

    expect(code).toBe(EXIT.ok);
    const body = JSON.parse(run.stdout());
    expect(body).toMatchObject({ name: 'demo-42', outcome: 'created', status: 'running' });
    expect(Array.isArray(body.calls)).toBe(true);
  });

  it('exits 1 with the reason when the environment fails while waiting', async () => {
    const api = await testApi({ deploymentSeconds: 20 });
    api.world.cloud.failImage('repo/web:broken');
    const run = cli(api);

    const code = await run.run('create', 'demo-42', '--app', 'web', '--image', 'web=repo/web:broken', '--wait', '300');

    expect(code).toBe(EXIT.environmentFailed);
    expect(run.stderr()).toMatch(/devenv: demo-42 is failed: .*CannotPullContainerError/);
  });

  it('exits 7 when --wait runs out while still creating', async () => {
    const api = await testApi({ deploymentSeconds: 3600 });
    const run = cli(api);

    const code = await run.run('create', 'demo-42', '--app', 'web', '--wait', '30');

    expect(code).toBe(EXIT.waitTimedOut);
    expect(run.stderr()).toContain('still creating after 30s');
  });

  it('polls at growing intervals while it waits: 8 reads for a deployment of two minutes, not one every 3 s', async () => {
    // Prepare
    const api = await testApi({ deploymentSeconds: 120 });
    let reads = 0;
    const counting = ((input: string | URL | Request, init?: RequestInit) => {
      if ((init?.method ?? 'GET') === 'GET') reads += 1;
      return api.app.request(String(input), init);
    }) as typeof fetch;
    const run = cli(api, {}, counting);

    // Act
    const code = await run.run('create', 'demo-42', '--app', 'web', '--wait', '300');

    // Assess: waits of 3, 4.5, 6.8, 10.1, 15.2, 22.8, 30 and 30 s reach 122 s
    expect(code).toBe(EXIT.ok);
    expect(reads).toBe(8);
  });

  it('exits 0 at once without --wait, whatever the status', async () => {
    const api = await testApi({ deploymentSeconds: 3600 });
    const run = cli(api);

    expect(await run.run('create', 'demo-42', '--app', 'web')).toBe(EXIT.ok);
    expect(run.stderr()).toBe('');
  });

  it('lists, gets, extends and destroys', async () => {
    const api = await testApi();
    const run = cli(api);
    await run.run('create', 'demo-42', '--app', 'web', '--wait');

    expect(await run.run('list', '--owner', 'alice')).toBe(EXIT.ok);
    expect(await run.run('get', 'demo-42')).toBe(EXIT.ok);
    expect(await run.run('extend', 'demo-42', '--ttl', '24h')).toBe(EXIT.ok);
    expect(await run.run('destroy', 'demo-42')).toBe(EXIT.ok);

    expect(run.stdout()).toMatch(/NAME +APP +STATUS +OWNER +EXPIRES +URL\ndemo-42 +web +running +alice/);
    // 48 h (the default) plus 24 h
    expect(run.stdout()).toContain('demo-42 now expires in 3d');
    expect(run.stdout()).toContain('destroyed demo-42\n');
  });

  it('shows the missing rule of a degraded environment on get, and repair re-creates it', async () => {
    // Prepare: the environment's listener rule deleted by hand
    const api = await testApi();
    const run = cli(api);
    await run.run('create', 'demo-42', '--app', 'web', '--wait');
    const { Rules } = api.world.cloud.invoke('elbv2', 'DescribeRules', { ListenerArn: api.world.config.listenerArn }) as {
      Rules: Array<{ RuleArn: string; Conditions?: Array<{ HostHeaderConfig?: { Values?: string[] } }> }>;
    };
    const rule = Rules.find((each) => each.Conditions?.some((condition) => condition.HostHeaderConfig?.Values?.includes('demo-42.dev.example.com')))!;
    api.world.cloud.invoke('elbv2', 'DeleteRule', { RuleArn: rule.RuleArn });

    // Act
    expect(await run.run('get', 'demo-42')).toBe(EXIT.ok);
    expect(await run.run('repair', 'demo-42')).toBe(EXIT.ok);

    // Assess
    expect(run.stdout()).toMatch(/status +degraded \(listener rule for demo-42\.dev\.example\.com is missing/);
    expect(run.stdout()).toMatch(/missing +listener-rule demo-42\.dev\.example\.com\n/);
    expect(run.stdout()).toContain('demo-42: re-created listener-rule demo-42.dev.example.com\n');
  });

  it.each([
    ['no token', [], { DEVENV_TOKEN: undefined }, EXIT.auth, /no token/],
    ['a refused token', ['list'], { DEVENV_TOKEN: 'devenv_wrong' }, EXIT.auth, /Authentication required: the API token is not valid/],
    ['a missing environment', ['get', 'demo-404'], {}, EXIT.notFound, /Environment not found: environment demo-404 does not exist/],
    ['an invalid request', ['create', 'demo-42', '--app', 'nope'], {}, EXIT.usage, /Invalid request: body #\/app: unknown app "nope"/],
    ['a usage error', ['create', 'demo-42'], {}, EXIT.usage, /needs --app/],
    ['no API address', ['list'], { DEVENV_URL: undefined }, EXIT.usage, /pass --url or set DEVENV_URL/],
  ])('exits with the documented code for %s', async (_case, argv, env, code, message) => {
    const api = await testApi();
    const run = cli(api, env);

    expect(await run.run(...(argv.length ? argv : ['list']))).toBe(code);
    expect(run.stderr()).toMatch(message);
  });

  it('exits 5 for a conflict and 6 for an exceeded quota', async () => {
    const api = await testApi({ config: { limits: { perOwner: 1, total: 10 } } });
    const run = cli(api);
    await run.run('create', 'demo-1', '--app', 'web');

    expect(await run.run('create', 'demo-1', '--app', 'worker')).toBe(EXIT.conflict);
    expect(await run.run('create', 'demo-2', '--app', 'web')).toBe(EXIT.quota);
  });

  it('exits 3 when the caller may not touch the environment', async () => {
    const api = await testApi();
    await cli(api).run('create', 'demo-1', '--app', 'web');
    const bob = cli(api, { DEVENV_TOKEN: TOKENS.bob });

    expect(await bob.run('destroy', 'demo-1')).toBe(EXIT.auth);
    expect(bob.stderr()).toContain('owned by alice');
  });

  it('exits 4 when destroying what does not exist, and 0 with --missing-ok', async () => {
    const api = await testApi();
    const run = cli(api);

    expect(await run.run('destroy', 'demo-1')).toBe(EXIT.notFound);
    expect(await run.run('destroy', 'demo-1', '--missing-ok')).toBe(EXIT.ok);
    expect(run.stdout()).toBe('demo-1 did not exist\n');
  });

  it('exits 8 for a 5xx answer and when the API cannot be reached', async () => {
    const api = await testApi();
    const gateway = cli(api, {}, (async () => new Response('upstream request timeout', { status: 504 })) as typeof fetch);
    const down = cli(api, {}, (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch);

    expect(await gateway.run('list')).toBe(EXIT.unavailable);
    expect(gateway.stderr()).toContain('HTTP 504: upstream request timeout');
    expect(await down.run('list')).toBe(EXIT.unavailable);
    expect(down.stderr()).toBe('devenv: cannot reach https://devenv.test: ECONNREFUSED\n');
  });

  it('exits 8, not 0, when destroy --missing-ok gets a 404 that is not devenv\'s (a proxy, a wrong URL)', async () => {
    const api = await testApi();
    const proxy = cli(api, {}, (async () => new Response('<html><body>404 Not Found</body></html>', { status: 404, headers: { 'content-type': 'text/html' } })) as typeof fetch);

    expect(await proxy.run('destroy', 'demo-1', '--missing-ok')).toBe(EXIT.unavailable);
    expect(proxy.stdout()).toBe('');
  });

  it("exits 8, not 6, for API Gateway's own 429 (throttling, not a quota)", async () => {
    const api = await testApi();
    const gateway = cli(api, {}, (async () => Response.json({ message: 'Too Many Requests' }, { status: 429 })) as typeof fetch);

    expect(await gateway.run('list')).toBe(EXIT.unavailable);
    expect(gateway.stderr()).toContain('HTTP 429');
  });

  it('exits 8 when the GitHub Actions runtime cannot be reached for the OIDC token, with a message and no stack trace', async () => {
    const api = await testApi();
    const run = cli(
      api,
      {
        DEVENV_TOKEN: undefined,
        DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://actions.example/token?api-version=2.0',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token',
      },
      (async () => {
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND actions.example'), { code: 'ENOTFOUND' }) });
      }) as typeof fetch,
    );

    expect(await run.run('list')).toBe(EXIT.unavailable);
    expect(run.stderr()).toBe('devenv: could not get the job\'s OIDC token from GitHub Actions: ENOTFOUND\n');
  });

  it('rides out a failing poll while waiting', async () => {
    const api = await testApi({ deploymentSeconds: 10 });
    let gets = 0;
    const flaky = (async (input: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'GET' && ++gets === 1) return new Response('{"title":"Bad gateway","detail":"x"}', { status: 502 });
      return api.app.request(String(input), init);
    }) as typeof fetch;
    const run = cli(api, {}, flaky);

    expect(await run.run('create', 'demo-42', '--app', 'web', '--wait', '60')).toBe(EXIT.ok);
    expect(gets).toBeGreaterThan(1);
  });

  it('in GitHub Actions, asks the runtime for an OIDC token with the audience and sends it', async () => {
    const api = await testApi();
    const jwt = await api.signer.sign();
    const asked: string[] = [];
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      if (url.startsWith('https://actions.example/')) {
        asked.push(`${url} ${new Headers(init?.headers).get('authorization')}`);
        return Response.json({ value: jwt });
      }
      return api.app.request(url, init);
    }) as typeof fetch;
    const run = cli(
      api,
      {
        DEVENV_TOKEN: undefined,
        DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'https://actions.example/token?api-version=2.0',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token',
      },
      fetchImpl,
    );

    const code = await run.run('create', 'pr-42', '--app', 'web', '--json');

    expect(code).toBe(EXIT.ok);
    expect(asked).toEqual(['https://actions.example/token?api-version=2.0&audience=https%3A%2F%2Fdevenv.example.com bearer runtime-token']);
    expect(JSON.parse(run.stdout())).toMatchObject({ owner: 'github:acme/web@octocat' });
  });

  it('exits 3 in GitHub Actions without id-token permission', async () => {
    const api = await testApi();
    const run = cli(api, { DEVENV_TOKEN: undefined, DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com' });

    expect(await run.run('list')).toBe(EXIT.auth);
    expect(run.stderr()).toContain('id-token: write');
  });

  it('prints usage on stdout and exits 0 for --help', async () => {
    const api = await testApi();
    const run = cli(api);

    expect(await run.run('--help')).toBe(EXIT.ok);
    expect(run.stdout()).toContain('Exit codes: 0 ok; 1 environment failed');
  });

  it('--help describes each option on its own lines: --token does not run into --oidc-audience', async () => {
    const run = cli(await testApi());

    await run.run('--help');

    const options = run.stdout().split('Options (any command):\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(options).toContain('  --token <token>         an API token (or DEVENV_TOKEN)');
    // Each line starts an option or continues the one above, indented to its description column.
    for (const line of options) expect(line, line).toMatch(/^ {2}(-h, )?--[a-z-]+( <[a-z]+>)? +\S|^ {26}\S/);
    for (const line of options.filter((option) => option.startsWith('  -'))) expect(line, line).not.toMatch(/[,;]$/);
  });

  it('prints a 400 detail once: the single issue with its pointer', async () => {
    const run = cli(await testApi());

    expect(await run.run('create', 'demo-42', '--app', 'nope')).toBe(EXIT.usage);

    expect(run.stderr()).toMatch(/^devenv: Invalid request: body #\/app: unknown app "nope"; known apps: web, api, metrics, worker\n {2}\(request id [\w-]+\)\n$/);
  });

  it('prints each issue of a 400 once, under the title, without the summary that repeats them', async () => {
    const run = cli(await testApi());

    expect(await run.run('create', 'demo-42', '--app', 'web', '--image', 'web=bad image', '--env', 'web.1X=y')).toBe(EXIT.usage);

    expect(run.stderr()).toMatch(
      /^devenv: Invalid request:\n {2}body #\/images\/web: must be an OCI image reference[^\n]*\n {2}body #\/environment\/web\/1X: must be a variable name[^\n]*\n {2}\(request id [\w-]+\)\n$/,
    );
  });
});
