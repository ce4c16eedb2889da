/** How many environments an installation runs, in total and per owner, as one record every devenv process shares. */
export interface CountsSnapshot {
  total: number;
  owners: ReadonlyMap<string, number>;
  /** Raised by every change: a replacement made from an older reading is refused. */
  version: number;
}

/** Reserved, or refused with the counts that refused it (none: there is no record yet, and nothing was added). */
export type Reservation = { reserved: true } | { reserved: false; counts?: CountsSnapshot };

/**
 * The installation's environment counts (DynamoDB atomic counters on AWS, in the lock table). A create reserves before
 * its service exists and gives the reservation back if it fails; a destroy gives it back; the sweep, which lists every
 * environment anyway, replaces the counts with what it found, so a count a crash left wrong is right again one sweep later.
 */
export interface EnvironmentCounts {
  /** Adds one environment for `owner`, atomically, unless there is no record yet or the total or the owner's count is at its limit. */
  reserve(key: string, owner: string, limits: { total: number; perOwner: number }): Promise<Reservation>;
  /** Takes environments away (per owner); a count that would fall below zero is left for the sweep to correct. */
  release(key: string, removed: ReadonlyMap<string, number>): Promise<void>;
  /** The record as it is now (strongly consistent); undefined when there is none. */
  read(key: string): Promise<CountsSnapshot | undefined>;
  /**
   * Replaces the counts, if the record is still at `version` (undefined: if there is none). False when it changed since.
   */
  replace(key: string, counts: { total: number; owners: ReadonlyMap<string, number> }, version: number | undefined): Promise<boolean>;
}
