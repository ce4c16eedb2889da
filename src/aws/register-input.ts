import type { ContainerDefinition, RegisterTaskDefinitionCommandInput, TaskDefinition } from '@aws-sdk/client-ecs';
import { InvalidConfigError } from '../core/errors.js';
import type { RevisionSpec } from '../core/ports.js';

/**
 * Fields of `DescribeTaskDefinition` output that `RegisterTaskDefinition` does not accept: ECS sets them.
 * `deleteRequestedAt` is not in the usual list but is just as read-only (it appears on DELETE_IN_PROGRESS revisions).
 */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'deregisteredAt',
  'deleteRequestedAt',
  'registeredBy',
]);

/**
 * The `RegisterTaskDefinition` input that registers a copy of a described task definition: ECS's read-only fields
 * and empty top-level values are dropped, everything else (cpu, memory, runtimePlatform, volumes, roles, …) is kept.
 * Tags are not copied: set the ones the new revision should have on the result.
 *
 * Inside nested structures only `undefined`/`null` go: there an empty value can mean something
 * (`{ name: 'FLAG', value: '' }` sets a variable to the empty string), and ECS accepts the empty lists it returns.
 *
 * @example
 * const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'web:7' }));
 * await ecs.send(new RegisterTaskDefinitionCommand({ ...toRegisterInput(taskDefinition!), tags }));
 */
export function toRegisterInput(described: TaskDefinition): RegisterTaskDefinitionCommandInput {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(described)) {
    if (READ_ONLY_FIELDS.has(key) || isEmpty(value)) continue;
    input[key] = withoutNulls(value);
  }
  return input as unknown as RegisterTaskDefinitionCommandInput;
}

/**
 * Applies a revision's changes to a register input: images, environment variables (a variable already set keeps its
 * place and takes the new value; new ones are appended in the order given), the task role when the spec names one and,
 * with `dynamicHostPorts`, host port 0 on every single-port mapping. Throws InvalidConfigError when the spec names a
 * container the task definition lacks.
 */
export function applyRevision(
  input: RegisterTaskDefinitionCommandInput,
  spec: Pick<RevisionSpec, 'from' | 'images' | 'environment' | 'dynamicHostPorts' | 'taskRoleArn'>,
): RegisterTaskDefinitionCommandInput {
  const containers = input.containerDefinitions ?? [];
  const known = new Set(containers.map((container) => container.name));
  for (const name of [...Object.keys(spec.images), ...Object.keys(spec.environment)]) {
    if (!known.has(name)) {
      throw new InvalidConfigError(`task definition ${spec.from} has no container named ${name}`, { resource: spec.from });
    }
  }
  return {
    ...input,
    ...(spec.taskRoleArn !== undefined ? { taskRoleArn: spec.taskRoleArn } : {}),
    containerDefinitions: containers.map((container) => applyToContainer(container, spec)),
  };
}

function applyToContainer(
  container: ContainerDefinition,
  spec: Pick<RevisionSpec, 'images' | 'environment' | 'dynamicHostPorts'>,
): ContainerDefinition {
  const name = container.name ?? '';
  const next: ContainerDefinition = { ...container };
  const image = spec.images[name];
  if (image !== undefined) next.image = image;
  const variables = spec.environment[name];
  if (variables !== undefined && Object.keys(variables).length > 0) {
    const remaining = new Map(Object.entries(variables));
    const environment = (container.environment ?? []).map((variable) => {
      const value = variable.name === undefined ? undefined : remaining.get(variable.name);
      if (value === undefined) return variable;
      remaining.delete(variable.name!);
      return { ...variable, value };
    });
    next.environment = [...environment, ...[...remaining].map(([key, value]) => ({ name: key, value }))];
  }
  if (spec.dynamicHostPorts && container.portMappings) {
    // A port range mapping has no single host port to pin; ECS assigns its host range itself.
    next.portMappings = container.portMappings.map((mapping) =>
      mapping.containerPort === undefined ? mapping : { ...mapping, hostPort: 0 },
    );
  }
  return next;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null).map(withoutNulls);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined && item !== null)
        .map(([key, item]) => [key, withoutNulls(item)]),
    );
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
