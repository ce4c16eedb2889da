import { defineConfig } from 'vitest/config';

/**
 * The conformance suite: devenv's AWS adapters against moto (a local AWS emulator) over HTTP, and the simulated cloud
 * held to the same observations. One moto_server serves the whole run (global-setup.ts starts and stops it), and
 * every scenario resets it, so test files run one after another. See docs/conformance.md.
 */
export default defineConfig({
  test: {
    // `*.conformance.ts`, not `*.test.ts`: the unit suite (vitest.config.ts) must not pick these up.
    include: ['test/conformance/**/*.conformance.ts'],
    environment: 'node',
    globalSetup: ['test/conformance/support/global-setup.ts'],
    fileParallelism: false,
    // One worker imports the SDK clients once for every file (most of the run's time otherwise).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // The adapters take credentials from the SDK's standard chain: dummy ones, so no real account is ever used
      // (moto accepts any), and no instance-metadata lookup leaves loopback.
      AWS_ACCESS_KEY_ID: 'conformance',
      AWS_SECRET_ACCESS_KEY: 'conformance',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  },
});
