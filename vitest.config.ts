import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that must each run in a fresh module registry: they replace SDK clients' `send` on the prototype
 * (aws-sdk-client-mock), or stub the environment before importing a Lambda entry point whose module-level setup reads it.
 * A new file that does either, or uses `vi.mock`, belongs here: every other file shares one worker's modules.
 */
const ISOLATED = [
  'test/aws/ecs-service-fleet-*.test.ts',
  'test/aws/elb-traffic-router-*.test.ts',
  'test/aws/route53-dns-records-*.test.ts',
  'test/core/engine/sdk-calls/**/*.test.ts',
  'test/functions/**/*.test.ts',
  'test/http/function-api.test.ts',
  'test/infra/assets.test.ts',
  'test/sweep/function-sweep.test.ts',
];

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
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
      // Every other file builds what it needs per test and leaves no global behind, so one worker imports the SDK and
      // the sources once for all of them: most of the suite's time was each file loading the same modules again.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...ISOLATED], isolate: false } },
    ],
  },
});
