import { awsError } from './aws-error.js';
import { ecsArn, parseArn } from './arn.js';
import { taskDefinitionView, type ContainerDefinition, type EcsContext, type EcsState, type TaskDefinitionRecord } from './ecs-model.js';
import { paginate } from './pagination.js';
import { fromEcsTags, MAX_TAGS_PER_RESOURCE, tagProblem, toEcsTags, type EcsTag } from './tags.js';

/** Task definition commands of the simulated ECS service. */

/** Every key RegisterTaskDefinition accepts; anything else is what a strict client (CLI, boto3) rejects. */
const REGISTER_KEYS = [
  'family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'containerDefinitions', 'volumes', 'placementConstraints',
  'requiresCompatibilities', 'cpu', 'memory', 'tags', 'pidMode', 'ipcMode', 'proxyConfiguration', 'inferenceAccelerators',
  'ephemeralStorage', 'runtimePlatform', 'enableFaultInjection',
] as const;

const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none'];
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

const clientError = (message: string): Error => awsError('ClientException', message);

function normalizeContainer(raw: unknown, networkMode: string): ContainerDefinition {
  const container = { ...(raw as Record<string, unknown>) };
  const name = container.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw clientError('Container.name should not be null or empty and must match [A-Za-z0-9_-]{1,255}.');
  if (typeof container.image !== 'string' || container.image === '') throw clientError(`Container.image should not be null or empty (container '${name}').`);
  const mappings = ((container.portMappings as Array<Record<string, unknown>> | undefined) ?? []).map((mapping) => {
    const containerPort = mapping.containerPort;
    if (typeof containerPort !== 'number' || !Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
      throw clientError(`Invalid 'containerPort' setting for container '${name}'.`);
    }
    const given = mapping.hostPort as number | undefined;
    if ((networkMode === 'awsvpc' || networkMode === 'host') && given !== undefined && given !== containerPort) {
      throw clientError(`When networkMode=${networkMode}, the host ports and container ports in port mappings must match.`);
    }
    const hostPort = given ?? (networkMode === 'bridge' ? 0 : containerPort);
    return { ...mapping, containerPort, hostPort, protocol: (mapping.protocol as string | undefined) ?? 'tcp' };
  });
  if (networkMode === 'none' && mappings.length > 0) throw clientError(`Port mappings are not supported when networkMode=none (container '${name}').`);
  // The defaults AWS fills in, so that describe → register round-trips see what the real service returns.
  return {
    cpu: 0,
    essential: true,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    systemControls: [],
    ...container,
    name,
    image: container.image,
    portMappings: mappings,
  } as ContainerDefinition;
}

function requiresAttributes(body: Record<string, unknown>, containers: ContainerDefinition[]): Array<{ name: string }> {
  const names = ['com.amazonaws.ecs.capability.docker-remote-api.1.18'];
  if (body.networkMode === 'awsvpc') names.push('ecs.capability.task-eni');
  if (body.taskRoleArn) names.push('com.amazonaws.ecs.capability.task-iam-role');
  if (body.executionRoleArn) names.push('ecs.capability.execution-role-ecr-pull');
  if (containers.some((c) => (c.logConfiguration as { logDriver?: string } | undefined)?.logDriver === 'awslogs')) {
    names.push('com.amazonaws.ecs.capability.logging-driver.awslogs', 'ecs.capability.execution-role-awslogs');
  }
  if (containers.some((c) => c.firelensConfiguration)) names.push('ecs.capability.firelens.fluentbit');
  return names.map((name) => ({ name }));
}

