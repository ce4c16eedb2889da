import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  type ECSClient,
  type LaunchType,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { CloudError, NotFoundError } from '../core/errors.js';
import type { CloneServiceSpec, RevisionSpec, ServiceFleet, ServiceSnapshot, ServiceUpdate, Tags, TaskDefinitionSnapshot } from '../core/ports.js';
import { chunk } from './chunk.js';
import { toServiceSnapshot, toTagList, toTaskDefinitionSnapshot } from './ecs-snapshots.js';
import { applyRevision, toRegisterInput } from './register-input.js';
import { awsErrorName, withRetry, type RetryOptions } from './retry.js';

/** Raw task definitions kept for registering revisions from them (a few apps' baselines and environments). */
const RAW_REVISIONS_KEPT = 200;
/** `DescribeServices` takes at most 10 services per call. */
const DESCRIBE_SERVICES_BATCH = 10;

export interface EcsServiceFleetOptions {
  cluster: string;
  retry?: RetryOptions;
}

/**
 * The ServiceFleet port on Amazon ECS: services of one cluster and task definition revisions.
 *
 * @example
 * const fleet = new EcsServiceFleet(new ECSClient({}), { cluster: 'dev' });
 * const [web] = await fleet.describeServices(['web']);
 */
export class EcsServiceFleet implements ServiceFleet {
  readonly #client: ECSClient;
  readonly #cluster: string;
  readonly #retry: RetryOptions | undefined;
  /** Revisions never change: what DescribeTaskDefinition said of one is what a revision registered from it copies. */
  readonly #described = new Map<string, { taskDefinition: TaskDefinition; tags: Tag[] | undefined }>();

  constructor(client: ECSClient, { cluster, retry }: EcsServiceFleetOptions) {
    this.#client = client;
    this.#cluster = cluster;
    this.#retry = retry;
  }

