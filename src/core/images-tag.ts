import { revisionName } from './own-revision.js';
import type { Tags, TaskDefinitionSnapshot } from './ports.js';

/**
 * A service's images, in one of its own tags (`devenv:images`), so a list shows every environment's images from the
 * services alone instead of describing each one's task definition: `web:42 web=repo/web:sha-2 sidecar=repo/side:1`, the
 * revision first (`family:revision`). Read only while the service still runs that revision, so a tag an update failed to
 * change is never believed. ECS allows letters, digits, spaces and `+ - = . _ : / @` in a tag value, at most 256
 * characters: longer (several images pinned by digest), and there is no tag; the task definition is read instead.
 */
export const IMAGES_TAG = 'devenv:images';

const MAX_TAG_VALUE = 256;
const ALLOWED = /^[\p{L}\p{N} +\-=._:/@]*$/u;

/** The tag for this revision, or none when it would not fit in a tag value. */
export function imagesTag(taskDefinition: Pick<TaskDefinitionSnapshot, 'arn' | 'containers'>): Tags {
  const parts = [revisionName(taskDefinition.arn), ...taskDefinition.containers.map((container) => `${container.name}=${container.image}`)];
  const value = parts.join(' ');
  return value.length <= MAX_TAG_VALUE && ALLOWED.test(value) ? { [IMAGES_TAG]: value } : {};
}

/** The images the tag names, when it was written for `taskDefinitionArn`; undefined otherwise. */
export function imagesFromTag(tags: Tags, taskDefinitionArn: string): Record<string, string> | undefined {
  const value = tags[IMAGES_TAG];
  if (value === undefined) return undefined;
  const [revision, ...pairs] = value.split(' ');
  if (revision !== revisionName(taskDefinitionArn)) return undefined;
  const images: Record<string, string> = {};
  for (const pair of pairs) {
    const split = pair.indexOf('=');
    if (split <= 0) return undefined;
    images[pair.slice(0, split)] = pair.slice(split + 1);
  }
  return images;
}
