import { loadBaseline, type Baseline } from './baseline.js';
import { assertAllowedByBaseline, assertOverridesFit, cloneTaskRoleOf } from './clone-policy.js';
import { allSettledOrThrow, lazyRead } from './concurrency.js';
import type { EngineContext } from './context.js';
import { assertNoForeignRecords, claimHost } from './dns-claim.js';
import type { Environment } from './environment.js';
import { BusyError, ConflictError, DevenvError } from './errors.js';
import type { ValidCreateRequest } from './create-request.js';
import { imagesTag } from './images-tag.js';
import { ownRevisionTag } from './own-revision.js';
import { environmentNames } from './names.js';
import type { CloneServiceSpec, HostRecords, ListenerRule, ServiceSnapshot, TargetGroupSnapshot, TaskDefinitionSnapshot } from './ports.js';
import { buildEnvironment, findEnvironmentService } from './read-environments.js';
import { repairParts } from './repair.js';
import { Rollback } from './rollback.js';
import { ensureRule, ensureTargetGroup, targetGroupSpecFor } from './routing.js';
import { releaseQuota, reserveQuota, type QuotaPlace } from './quota.js';
import { isOwnedBy, LABEL_TAG_PREFIX, ownershipTags, TAG, type Ownership } from './tags.js';
import { holderOf, type WriteGuard } from './write-guard.js';
import { updateEnvironment } from './update-environment.js';
import type { CreateResult } from './create-result.js';


/**
 * Creates the environment, or updates it in place when it exists (create is idempotent).
 * Order follows AWS's rules: the rule is made once the host is claimed and the target group exists, the service last;
 * everything else runs beside them (see createEnvironment). A failure at any step removes, newest first, what this call
 * made, and the original error is raised.
 */