  async describeServices(names: readonly string[]): Promise<ServiceSnapshot[]> {
    const batches = chunk([...new Set(names)], DESCRIBE_SERVICES_BATCH);
    const pages = await Promise.all(
      batches.map((services) =>
        this.#send('DescribeServices', () =>
          this.#client.send(new DescribeServicesCommand({ cluster: this.#cluster, services, include: ['TAGS'] })),
        ),
      ),
    );
    // Names ECS does not know come back in `failures` (reason MISSING) and are simply left out.
    return pages.flatMap((page) => (page.services ?? []).map(toServiceSnapshot));
  }

  async listServices({ namePrefix }: { namePrefix?: string } = {}): Promise<ServiceSnapshot[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.#send('ListServices', () =>
        this.#client.send(new ListServicesCommand({ cluster: this.#cluster, maxResults: 100, nextToken: token })),
      );
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    // The name is the ARN's last segment (`…:service/<cluster>/<name>`): services of other names are not described.
    const named = namePrefix === undefined ? arns : arns.filter((arn) => arn.slice(arn.lastIndexOf('/') + 1).startsWith(namePrefix));
    const services = await this.describeServices(named);
    return services.filter((service) => service.status === 'ACTIVE');
  }

  async describeTaskDefinition(ref: string): Promise<TaskDefinitionSnapshot> {
    const { taskDefinition, tags } = await this.#describeTaskDefinition(ref);
    return toTaskDefinitionSnapshot(taskDefinition, tags);
  }

  async registerRevision(spec: RevisionSpec): Promise<TaskDefinitionSnapshot> {
    const { taskDefinition: baseline } = this.#described.get(spec.from) ?? (await this.#describeTaskDefinition(spec.from));
    // Tags can only be set at registration, and the new revision gets exactly the spec's (never the baseline's).
    const input = { ...applyRevision(toRegisterInput(baseline), spec), tags: toTagList(spec.tags) };
    const out = await this.#send('RegisterTaskDefinition', () =>
      this.#client.send(new RegisterTaskDefinitionCommand(input)),
    );
    if (!out.taskDefinition) throw new CloudError('ecs:RegisterTaskDefinition', 'the response has no task definition');
    this.#remember({ taskDefinition: out.taskDefinition, tags: out.tags ?? input.tags });
    return toTaskDefinitionSnapshot(out.taskDefinition, out.tags ?? input.tags);
  }

  async deregisterRevision(arn: string): Promise<void> {
    await this.#send('DeregisterTaskDefinition', () =>
      this.#client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn })).then(
        () => undefined,
        (error: unknown) => {
          // Deletes are idempotent: a revision ECS no longer knows, or already deregistered, is gone already.
          // ECS has no code of its own for these (the generic ClientException), so the message tells them apart.
          if (awsErrorName(error) === 'ClientException' && /unable to describe|does not exist|inactive/i.test(messageOf(error))) {
            return undefined;
          }
          throw error;
        },
      ),
    );
  }

  async listRevisions(family: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.#send('ListTaskDefinitions', () =>
        this.#client.send(
          new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', maxResults: 100, nextToken: token }),
        ),
      );
      arns.push(...(page.taskDefinitionArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    // `familyPrefix` is a prefix match: `web` would also list `web-worker`.
    return arns.filter((arn) => familyOf(arn) === family);
  }

  async createService(spec: CloneServiceSpec): Promise<ServiceSnapshot> {
    const placement = spec.placement;
    const out = await this.#send('CreateService', () =>
      this.#client.send(
        new CreateServiceCommand({
          cluster: this.#cluster,
          serviceName: spec.name,
          taskDefinition: spec.taskDefinitionArn,
          desiredCount: spec.desiredCount,
          ...(placement?.kind === 'launch-type' ? { launchType: placement.launchType as LaunchType } : {}),
          ...(placement?.kind === 'capacity-providers' ? { capacityProviderStrategy: placement.strategy } : {}),
          ...(spec.platformVersion !== undefined ? { platformVersion: spec.platformVersion } : {}),
          ...(spec.network
            ? {
                networkConfiguration: {
                  awsvpcConfiguration: {
                    subnets: spec.network.subnets,
                    securityGroups: spec.network.securityGroups,
                    assignPublicIp: spec.network.assignPublicIp,
                  },
                },
              }
            : {}),
          enableExecuteCommand: spec.enableExecuteCommand,
          ...(spec.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds } : {}),
          ...(spec.loadBalancer
            ? {
                loadBalancers: [
                  {
                    targetGroupArn: spec.loadBalancer.targetGroupArn,
                    containerName: spec.loadBalancer.containerName,
                    containerPort: spec.loadBalancer.containerPort,
                  },
                ],
              }
            : {}),
          deploymentConfiguration: { deploymentCircuitBreaker: { ...spec.circuitBreaker } },
          clientToken: spec.clientToken,
          tags: toTagList(spec.tags),
          propagateTags: 'SERVICE',
          enableECSManagedTags: true,
        }),
      ),
    );
    if (!out.service) throw new CloudError('ecs:CreateService', 'the response has no service');
    const snapshot = toServiceSnapshot(out.service);
    return Object.keys(snapshot.tags).length > 0 ? snapshot : { ...snapshot, tags: { ...spec.tags } };
  }

  async updateService(name: string, update: ServiceUpdate): Promise<ServiceSnapshot | undefined> {
    const out = await this.#send('UpdateService', () =>
      this.#client.send(
        new UpdateServiceCommand({
          cluster: this.#cluster,
          service: name,
          ...(update.taskDefinitionArn !== undefined ? { taskDefinition: update.taskDefinitionArn } : {}),
          ...(update.forceNewDeployment !== undefined ? { forceNewDeployment: update.forceNewDeployment } : {}),
          ...(update.desiredCount !== undefined ? { desiredCount: update.desiredCount } : {}),
          ...(update.loadBalancer ? { loadBalancers: [update.loadBalancer] } : {}),
        }),
      ),
    );
    return out.service ? toServiceSnapshot(out.service) : undefined;
  }

  async tagService(arn: string, tags: Tags): Promise<void> {
    await this.#send('TagResource', () =>
      this.#client.send(new TagResourceCommand({ resourceArn: arn, tags: toTagList(tags) })),
    );
  }

  async deleteService(name: string): Promise<void> {
    // `force` deletes a service that still wants tasks in one call (ECS stops them), instead of scaling to zero first.
    await this.#send('DeleteService', () =>
      this.#client.send(new DeleteServiceCommand({ cluster: this.#cluster, service: name, force: true })).then(() => true, alreadyGone),
    );
  }

  async #describeTaskDefinition(ref: string): Promise<{ taskDefinition: TaskDefinition; tags: Tag[] | undefined }> {
    const out = await this.#send('DescribeTaskDefinition', () =>
      this.#client.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref, include: ['TAGS'] })).catch((error: unknown) => {
        // ECS has no not-found code for task definitions: the generic ClientException, told apart by its message.
        if (awsErrorName(error) === 'ClientException' && /unable to describe task definition/i.test(messageOf(error))) {
          throw new NotFoundError(`task definition ${ref} does not exist`, { resource: ref });
        }
        throw error;
      }),
    );
    if (!out.taskDefinition) throw new NotFoundError(`task definition ${ref} does not exist`, { resource: ref });
    // With include: ['TAGS'] the tags come back beside the task definition, not inside it.
    const described = { taskDefinition: out.taskDefinition, tags: out.tags };
    this.#remember(described);
    return described;
  }

  /** Kept by full ARN only (a family name or `family:latest` moves); the oldest goes past RAW_REVISIONS_KEPT. */
  #remember(described: { taskDefinition: TaskDefinition; tags: Tag[] | undefined }): void {
    const arn = described.taskDefinition.taskDefinitionArn;
    if (!arn) return;
    if (this.#described.size >= RAW_REVISIONS_KEPT) {
      const oldest = this.#described.keys().next().value;
      if (oldest !== undefined) this.#described.delete(oldest);
    }
    this.#described.set(arn, described);
  }

  #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return withRetry(`ecs:${operation}`, call, this.#retry);
  }
}

/** ServiceNotFound / ServiceNotActive on a delete: the service is gone already, which is what the caller wants. */
function alreadyGone(error: unknown): true {
  const name = awsErrorName(error);
  if (name === 'ServiceNotFoundException' || name === 'ServiceNotActiveException') return true;
  throw error;
}

/** `arn:aws:ecs:us-east-1:123456789012:task-definition/web:7` → `web`. */
function familyOf(arn: string): string {
  const familyAndRevision = arn.slice(arn.indexOf('task-definition/') + 'task-definition/'.length);
  return familyAndRevision.slice(0, familyAndRevision.lastIndexOf(':'));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
