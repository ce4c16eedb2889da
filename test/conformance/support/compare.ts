/** One place where two backends' observations disagree. */
export interface Difference {
  /** Like `afterCreate.services.devenv-pr-1.runningCount` (keys holding dots or spaces are quoted). */
  path: string;
  /** undefined when the path exists on one side only. */
  moto: unknown;
  simulated: unknown;
}

/** Both observations, flattened: what an explanation may look at besides the difference itself. */
export interface Sides {
  moto: ReadonlyMap<string, unknown>;
  simulated: ReadonlyMap<string, unknown>;
}

const ABSENT = Symbol('absent');

/**
 * Every leaf (primitive, empty array, empty object) of a value, by path; undefined counts as absent. Object keys are
 * visited in sorted order, so two objects with the same entries in another order flatten the same.
 */
export function flatten(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, out));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) out.set(path, {});
    for (const key of keys) flatten((value as Record<string, unknown>)[key], join(path, key), out);
  } else if (value !== undefined) {
    out.set(path, value);
  }
  return out;
}

/** Where the two observations differ, path by path, and both sides flattened. */
export function diff(moto: unknown, simulated: unknown): { differences: Difference[]; sides: Sides } {
  const left = flatten(moto);
  const right = flatten(simulated);
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  const differences: Difference[] = [];
  for (const path of paths) {
    const a = left.has(path) ? left.get(path) : ABSENT;
    const b = right.has(path) ? right.get(path) : ABSENT;
    if (a !== ABSENT && b !== ABSENT && JSON.stringify(a) === JSON.stringify(b)) continue;
    differences.push({ path, moto: a === ABSENT ? undefined : a, simulated: b === ABSENT ? undefined : b });
  }
  return { differences, sides: { moto: left, simulated: right } };
}

/** The path of a key under `path`, quoted where it holds anything but letters, digits, `_`, `:` and `-`. */
export function join(path: string, key: string): string {
  const safe = /^[A-Za-z0-9_:-]+$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? safe : `${path}.${safe}`;
}
