import { main, type CliIo } from '../../src/cli/main.js';
import { TOKENS, type TestApi } from '../http/fixtures.js';

export const URL_ = 'https://devenv.test';

/** The CLI against the real app in-process: its fetch goes to `app.request`, its sleeps move the simulated clock. */
export function cli(api: TestApi, env: Record<string, string | undefined> = {}, fetchOverride?: typeof fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stderrIsTTY: false,
    env: { DEVENV_URL: URL_, DEVENV_TOKEN: TOKENS.alice, ...env },
    fetch: fetchOverride ?? (((input: string | URL | Request, init?: RequestInit) => api.app.request(String(input), init)) as typeof fetch),
    sleep: async (ms) => api.world.advance(ms),
    now: () => api.world.now().getTime(),
  };
  return {
    run: (...argv: string[]) => main(argv, io),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
