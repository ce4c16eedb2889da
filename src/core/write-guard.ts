import type { Tags } from './ports.js';
import { labelsOf, TAG } from './tags.js';

/** Who holds an environment now, as a write sees it. */
export interface CurrentHolder {
  owner: string;
  app: string;
  labels: Record<string, string>;
}

/**
 * A caller's permission check, run by the engine inside its per-environment lock, after it has read the environment
 * and before it changes anything: a check made before the call could be overtaken by another write. `current` is
 * undefined when the environment does not exist (yet). Throw to refuse.
 */
export type WriteGuard = (current: CurrentHolder | undefined) => void;

export function holderOf(tags: Tags): CurrentHolder {
  return { owner: tags[TAG.owner] ?? '', app: tags[TAG.app] ?? '', labels: labelsOf(tags) };
}
