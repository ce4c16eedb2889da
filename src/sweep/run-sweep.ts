import type { Engine, Traced } from '../core/engine.js';
import { BusyError } from '../core/errors.js';
import type { SweepOptions, SweepReport } from '../core/sweep.js';
import type { Logger } from '../observability/logger.js';

/**
 * The scheduled sweep: destroys expired environments and collects orphans, and logs what it did. Failures of single
 * resources are logged and left for the next run; the run itself fails only when the sweep could not look at the cloud.
 */
export async function runSweep(engine: Engine, logger: Logger, now?: Date, options: SweepOptions = {}): Promise<SweepReport> {
  let report: Traced<SweepReport>;
  try {
    report = await engine.sweep(now, options);
  } catch (error) {
    if (!(error instanceof BusyError)) throw error;
    // A run that outlasted the schedule's interval: not a failure, and not a reason for Lambda to run this one again.
    logger.info('another sweep of this installation is still running; this run leaves the work to it');
    const nothing: Traced<SweepReport> = { expired: [], orphans: [], removed: [], failures: [], skipped: [], drift: [], calls: [] };
    return nothing;
  }
  // The AWS error goes under its own key: a field named `message` would replace the line's own.
  for (const { message, ...failure } of report.failures) {
    logger.warn('sweep could not remove a resource; the next sweep tries again', { ...failure, reason: message });
  }
  logger.info('sweep finished', {
    expired: report.expired,
    orphans: report.orphans,
    skipped: report.skipped,
    drift: report.drift,
    removed: report.removed.length,
    failures: report.failures.length,
    calls: report.calls.length,
  });
  return report;
}