export async function createOrUpdateEnvironment(
  context: EngineContext,
  request: ValidCreateRequest,
  guard?: WriteGuard,
): Promise<CreateResult> {
  // Reads a routed app needs either way, made as soon as the baseline is known to take traffic (beside the rest of its
  // read): the host's records (a record devenv did not make stops a create before any write; a PUT repairs a missing
  // one) and the environment's target group by name (a create makes it unless it is there; a PUT checks it still is).
  const names = environmentNames(context.config.installation, request.name, context.config.baseDomain);
  const hostRecords = lazyRead(() => context.cloud.dns.read(names.host));
  const targetGroupRead = lazyRead(() => context.cloud.router.findTargetGroup(names.targetGroup));
  const whenRouted = () => {
    hostRecords.start();
    targetGroupRead.start();
  };
  // The quota's place is taken as soon as the environment's slots show it does not exist yet, beside the rest of the reads,
  // so a create refused by the quota makes nothing. A PUT that updates takes no place: a place taken speculatively
  // would refuse other creates of the owner (or of anyone, at the total limit) until given back.
  const place: QuotaPlace = { id: context.newId().slice(0, 36), owner: request.owner };
  const slotsRead = findEnvironmentService(context, request.name);
  let reserved = false;
  const reserving: Promise<unknown> = slotsRead
    .then((found) => (found.active ? undefined : reserveQuota(context, place).then(() => void (reserved = true))))
    .then(
      () => undefined,
      (refusal: unknown) => refusal ?? new Error('quota reservation failed'),
    );
  const giveBack = () => reserving.then(() => (reserved ? releaseQuota(context, [place]) : undefined));
  let refusalSoFar: unknown;
  void reserving.then((refusal) => (refusalSoFar = refusal));
  let placeKept = false;
  try {
    const [baseline, slots] = await Promise.all([loadBaseline(context, request.app, { whenRouted }), slotsRead]);
    guard?.(slots.active ? holderOf(slots.active.tags) : undefined);
    assertOverridesFit(baseline.taskDefinition, request);
    // After the baseline read and before any write: these rules need the baseline's repositories and secret names.
    assertAllowedByBaseline(request, baseline.appConfig, baseline.taskDefinition);
    if (slots.active) {
      if (slots.active.tags[TAG.app] !== request.app) {
        throw new ConflictError(`environment ${request.name} exists for app ${slots.active.tags[TAG.app]}, not ${request.app}`, {
          envName: request.name,
        });
      }
      // A PUT also brings back what was deleted out of band, so it never answers `updated` with a dead URL.
      // The running revision is read beside the repair's check of the parts: the update needs it whatever the check finds.
      context.revisions.get(slots.active.taskDefinitionArn, (arn) => context.cloud.services.describeTaskDefinition(arn)).catch(() => undefined);
      const known = baseline.routing ? { records: await hostRecords.result(), targetGroup: await targetGroupRead.result() } : {};
      const { service, repaired } = await repairParts(context, slots.active, baseline, known);
      const result = await updateEnvironment(context, service, request);
      return repaired.length > 0 ? { ...result, outcome: 'updated', repaired } : result;
    }
    const records = baseline.routing ? await hostRecords.result() : undefined;
    if (records) assertNoForeignRecords(records, request.name);
    if (!slots.freeSlot) {
      throw new BusyError(`every ECS service name for ${request.name} is still draining after recent deletes; try again in a minute`, {
        envName: request.name,
      });
    }
    // The reservation, started when the slots were read, goes on beside the first writes and is awaited before the
    // service, so the place costs no round trip of its own; a refusal known by now (a cold engine's baseline read takes
    // longer) stops the create before any write, one that comes later undoes what it made. Either way nothing counts.
    if (refusalSoFar !== undefined) throw refusalSoFar;
    // From here the create's rollback gives the place back (once reserved).
    placeKept = true;
    const routed = records ? { records, targetGroup: targetGroupRead.result() } : undefined;
    const reservation = reserving.then((refusal) => {
      if (refusal !== undefined) throw refusal;
    });
    reservation.catch(() => undefined); // awaited by the create or its rollback; never an unhandled rejection meanwhile
    const environment = await createEnvironment(context, request, baseline, slots.freeSlot, routed, { place, reservation });
    return { outcome: 'created', environment };
  } finally {
    if (!placeKept) await giveBack();
  }
}

