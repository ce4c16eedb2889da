import type { Engine } from '../core/engine.js';
import type { SweepOptions, SweepReport } from '../core/sweep.js';
import type { Logger } from '../observability/logger.js';
import { prepareSlackNotices, type NoticeSummary } from '../slack/notices.js';
import type { SlackPoster } from '../slack/poster.js';
import { runSweep } from '../sweep/run-sweep.js';

/**
 * One scheduled run: the sweep, and around it Slack's expiry warnings and CI notices when a poster is given (a bot
 * token is configured). Notices never stop the sweep: a failure to list or post is logged and left for the next run.
 */
export async function sweepWithNotices(
  engine: Engine,
  logger: Logger,
  poster: SlackPoster | undefined,
  now?: () => Date,
  options: SweepOptions = {},
): Promise<{ report: SweepReport; notices?: NoticeSummary }> {
  let notify: ((report: SweepReport) => Promise<NoticeSummary>) | undefined;
  if (poster) {
    try {
      notify = await prepareSlackNotices({ engine, poster, logger, ...(now ? { now } : {}) });
    } catch (error) {
      logger.warn('slack notices skipped: the environments could not be listed', { error });
    }
  }
  const report = await runSweep(engine, logger, now?.(), options);
  if (!notify) return { report };
  try {
    return { report, notices: await notify(report) };
  } catch (error) {
    logger.warn('slack notices failed; the next sweep tries again', { error });
    return { report };
  }
}
