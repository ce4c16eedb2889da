import { awsError } from './aws-error.js';
import { ecsArn, parseArn } from './arn.js';
import { advanceDue } from './ecs-deployments.js';
import { runningCount, serviceView, taskDefinitionView, type ClusterRecord, type EcsContext, type EcsState } from './ecs-model.js';
import { roomFreed } from './ecs-schedule.js';
import { createService, deleteService, describeServices, listServices, resolveCluster, updateService } from './ecs-services.js';
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitions, registerTaskDefinition } from './ecs-task-definitions.js';
import { toJson, type Json } from './json.js';
import { fromEcsTags, MAX_TAGS_PER_RESOURCE, tagProblem, toEcsTags, type EcsTag, type TagMap } from './tags.js';
import { Timeline } from './timeline.js';

export interface EcsSnapshot {
  clusters: Json[];
  services: Json[];
  taskDefinitions: Json[];
}

type Handler = (input: any) => unknown;

/** The simulated Amazon ECS service: clusters, task definitions, services and their deployments. */
export class SimulatedEcs {
  private readonly state: EcsState = {
    clusters: new Map(),
    services: new Map(),
    taskDefinitions: new Map(),
    due: new Timeline(),
    waitingForRoom: new Set(),
    latestCreatedAt: 0,
  };
  private readonly commands: Record<string, Handler>;
  #servicesAdvanced = 0;

  constructor(private readonly ctx: EcsContext) {
    const { state } = this;
    this.commands = {
      CreateService: (input) => createService(state, ctx, input),
      DescribeServices: (input) => describeServices(state, input),
      ListServices: (input) => listServices(state, input),
      UpdateService: (input) => updateService(state, ctx, input),
      DeleteService: (input) => deleteService(state, ctx, input),
      RegisterTaskDefinition: (input) => registerTaskDefinition(state, ctx, input),
      DescribeTaskDefinition: (input) => describeTaskDefinition(state, input),
      DeregisterTaskDefinition: (input) => deregisterTaskDefinition(state, ctx, input),
      ListTaskDefinitions: (input) => listTaskDefinitions(state, input),
      TagResource: (input) => this.tagResource(input),
      UntagResource: (input) => this.untagResource(input),
      ListTagsForResource: (input) => ({ tags: toEcsTags(this.taggable(input.resourceArn).tags) }),
      DescribeClusters: (input) => this.describeClusters(input),
      ListClusters: () => ({ clusterArns: [...state.clusters.values()].map((c) => c.arn) }),
      ListAccountSettings: () => this.listAccountSettings(),
    };
  }

  handle(command: string, input: unknown): unknown {
    const handler = this.commands[command];
    if (!handler) throw awsError('UnknownOperationException', `The simulated cloud does not implement the ECS operation '${command}'`);
    return handler(input ?? {});
  }

  /** Seeding: creates a cluster (there is no CreateCluster command in the simulation). */
  createCluster(name: string, capacityProviders: string[] = ['FARGATE', 'FARGATE_SPOT']): ClusterRecord {
    const cluster: ClusterRecord = { name, arn: ecsArn(this.ctx.account, `cluster/${name}`), capacityProviders: [...capacityProviders], containerInstances: [], tags: {} };
    this.state.clusters.set(name, cluster);
    return cluster;
  }

  /** Seeding: registers an EC2 instance with a cluster, optionally in a capacity provider's Auto Scaling group. */
  registerContainerInstance(clusterName: string, instanceId: string, capacityProvider?: string): void {
    const cluster = resolveCluster(this.state, clusterName);
    if (capacityProvider && !cluster.capacityProviders.includes(capacityProvider)) cluster.capacityProviders.push(capacityProvider);
    cluster.containerInstances.push({
      arn: ecsArn(this.ctx.account, `container-instance/${clusterName}/${this.ctx.ids.hex(32)}`),
      instanceId,
      ...(capacityProvider ? { capacityProvider } : {}),
    });
    roomFreed(this.state, this.ctx);
  }

  /** Advances the services the clock has made due (not every service: a call costs the same however many there are). */
  tick(): void {
    this.#servicesAdvanced += advanceDue(this.state, this.ctx);
  }

  /** Finishes every in-progress deployment now, whatever the clock says (seeding). */
  settle(): void {
    this.#servicesAdvanced += advanceDue(this.state, this.ctx, { settle: true });
  }

  /** How many times a service has been brought up to date with the clock so far: the simulation's own work, for tests. */
  get servicesAdvanced(): number {
    return this.#servicesAdvanced;
  }

