import type { MissingPart } from './drift.js';
import type { Environment } from './environment.js';

/** What a PUT did: made the environment, changed it, or found nothing to change. */
export type CreateOutcome = 'created' | 'updated' | 'unchanged';

/** A create's (or the update it turned into) answer. */
export interface CreateResult {
  outcome: CreateOutcome;
  environment: Environment;
  /** The parts an update found deleted out of band and re-created. */
  repaired?: MissingPart[];
}
