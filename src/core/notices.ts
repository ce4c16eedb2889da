import type { EngineContext } from './context.js';
import { findEnvironmentService } from './read-environments.js';
import { NOTICE_TAG_PREFIX, TAG } from './tags.js';

/** A notice devenv sends about an environment, recorded in its tags so that it is sent once. */
export type NoticeKind = 'expiry-warning' | 'ready';

export interface NoticeRecord {
  notice: NoticeKind;
  /** What the notice was sent for (the expiry it warned of, say); recording the same value again is refused. */
  value: string;
  /** Record only while the environment still expires at this time (an extend meanwhile makes the notice stale). */
  expiresAt?: string;
}

/**
 * Records a notice on the environment's service and says whether this call recorded it: false when the environment is
 * gone, its expiry moved, or the same value is already recorded. Run under the environment's lock, so of two sweeps
 * (or a sweep and an extend) exactly one sees `true` and sends.
 */
export async function recordNotice(context: EngineContext, name: string, { notice, value, expiresAt }: NoticeRecord): Promise<boolean> {
  const { active } = await findEnvironmentService(context, name);
  if (!active) return false;
  if (expiresAt !== undefined && active.tags[TAG.expiresAt] !== expiresAt) return false;
  const key = `${NOTICE_TAG_PREFIX}${notice}`;
  if (active.tags[key] === value) return false;
  await context.cloud.services.tagService(active.arn, { [key]: value });
  return true;
}