async function createEnvironment(
  context: EngineContext,
  request: ValidCreateRequest,
  baseline: Baseline,
  serviceName: string,
  /** For a routed app: the host's records and the target group by name, as read before. */
  routed: { records: HostRecords; targetGroup: Promise<TargetGroupSnapshot | undefined> } | undefined,
  /** The quota's place this create holds (its id is the service's create id), and its reservation under way (rejects with the refusal). */
  { place, reservation }: { place: QuotaPlace; reservation: Promise<void> },
): Promise<Environment> {
  const { config, cloud, clock } = context;
  const now = clock.now();
  const ownership: Ownership = { instance: config.installation, environment: request.name, app: request.app, createdAt: now.toISOString() };
  const tags = ownershipTags(ownership);
  const names = environmentNames(config.installation, request.name, config.baseDomain);
  const rollback = new Rollback();
  try {
    const routing = baseline.routing;
    // Given back only once everything else is undone (whenever the claim finished): a rule or service a failed undo
    // leaves keeps its host and its count until the sweep removes it.
    // Whenever the reservation ends: a place taken while the first writes failed is given back all the same.
    rollback.addGuard(`quota place of ${request.owner}`, () =>
      reservation.then(
        () => releaseQuota(context, [place]),
        () => undefined,
      ),
    );
    let claim: HostRecords | undefined;
    rollback.addGuard(`DNS records for ${names.host}`, async () => {
      if (claim) await cloud.dns.remove([claim]);
    });
    const claimed =
      routing && routed
        ? claimHost(context, {
            host: names.host,
            alias: { dnsName: routing.alias.dnsName, hostedZoneId: routing.alias.canonicalHostedZoneId, evaluateTargetHealth: false },
            ownership,
            serviceExists: async () => Boolean((await findEnvironmentService(context, request.name)).active),
          }).then((records: HostRecords) => {
            claim = records;
          })
        : Promise.resolve();
    // A host with records (a claim in progress, or one a crash left) is settled first, so a busy or taken host makes
    // nothing. A free host (the usual case) is claimed while the rest starts: the target group and the revision. The rule
    // waits for the claim (a rule must never route a host someone else holds) and for the target group; the service
    // comes last. A failure of any of them undoes what the others made.
    if (routed && (routed.records.alias || routed.records.ownership)) await claimed;
    const [, targetGroupArn, taskDefinition] = await allSettledOrThrow<[void, string | undefined, TaskDefinitionSnapshot]>([
      claimed,
      routing && routed
        ? routeTraffic(context, rollback, baseline, request.name, names, tags, { existing: routed.targetGroup, claimed })
        : Promise.resolve(undefined),
      cloneTaskDefinition(context, rollback, baseline, request, tags),
    ]);
    await reservation;
    const createId = place.id;
    const service = await createService(context, rollback, {
      name: serviceName,
      taskDefinitionArn: taskDefinition.arn,
      ...(baseline.service.placement ? { placement: baseline.service.placement } : {}),
      ...(baseline.service.platformVersion ? { platformVersion: baseline.service.platformVersion } : {}),
      ...(baseline.service.network ? { network: baseline.service.network } : {}),
      enableExecuteCommand: baseline.service.enableExecuteCommand,
      desiredCount: 1,
      ...(routing && targetGroupArn
        ? {
            loadBalancer: { targetGroupArn, containerName: routing.link.containerName, containerPort: routing.link.containerPort },
            // A slow starter would otherwise be killed by the clone's quick health checks before it ever answers.
            ...(baseline.service.healthCheckGracePeriodSeconds !== undefined
              ? { healthCheckGracePeriodSeconds: baseline.service.healthCheckGracePeriodSeconds }
              : {}),
          }
        : {}),
      circuitBreaker: { enable: true, rollback: false },
      clientToken: createId,
      tags: {
        ...tags,
        ...Object.fromEntries(Object.entries(request.labels).map(([key, value]) => [`${LABEL_TAG_PREFIX}${key}`, value])),
        [TAG.owner]: request.owner,
        [TAG.expiresAt]: new Date(now.getTime() + request.ttlMs).toISOString(),
        [TAG.createId]: createId,
        ...imagesTag(taskDefinition),
        ...(taskDefinition.arn !== baseline.taskDefinition.arn ? ownRevisionTag(taskDefinition.arn) : {}),
      },
    });
    return await buildEnvironment(context, service);
  } catch (error) {
    const leftovers = await rollback.run();
    if (leftovers.length > 0 && error instanceof Error) {
      const left = leftovers.map((leftover) => leftover.what);
      Object.assign(error, { rollbackFailures: left });
      // In the context too, so the error's log line names what the sweep will have to remove.
      if (error instanceof DevenvError) error.context.leftBehind = left;
    }
    throw error;
  }
}

interface RoutingInputs {
  /** The target group by the environment's name, looked up while the baseline was read. */
  existing: Promise<TargetGroupSnapshot | undefined>;
  /** The host's claim: the rule is made only once it holds. */
  claimed: Promise<void>;
}

