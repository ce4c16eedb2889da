/** One environment's place in the counts: the create that took it (its create id), for whom, and when. */
export interface CountedReservation {
  owner: string;
  /** When the create reserved it (Unix milliseconds). */
  at: number;
}

/** How many environments an installation runs, in total and per owner, as one record every devenv process shares. */
export interface CountsSnapshot {
  total: number;
  /** Per owner, zeros included (a recount drops them). */
  owners: ReadonlyMap<string, number>;
  /** Every place taken, by reservation id: what a recount keeps of creates still under way. */
  reservations: ReadonlyMap<string, CountedReservation>;
  /** Raised by every change: a replacement made from an older reading is refused. */
  version: number;
}

/** Reserved, or refused with the counts that refused it (none: there is no record yet, and nothing was added). */
export type Reservation = { reserved: true } | { reserved: false; counts?: CountsSnapshot };

/**
 * The installation's environment counts (DynamoDB on AWS: one item of the lock table). A create reserves its place under
 * its create id before its service exists and gives it back if it fails; a destroy gives it back; the sweep, which lists
 * every environment anyway, replaces the counts with what it found and the reservations of creates still under way.
 * Every change names its reservation, so a change sent twice (a retry after a lost answer) counts once.
 */
export interface EnvironmentCounts {
  /**
   * Takes a place for `owner` under `id`, atomically, unless there is no record yet or the total or the owner's count is
   * at its limit. A place already taken under `id` (an earlier try whose answer was lost) is reserved.
   */
  reserve(key: string, reservation: { id: string; owner: string; at: Date }, limits: { total: number; perOwner: number }): Promise<Reservation>;
  /** Gives back the place taken under `id`; nothing when there is none (given back already, or never counted). */
  release(key: string, reservation: { id: string; owner: string }): Promise<void>;
  /** The record as it is now (strongly consistent); undefined when there is none. */
  read(key: string): Promise<CountsSnapshot | undefined>;
  /**
   * Replaces the record with these reservations (totals derived from them), if it is still at `version` (undefined: if
   * there is none). False when it changed since.
   */
  replace(key: string, reservations: ReadonlyMap<string, CountedReservation>, version: number | undefined): Promise<boolean>;
}
