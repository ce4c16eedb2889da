import type { Context } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { buildAwsEngine } from '../src/runtime/aws-engine.js';
import { requireLambdaConfig } from '../src/runtime/lambda-engine.js';
import { runSweep } from '../src/sweep/run-sweep.js';

const logger = createLogger({ service: 'devenv-sweep' });

/** EventBridge Scheduler target: deletes expired environments and orphans. */
export async function handler(_event: unknown, context: Context) {
  const engine = buildAwsEngine(requireLambdaConfig(process.env, 'sweep'));
  const report = await runSweep(engine, logger.child({ requestId: context.awsRequestId }));
  return { expired: report.expired, removed: report.removed.length, failures: report.failures.length };
}
