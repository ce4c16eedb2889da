import { configDefaults, defineConfig } from 'vitest/config';
import { ISOLATED } from './test/support/isolated-files.js';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 20_000,
    // The SDK warns on Node 20 about its 2027 minimum; CI runs Node 20 on purpose (Lambda runs 22).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Lambda bundles the tests build (in temp dirs named devenv-bundle-*) are imported by Node as Lambda would, not
    // transformed by vite first (slow for 0.7 MB of minified code, and not what runs on Lambda).
    server: { deps: { external: [/\/devenv-bundle-[^/]+\//] } },
    // Worker threads start faster than child processes; nothing here needs a process of its own (no chdir, no exit).
    pool: 'threads',
    // Vitest 3 makes one pool per run and reads its `isolate` from this root level only (vitest-dev/vitest#4731): with
    // it on (the default), every file got a new worker thread that loaded the SDK, hono, bolt and zod again, and a
    // project's own `isolate: false` changed nothing. Off here, a worker lives on across the files of one project
    // (vitest starts fresh workers between projects); each project then says whether its files share the worker's
    // modules. Vitest 4 moves these options: after an upgrade, `npm run test:timing` shows whether collect and prepare
    // grew back (files no longer sharing modules).
    poolOptions: { threads: { isolate: false } },
    projects: [
      // A fresh registry of the project's modules per file (vi.mock, stubbed environment, re-run module-level setup).
      // Packages in node_modules stay loaded, so the setup file takes each file's SDK client stubs off after it.
      {
        extends: true,
        test: { name: 'isolated', include: ISOLATED, setupFiles: ['test/support/isolated-setup.ts'], poolOptions: { threads: { isolate: true } } },
      },
      // Every other file builds what it needs per test and leaves no global behind, so one worker imports the SDK and
      // the sources once for all of them.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED], poolOptions: { threads: { isolate: false } } } },
    ],
  },
});
