import type { Context } from 'aws-lambda';
import { createLogger } from '../src/observability/logger.js';
import { buildEngineFromEnvironment } from '../src/runtime/engine.js';
import { runSweep } from '../src/sweep/run-sweep.js';

const built = buildEngineFromEnvironment();
const logger = createLogger({ service: 'devenv-sweep' });

/** EventBridge Scheduler target: deletes expired environments and orphans. */
export async function handler(_event: unknown, context: Context) {
  const { engine } = await built;
  const report = await runSweep(engine, logger.child({ requestId: context.awsRequestId }));
  return { expired: report.expired, removed: report.removed.length, failures: report.failures.length };
}
