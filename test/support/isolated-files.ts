/**
 * Test files that must each run in a fresh module registry (vitest.config.ts's 'isolated' project): they replace SDK
 * clients' `send` on the prototype (aws-sdk-client-mock), mock modules (`vi.mock`), or stub the environment before
 * importing a Lambda entry point whose module-level setup reads it. Every other file shares one worker's modules.
 * test/isolated-files.test.ts fails when a file that does one of these is missing here.
 */
export const ISOLATED = [
  'test/aws/async-invoker.test.ts',
  'test/aws/dynamodb-environment-counts.test.ts',
  'test/aws/dynamodb-lease-locks.test.ts',
  'test/aws/ecs-service-fleet-*.test.ts',
  'test/aws/elb-traffic-router-*.test.ts',
  'test/aws/error-codes.test.ts',
  'test/aws/error-codes-generic.test.ts',
  'test/aws/route53-dns-records-*.test.ts',
  'test/core/engine/sdk-calls/**/*.test.ts',
  'test/functions/**/*.test.ts',
  'test/http/function-api.test.ts',
  'test/http/function-api-init.test.ts',
  'test/infra/assets.test.ts',
  'test/runtime/secrets.test.ts',
  'test/support/restore-sdk-stubs.test.ts',
  'test/sweep/function-sweep.test.ts',
];
