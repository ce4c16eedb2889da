import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/main.js';
import { HOUR } from '../support/simulated.js';
import { TOKENS, testApi, type TestApi } from '../http/fixtures.js';

/** `devenv` against the app in-process, as `token`. */
function cli(api: TestApi, token: string) {
  const out: string[] = [];
  const err: string[] = [];
  const run = (...argv: string[]) =>
    main(argv, {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      stderrIsTTY: false,
      env: { DEVENV_URL: 'https://devenv.test', DEVENV_TOKEN: token },
      fetch: ((input: string | URL | Request, init?: RequestInit) => api.app.request(String(input), init)) as typeof fetch,
      now: () => api.world.now().getTime(),
    });
  return { run, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function apiWithAnExpiredEnvironment(): Promise<TestApi> {
  const api = await testApi();
  await api.call('PUT', '/v1/environments/short', { token: TOKENS.alice, body: { app: 'worker', ttl: '1h' } });
  await api.call('PUT', '/v1/environments/long', { token: TOKENS.alice, body: { app: 'worker', ttl: '48h' } });
  api.world.advance(2 * HOUR);
  return api;
}

describe('Command: devenv sweep', () => {
  it('--dry-run lists what would go and removes nothing; without it the same is removed', async () => {
    // Prepare
    const api = await apiWithAnExpiredEnvironment();
    const admin = cli(api, TOKENS.admin);
    const writesBefore = api.writes().length;

    // Act: dry run
    const dryRun = await admin.run('sweep', '--dry-run');
    const planned = admin.stdout();

    // Assess
    expect(dryRun).toBe(EXIT.ok);
    expect(api.writes().length).toBe(writesBefore);
    expect(planned).toBe('dry run: a sweep now would remove 1 resource: 1 expired environment (short), 0 orphans\n\nKIND     ID            WHY\nservice  devenv-short  expired\n');

    // Act: the sweep
    const ran = await admin.run('sweep');

    // Assess: the same table, now as done
    expect(ran).toBe(EXIT.ok);
    const removed = admin.stdout().slice(planned.length);
    expect(removed).toBe(planned.replace('dry run: a sweep now would remove', 'sweep removed'));
    expect((await api.call('GET', '/v1/environments/short', { token: TOKENS.alice })).status).toBe(404);
  });

  it('says so when there is nothing to sweep, and prints the API JSON with --json', async () => {
    const api = await testApi();
    const admin = cli(api, TOKENS.admin);

    expect(await admin.run('sweep', '--dry-run')).toBe(EXIT.ok);
    expect(await admin.run('sweep', '--json')).toBe(EXIT.ok);

    expect(admin.stdout()).toMatch(/^dry run: a sweep now would remove nothing\n\{/);
    expect(JSON.parse(admin.stdout().split('\n').slice(1).join('\n'))).toMatchObject({ dryRun: false, expired: [], removed: [], failures: [] });
  });

  it('exits 3 for a user token, and nothing is removed', async () => {
    const api = await apiWithAnExpiredEnvironment();
    const user = cli(api, TOKENS.alice);
    const writesBefore = api.writes().length;

    expect(await user.run('sweep')).toBe(EXIT.auth);
    expect(user.stderr()).toMatch(/^devenv: Forbidden: only admin tokens may see or run the sweep\n {2}\(request id [\w-]+\)\n$/);
    expect(api.writes().length).toBe(writesBefore);
  });

  it('exits 2 for a name: the sweep looks at every environment', async () => {
    const api = await testApi();

    const run = cli(api, TOKENS.admin);

    expect(await run.run('sweep', 'short')).toBe(EXIT.usage);
    expect(run.stderr()).toContain('sweep takes no names');
  });
});
