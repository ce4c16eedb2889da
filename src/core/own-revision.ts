import type { ServiceSnapshot, Tags } from './ports.js';
import { TAG } from './tags.js';

/**
 * The revision devenv registered for an environment is named on its service (`devenv:revision`, `family:revision`), so
 * a sweep removing many environments knows which revisions are theirs without describing each one. Believed only while
 * the service still runs that revision; a service without the tag (it runs its baseline's revision, or was made before
 * the tag existed) has its revision described as before.
 */
export function ownRevisionTag(taskDefinitionArn: string): Tags {
  return { [TAG.revision]: revisionName(taskDefinitionArn) };
}

/** Whether the service runs the revision devenv registered for it. */
export function runsOwnRevision(service: Pick<ServiceSnapshot, 'tags' | 'taskDefinitionArn'>): boolean {
  return service.tags[TAG.revision] === revisionName(service.taskDefinitionArn);
}

/** `arn:aws:ecs:…:task-definition/web:42` → `web:42` */
export function revisionName(taskDefinitionArn: string): string {
  return taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
}
