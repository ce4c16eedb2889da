import { appConfigOf } from './baseline.js';
import type { EngineContext } from './context.js';
import { cloneTaskRoleOf } from './clone-policy.js';
import type { CreateResult } from './create-result.js';
import type { ValidCreateRequest } from './create-request.js';
import { NotFoundError } from './errors.js';
import type { ServiceSnapshot, Tags, TaskDefinitionSnapshot } from './ports.js';
import { buildEnvironment } from './read-environments.js';
import { imagesTag } from './images-tag.js';
import { ownRevisionTag } from './own-revision.js';
import { isOwnedBy, ownershipTags, TAG } from './tags.js';

/**
 * Applies a create request to an environment that exists: new images or variables register a new revision and update
 * the service in place; the same image again forces a new deployment (ECS does not pull a reused tag again); a request
 * that changes nothing changes nothing. A given TTL moves the expiry.
 */
export async function updateEnvironment(
  context: EngineContext,
  service: ServiceSnapshot,
  request: ValidCreateRequest,
): Promise<CreateResult> {
  const { cloud, config, clock } = context;
  const current = await context.revisions.get(service.taskDefinitionArn, (arn) => cloud.services.describeTaskDefinition(arn));
  // An environment made before its app had a clone task role takes it at its next change.
  const taskRoleArn = cloneTaskRoleOf(appConfigOf(context, request.app), current);
  const changed = changesAnything(current, request) || taskRoleArn !== undefined;
  let outcome: CreateResult['outcome'] = 'unchanged';
  let updated: ServiceSnapshot | undefined;
  const cleanups: Array<Promise<unknown>> = [];
  const expiry: Tags = request.ttlGiven ? { [TAG.expiresAt]: new Date(clock.now().getTime() + request.ttlMs).toISOString() } : {};
  let newTags: Tags = expiry;
  if (changed) {
    const revision = await cloud.services.registerRevision({
      from: current.arn,
      images: request.images,
      environment: request.environment,
      dynamicHostPorts: false,
      ...(taskRoleArn !== undefined ? { taskRoleArn } : {}),
      tags: ownershipTags({ instance: config.installation, environment: request.name, app: request.app, createdAt: clock.now().toISOString() }),
    });
    // RegisterTaskDefinition answers with the revision as registered: the view below needs no DescribeTaskDefinition.
    void context.revisions.get(revision.arn, () => Promise.resolve(revision));
    newTags = { ...expiry, ...imagesTag(revision), ...ownRevisionTag(revision.arn) };
    // The tags go beside the update (an images tag for a revision the service does not run is never read: images-tag.ts).
    // Only a failed expiry fails the request, and only after the update: the service runs the new revision either way.
    const tagging =
      Object.keys(newTags).length > 0
        ? cloud.services.tagService(service.arn, newTags).catch((error: unknown) => {
            if (request.ttlGiven) throw error;
          })
        : Promise.resolve();
    tagging.catch(() => undefined);
    cleanups.push(tagging);
    try {
      updated = await cloud.services.updateService(service.name, { taskDefinitionArn: revision.arn });
    } catch (error) {
      await cloud.services.deregisterRevision(revision.arn).catch(() => undefined);
      throw error;
    }
    if (isOwnedBy(current.tags, config.installation, request.name)) {
      // Running tasks keep an INACTIVE revision. A failure here is no broken update: the service's tag names the revision
      // for its destroy (and the sweep finds it by its own tags).
      cleanups.push(
        cloud.services
          .deregisterRevision(current.arn)
          .catch(() => cloud.services.tagService(service.arn, { [TAG.staleRevision]: current.arn }))
          .catch(() => undefined),
      );
    }
    outcome = 'updated';
  } else if (Object.keys(request.images).length > 0) {
    updated = await cloud.services.updateService(service.name, { forceNewDeployment: true });
    outcome = 'updated';
  }
  if (request.ttlGiven) {
    if (!changed) cleanups.push(cloud.services.tagService(service.arn, expiry));
    if (outcome === 'unchanged') outcome = 'updated';
  }
  const tags = { ...service.tags, ...newTags };
  await Promise.all(cleanups);
  // UpdateService answers with the service as it now is (ECS may leave its tags out; they are known here). Without a new
  // deployment the service read a moment ago under the environment's lock is still current.
  const fresh = updated ? { ...updated, tags: { ...updated.tags, ...tags } } : { ...service, tags };
  if (fresh.status !== 'ACTIVE') throw new NotFoundError(`environment ${request.name} was deleted during the update`, { envName: request.name });
  return { outcome, environment: await buildEnvironment(context, fresh) };
}

function changesAnything(current: TaskDefinitionSnapshot, request: Pick<ValidCreateRequest, 'images' | 'environment'>): boolean {
  const byName = new Map(current.containers.map((container) => [container.name, container]));
  const imageChanged = Object.entries(request.images).some(([name, image]) => byName.get(name)?.image !== image);
  const variableChanged = Object.entries(request.environment).some(([name, variables]) =>
    Object.entries(variables).some(([key, value]) => byName.get(name)?.environment[key] !== value),
  );
  return imageChanged || variableChanged;
}