export function registerTaskDefinition(state: EcsState, ctx: EcsContext, raw: Record<string, unknown>): unknown {
  const input = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  const unknown = Object.keys(input).filter((key) => !(REGISTER_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw clientError(`Unknown parameter in input: "${unknown[0]}", must be one of: ${REGISTER_KEYS.join(', ')}`);
  }
  const family = input.family;
  if (typeof family !== 'string' || !NAME_PATTERN.test(family)) throw clientError('Family contains invalid characters or is longer than 255 characters.');
  const networkMode = (input.networkMode as string | undefined) ?? 'bridge';
  if (!NETWORK_MODES.includes(networkMode)) throw clientError(`Invalid networkMode '${networkMode}'.`);
  const rawContainers = input.containerDefinitions;
  if (!Array.isArray(rawContainers) || rawContainers.length === 0) throw clientError('Container list cannot be empty.');
  const containers = rawContainers.map((c) => normalizeContainer(c, networkMode));
  const names = containers.map((c) => c.name);
  if (new Set(names).size !== names.length) throw clientError('Container names must be unique within a task definition.');

  const requires = (input.requiresCompatibilities as string[] | undefined) ?? [];
  const fargateReady = networkMode === 'awsvpc' && !!input.cpu && !!input.memory;
  if (requires.includes('FARGATE')) {
    if (networkMode !== 'awsvpc') throw clientError("Fargate only supports network mode 'awsvpc'.");
    if (!input.cpu) throw clientError("Fargate requires that 'cpu' be defined at the task level.");
    if (!input.memory) throw clientError("Fargate requires that 'memory' be defined at the task level.");
  }
  if (!input.memory) {
    const missing = containers.find((c) => c.memory === undefined && c.memoryReservation === undefined);
    if (missing) throw clientError(`Invalid setting for container '${missing.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
  }
  const tags = fromEcsTags(input.tags as EcsTag[] | undefined);
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) throw awsError('InvalidParameterException', 'Too many tags: at most 50 are allowed.');
  const problem = tagProblem(tags);
  if (problem) throw awsError('InvalidParameterException', problem);

  const { family: _family, tags: _tags, containerDefinitions: _containers, ...rest } = input;
  const body = { ...structuredClone(rest), networkMode, containerDefinitions: containers };
  const revisions = state.taskDefinitions.get(family) ?? [];
  const revision = (revisions.at(-1)?.revision ?? 0) + 1;
  const record: TaskDefinitionRecord = {
    arn: ecsArn(ctx.account, `task-definition/${family}:${revision}`),
    family,
    revision,
    status: 'ACTIVE',
    body,
    requiresAttributes: requiresAttributes(body, containers),
    compatibilities: fargateReady ? ['EC2', 'FARGATE'] : ['EC2'],
    registeredAt: ctx.now(),
    registeredBy: `arn:aws:sts::${ctx.account.accountId}:assumed-role/devenv/simulated`,
    tags,
  };
  state.taskDefinitions.set(family, [...revisions, record]);
  return { taskDefinition: taskDefinitionView(record), ...(Object.keys(tags).length > 0 ? { tags: toEcsTags(tags) } : {}) };
}

/** Resolves `family`, `family:revision` or an ARN; a bare family means its latest ACTIVE revision. */
export function findTaskDefinition(state: EcsState, reference: string | undefined): TaskDefinitionRecord | undefined {
  if (!reference) return undefined;
  const local = reference.startsWith('arn:') ? parseArn(reference)?.resource.replace(/^task-definition\//, '') : reference;
  if (!local) return undefined;
  const [family = '', revisionText] = local.split(':');
  const revisions = state.taskDefinitions.get(family) ?? [];
  if (revisionText === undefined) return [...revisions].reverse().find((td) => td.status === 'ACTIVE');
  return revisions.find((td) => String(td.revision) === revisionText);
}

export function describeTaskDefinition(state: EcsState, input: { taskDefinition?: string; include?: string[] }): unknown {
  const td = findTaskDefinition(state, input.taskDefinition);
  if (!td) throw clientError('Unable to describe task definition.');
  return { taskDefinition: taskDefinitionView(td), ...(input.include?.includes('TAGS') ? { tags: toEcsTags(td.tags) } : {}) };
}

export function deregisterTaskDefinition(state: EcsState, ctx: EcsContext, input: { taskDefinition?: string }): unknown {
  const reference = input.taskDefinition ?? '';
  const local = reference.startsWith('arn:') ? (parseArn(reference)?.resource.replace(/^task-definition\//, '') ?? '') : reference;
  if (!local.includes(':')) throw clientError('Revision is required for deregistration: use family:revision or the full ARN.');
  const td = findTaskDefinition(state, reference);
  if (!td) throw clientError('The specified task definition does not exist.');
  if (td.status === 'ACTIVE') {
    td.status = 'INACTIVE';
    td.deregisteredAt = ctx.now();
  }
  return { taskDefinition: taskDefinitionView(td) };
}

export function listTaskDefinitions(
  state: EcsState,
  input: { familyPrefix?: string; status?: string; sort?: string; nextToken?: string; maxResults?: number },
): unknown {
  const { familyPrefix, status = 'ACTIVE', sort = 'ASC', nextToken, maxResults = 100 } = input;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw awsError('InvalidParameterException', 'maxResults must be between 1 and 100.');
  if (!['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'].includes(status)) throw awsError('InvalidParameterException', `Invalid status '${status}'.`);
  // Despite its name, familyPrefix is the full family name (as the API reference says).
  const families = [...state.taskDefinitions.keys()].filter((f) => familyPrefix === undefined || f === familyPrefix).sort();
  let all = families.flatMap((f) => state.taskDefinitions.get(f) ?? []).filter((td) => td.status === status);
  if (sort === 'DESC') all = all.reverse();
  const scope = `ListTaskDefinitions:${JSON.stringify([familyPrefix, status, sort])}`;
  const page = paginate(all, { limit: maxResults, token: nextToken, scope, invalidToken: () => awsError('InvalidParameterException', 'Invalid nextToken.') });
  return { taskDefinitionArns: page.items.map((td) => td.arn), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