async function routeTraffic(
  context: EngineContext,
  rollback: Rollback,
  baseline: Baseline,
  envName: string,
  names: { host: string; targetGroup: string },
  tags: Record<string, string>,
  inputs: RoutingInputs,
): Promise<string> {
  const { router } = context.cloud;
  // The rules routing the host, read while the target group is made.
  const listed = router.listRules(context.config.listenerArn, { host: names.host });
  listed.catch(() => undefined);
  const targetGroup = await ensureTargetGroup(context, targetGroupSpecFor(context, baseline, names.targetGroup, tags), envName, inputs.existing);
  // A target group made just now has no rule yet (one left by a crash would keep its group from being deleted). Only
  // what this call made is undone: a group or rule left by an earlier create of the environment stays for the sweep.
  const fresh = (await inputs.existing) === undefined;
  if (fresh) rollback.add(`target group ${targetGroup.name}`, () => router.deleteTargetGroup(targetGroup.arn));
  const onCreated = (rule: ListenerRule) => rollback.add(`listener rule ${rule.arn}`, () => router.deleteRule(rule.arn));
  await allSettledOrThrow([
    inputs.claimed.then(() => ensureRule(context, { envName, host: names.host, targetGroupArn: targetGroup.arn, tags, listed, fresh, onCreated })),
    router.setDeregistrationDelay(targetGroup.arn, context.config.targetGroup.deregistrationDelaySeconds),
  ]);
  return targetGroup.arn;
}

/** A new revision only when something must differ from the baseline's; otherwise the clone runs the baseline's own. */
async function cloneTaskDefinition(
  context: EngineContext,
  rollback: Rollback,
  baseline: Baseline,
  request: Pick<ValidCreateRequest, 'images' | 'environment'>,
  tags: Record<string, string>,
): Promise<TaskDefinitionSnapshot> {
  const dynamicHostPorts = needsDynamicHostPorts(baseline.taskDefinition);
  const taskRoleArn = cloneTaskRoleOf(baseline.appConfig, baseline.taskDefinition);
  const hasOverrides = Object.keys(request.images).length > 0 || Object.keys(request.environment).length > 0;
  if (!hasOverrides && !dynamicHostPorts && taskRoleArn === undefined) return baseline.taskDefinition;
  const revision = await context.cloud.services.registerRevision({
    from: baseline.taskDefinition.arn,
    images: request.images,
    environment: request.environment,
    dynamicHostPorts,
    ...(taskRoleArn !== undefined ? { taskRoleArn } : {}),
    tags,
  });
  rollback.add(`task definition ${revision.arn}`, () => context.cloud.services.deregisterRevision(revision.arn));
  // RegisterTaskDefinition answers with the revision as registered: the view needs no DescribeTaskDefinition.
  void context.revisions.get(revision.arn, () => Promise.resolve(revision));
  return revision;
}

/** Bridge-mode clones share EC2 instances with the baseline and each other, so they need host port 0 (dynamic). */
export function needsDynamicHostPorts(taskDefinition: TaskDefinitionSnapshot): boolean {
  return (
    taskDefinition.networkMode === 'bridge' &&
    taskDefinition.containers.some((container) => container.hostPorts.some((port) => port !== undefined && port !== 0))
  );
}

/**
 * The service, last. When CreateService fails, it may still have made the service (its answer lost on the way back,
 * after the SDK's retries with the same client token): a service in that slot with this create's id is ours to undo.
 */
async function createService(context: EngineContext, rollback: Rollback, spec: CloneServiceSpec): Promise<ServiceSnapshot> {
  const { services } = context.cloud;
  const undo = () => services.deleteService(spec.name);
  try {
    const service = await services.createService(spec);
    rollback.add(`ECS service ${spec.name}`, undo);
    return service;
  } catch (error) {
    const [slot] = (await services.describeServices([spec.name]).catch(() => [])).filter((service) => service.status === 'ACTIVE');
    if (!slot || !isOwnedBy(slot.tags, context.config.installation)) throw error;
    if (slot.tags[TAG.createId] === spec.tags[TAG.createId]) {
      rollback.add(`ECS service ${spec.name}`, undo);
      throw error;
    }
    // An unrouted environment has no DNS claim to lock it: a create in another process took the slot first.
    const envName = spec.tags[TAG.environment];
    throw new BusyError(`environment ${envName} is being created by another request; try again shortly`, { envName });
  }
}
