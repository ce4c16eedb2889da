/** The object without its undefined fields, so "absent" and "undefined" compare equal. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** The value without undefined fields at any depth: "absent" and "undefined" compare equal. */
export function defined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => defined(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (item === undefined ? [] : [[key, defined(item)]]))) as T;
  }
  return value;
}

/** The entries as a record in key order, so observations print and compare the same whatever order they were read in. */
export function sortedRecord<T>(entries: Array<[string, T]>): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}
