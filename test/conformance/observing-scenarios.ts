// The engine scenarios (as passed to `scenario()`). An entry that explains by a pattern applies only in the scenarios it
// names in `shownBy` (see `within`), and each of those must still show it.
export const LIFECYCLE = 'create without overrides, get, list, destroy';
export const OVERRIDES = 'create with overrides, update, redeploy, extend, destroy';
export const RECREATE = 're-create right after destroy';
export const SWEEP = 'sweep destroys what expired and collects orphans, nothing else';
export const FOREIGN_RULE = 'a foreign rule holds the preferred priority';
export const RACED_RULE = 'a rule that takes the priority between reading the rules and creating one';
export const TARGET_GROUP_CONFLICT = 'a target group name someone else holds fails the create, which rolls back';
export const RULE_CONFLICT = 'a host rule someone else made fails the create after the target group, which rolls back';
/** The engine scenarios that observe the whole cloud, the baseline's service, rules, revision and records included. */
export const OBSERVING = [LIFECYCLE, OVERRIDES, RECREATE, SWEEP, FOREIGN_RULE, RACED_RULE, TARGET_GROUP_CONFLICT, RULE_CONFLICT];
