import type { Engine } from '../core/engine.js';
import type { SweepOptions, SweepReport } from '../core/sweep.js';
import type { Logger } from '../observability/logger.js';

/**
 * The scheduled sweep: destroys expired environments and collects orphans, and logs what it did. Failures of single
 * resources are logged and left for the next run; the run itself fails only when the sweep could not look at the cloud.
 */
export async function runSweep(engine: Engine, logger: Logger, now?: Date, options: SweepOptions = {}): Promise<SweepReport> {
  const report = await engine.sweep(now, options);
  for (const failure of report.failures) {
    logger.warn('sweep could not remove a resource; the next sweep tries again', failure);
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