  snapshot(): EcsSnapshot {
    const { state } = this;
    return {
      clusters: [...state.clusters.values()].map((c) =>
        toJson({ clusterArn: c.arn, clusterName: c.name, capacityProviders: c.capacityProviders, containerInstances: c.containerInstances, tags: c.tags }),
      ),
      services: [...state.services.values()].map((s) => toJson({ ...serviceView(s, false), tags: { ...s.tags } })),
      taskDefinitions: [...state.taskDefinitions.values()].flat().map((td) => toJson({ ...taskDefinitionView(td), tags: { ...td.tags } })),
    };
  }

  private taggable(arn: string | undefined): { tags: TagMap } {
    const parsed = arn ? parseArn(arn) : undefined;
    if (!arn || !parsed || parsed.service !== 'ecs') throw awsError('InvalidParameterException', `Invalid resource ARN '${String(arn)}'.`);
    const [kind, ...path] = parsed.resource.split('/');
    if (kind === 'service') {
      if (path.length < 2) throw awsError('InvalidParameterException', 'Long arn format must be used for tagging operations');
      const service = this.state.services.get(path.join('/'));
      if (service && service.status !== 'INACTIVE') return service;
    } else if (kind === 'task-definition') {
      const [family = '', revision] = path.join('/').split(':');
      const td = this.state.taskDefinitions.get(family)?.find((t) => String(t.revision) === revision);
      if (td) return td;
    } else if (kind === 'cluster') {
      const cluster = this.state.clusters.get(path.join('/'));
      if (cluster) return cluster;
    }
    throw awsError('ResourceNotFoundException', 'The specified resource could not be found.');
  }

  private tagResource(input: { resourceArn?: string; tags?: EcsTag[] }): unknown {
    const resource = this.taggable(input.resourceArn);
    const tags = fromEcsTags(input.tags);
    if (Object.keys(tags).length === 0) throw awsError('InvalidParameterException', 'Tags cannot be empty.');
    const problem = tagProblem(tags);
    if (problem) throw awsError('InvalidParameterException', problem);
    if (Object.keys({ ...resource.tags, ...tags }).length > MAX_TAGS_PER_RESOURCE) throw awsError('InvalidParameterException', 'Too many tags: at most 50 are allowed.');
    Object.assign(resource.tags, tags);
    return {};
  }

  private untagResource(input: { resourceArn?: string; tagKeys?: string[] }): unknown {
    const resource = this.taggable(input.resourceArn);
    for (const key of input.tagKeys ?? []) delete resource.tags[key];
    return {};
  }

  private describeClusters(input: { clusters?: string[]; include?: string[] }): unknown {
    const references = input.clusters?.length ? input.clusters : ['default'];
    const clusters: unknown[] = [];
    const failures: Array<{ arn: string; reason: string }> = [];
    for (const reference of references) {
      const name = reference.startsWith('arn:') ? (parseArn(reference)?.resource.replace(/^cluster\//, '') ?? '') : reference;
      const cluster = this.state.clusters.get(name);
      if (!cluster) {
        failures.push({ arn: reference.startsWith('arn:') ? reference : ecsArn(this.ctx.account, `cluster/${reference}`), reason: 'MISSING' });
        continue;
      }
      const services = [...this.state.services.values()].filter((s) => s.clusterName === name && s.status === 'ACTIVE');
      clusters.push({
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        status: 'ACTIVE',
        registeredContainerInstancesCount: cluster.containerInstances.length,
        runningTasksCount: services.reduce((sum, s) => sum + runningCount(s), 0),
        pendingTasksCount: 0,
        activeServicesCount: services.length,
        capacityProviders: [...cluster.capacityProviders],
        defaultCapacityProviderStrategy: [],
        ...(input.include?.includes('TAGS') ? { tags: toEcsTags(cluster.tags) } : {}),
      });
    }
    return { clusters, failures };
  }

  private listAccountSettings(): unknown {
    const principalArn = `arn:aws:iam::${this.ctx.account.accountId}:root`;
    const names = ['serviceLongArnFormat', 'taskLongArnFormat', 'containerInstanceLongArnFormat', 'awsvpcTrunking', 'containerInsights'];
    return { settings: names.map((name) => ({ name, value: name === 'awsvpcTrunking' || name === 'containerInsights' ? 'disabled' : 'enabled', principalArn, type: 'aws_managed' })) };
  }
}
