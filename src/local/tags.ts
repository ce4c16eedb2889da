/** Tags are stored as ordered string maps; each service has its own wire shape and limits. */

export type TagMap = Record<string, string>;

export interface EcsTag {
  key?: string | undefined;
  value?: string | undefined;
}

export interface ElbTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

export const MAX_TAGS_PER_RESOURCE = 50;

export function fromEcsTags(tags: readonly EcsTag[] | undefined): TagMap {
  const map: TagMap = {};
  for (const tag of tags ?? []) map[tag.key ?? ''] = tag.value ?? '';
  return map;
}

export function toEcsTags(map: TagMap): Array<{ key: string; value: string }> {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

export function fromElbTags(tags: readonly ElbTag[] | undefined): TagMap {
  const map: TagMap = {};
  for (const tag of tags ?? []) map[tag.Key ?? ''] = tag.Value ?? '';
  return map;
}

export function toElbTags(map: TagMap): Array<{ Key: string; Value: string }> {
  return Object.entries(map).map(([Key, Value]) => ({ Key, Value }));
}

/** Returns the first problem with a tag set, or undefined when it is valid. */
export function tagProblem(tags: TagMap): string | undefined {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) return `Tag key '${key}' must be between 1 and 128 characters.`;
    if (value.length > 256) return `Tag value for key '${key}' must be at most 256 characters.`;
    if (key.toLowerCase().startsWith('aws:')) return `Tag key '${key}' uses the reserved prefix 'aws:'.`;
  }
  return undefined;
}
