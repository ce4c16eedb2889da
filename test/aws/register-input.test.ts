import { describe, expect, it } from 'vitest';
import { applyRevision, toRegisterInput } from '../../src/aws/register-input.js';
import { InvalidConfigError } from '../../src/core/errors.js';
import { ACCOUNT, describedTaskDefinition, REGION } from './fixtures.js';

const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'deregisteredAt',
  'registeredBy',
] as const;

describe('Function: toRegisterInput', () => {
  it('drops every read-only field of a described task definition', () => {
    // Act
    const input = toRegisterInput(describedTaskDefinition());

    // Assess
    for (const field of READ_ONLY) expect(input).not.toHaveProperty(field);
  });

  it('drops deleteRequestedAt, which only DELETE_IN_PROGRESS revisions carry', () => {
    // Act
    const input = toRegisterInput({ ...describedTaskDefinition(), deleteRequestedAt: new Date('2026-11-02T00:00:00.000Z') });

    // Assess
    expect(input).not.toHaveProperty('deleteRequestedAt');
  });

  it('keeps every writable field: sizes, platform, volumes, roles, storage, modes, containers', () => {
    // Prepare
    const described = describedTaskDefinition();

    // Act
    const input = toRegisterInput(described);

    // Assess
    expect(input).toEqual({
      family: 'web',
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/web-task`,
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      networkMode: 'awsvpc',
      containerDefinitions: described.containerDefinitions,
      volumes: [{ name: 'cache' }],
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      ephemeralStorage: { sizeInGiB: 30 },
      pidMode: 'task',
      enableFaultInjection: false,
    });
  });

  it('keeps proxyConfiguration, placementConstraints, ipcMode and inferenceAccelerators when they are set', () => {
    // Prepare
    const described = {
      ...describedTaskDefinition(),
      networkMode: 'awsvpc' as const,
      proxyConfiguration: { type: 'APPMESH' as const, containerName: 'envoy', properties: [{ name: 'AppPorts', value: '8080' }] },
      placementConstraints: [{ type: 'memberOf' as const, expression: 'attribute:ecs.instance-type =~ t3.*' }],
      ipcMode: 'task' as const,
      inferenceAccelerators: [{ deviceName: 'device1', deviceType: 'eia2.medium' }],
    };

    // Act
    const input = toRegisterInput(described);

    // Assess
    expect(input).toMatchObject({
      proxyConfiguration: described.proxyConfiguration,
      placementConstraints: described.placementConstraints,
      ipcMode: 'task',
      inferenceAccelerators: described.inferenceAccelerators,
    });
  });

  it('drops empty top-level values: undefined, null, empty lists, empty objects and empty strings', () => {
    // Prepare
    const described = {
      ...describedTaskDefinition(),
      placementConstraints: [],
      inferenceAccelerators: [],
      proxyConfiguration: null,
      ipcMode: undefined,
      taskRoleArn: '',
      runtimePlatform: {},
    } as unknown as ReturnType<typeof describedTaskDefinition>;

    // Act
    const input = toRegisterInput(described);

    // Assess
    for (const field of ['placementConstraints', 'inferenceAccelerators', 'proxyConfiguration', 'ipcMode', 'taskRoleArn', 'runtimePlatform']) {
      expect(input).not.toHaveProperty(field);
    }
  });

  it('keeps a variable set to the empty string inside a container definition', () => {
    // Act
    const input = toRegisterInput(describedTaskDefinition());

    // Assess
    expect(input.containerDefinitions?.[0]?.environment).toContainEqual({ name: 'FEATURE_FLAG', value: '' });
  });

  it('removes nulls nested inside container definitions', () => {
    // Prepare
    const described = describedTaskDefinition();
    const web = described.containerDefinitions![0]!;
    described.containerDefinitions![0] = { ...web, user: null, dockerLabels: { a: 'b', c: null } } as unknown as typeof web;

    // Act
    const input = toRegisterInput(described);

    // Assess
    expect(input.containerDefinitions?.[0]).not.toHaveProperty('user');
    expect(input.containerDefinitions?.[0]?.dockerLabels).toEqual({ a: 'b' });
  });

  it('does not change the described task definition', () => {
    // Prepare
    const described = describedTaskDefinition();
    const before = structuredClone(described);

    // Act
    applyRevision(toRegisterInput(described), {
      from: 'web:7',
      images: { web: 'web:pr-1' },
      environment: { web: { LOG_LEVEL: 'debug' } },
      dynamicHostPorts: true,
    });

    // Assess
    expect(described).toEqual(before);
  });
});

describe('Function: applyRevision', () => {
  const base = () => toRegisterInput(describedTaskDefinition());
  const noChanges = { from: 'web:7', images: {}, environment: {}, dynamicHostPorts: false };

  it('sets the image of the named container only', () => {
    // Act
    const input = applyRevision(base(), { ...noChanges, images: { web: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:pr-1` } });

    // Assess
    expect(input.containerDefinitions?.map((container) => container.image)).toEqual([
      `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/web:pr-1`,
      'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
    ]);
  });

  it('replaces a variable in place and appends new ones in the order given', () => {
    // Act
    const input = applyRevision(base(), {
      ...noChanges,
      environment: { web: { NEW_ONE: '1', LOG_LEVEL: 'debug', NEW_TWO: '2' } },
    });

    // Assess
    expect(input.containerDefinitions?.[0]?.environment).toEqual([
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'FEATURE_FLAG', value: '' },
      { name: 'API_URL', value: 'https://api.example.com' },
      { name: 'NEW_ONE', value: '1' },
      { name: 'NEW_TWO', value: '2' },
    ]);
  });

  it('gives a container without variables the new ones', () => {
    // Act
    const input = applyRevision(base(), { ...noChanges, environment: { 'log-router': { FLB_LOG_LEVEL: 'warn' } } });

    // Assess
    expect(input.containerDefinitions?.[1]?.environment).toEqual([{ name: 'FLB_LOG_LEVEL', value: 'warn' }]);
  });

  it('sets every host port to 0 when dynamicHostPorts is on', () => {
    // Prepare
    const withPorts = base();
    withPorts.containerDefinitions![0]!.portMappings = [
      { containerPort: 8080, hostPort: 8080, protocol: 'tcp' },
      { containerPort: 9090, hostPort: 9090, protocol: 'tcp' },
    ];

    // Act
    const input = applyRevision(withPorts, { ...noChanges, dynamicHostPorts: true });

    // Assess
    expect(input.containerDefinitions?.[0]?.portMappings?.map((mapping) => mapping.hostPort)).toEqual([0, 0]);
  });

  it('leaves host ports alone when dynamicHostPorts is off', () => {
    // Act
    const input = applyRevision(base(), noChanges);

    // Assess
    expect(input.containerDefinitions?.[0]?.portMappings?.[0]?.hostPort).toBe(8080);
  });

  it('replaces the task role when the spec names one, and keeps the execution role and secrets', () => {
    // Prepare
    const cloneRole = `arn:aws:iam::${ACCOUNT}:role/devenv-clone-web`;

    // Act
    const input = applyRevision(base(), { ...noChanges, taskRoleArn: cloneRole });

    // Assess
    expect(input.taskRoleArn).toBe(cloneRole);
    expect(input.executionRoleArn).toBe(base().executionRoleArn);
    expect(input.containerDefinitions?.[0]?.secrets).toEqual(base().containerDefinitions?.[0]?.secrets);
  });

  it("keeps the described task role when the spec names none", () => {
    // Act
    const input = applyRevision(base(), noChanges);

    // Assess
    expect(input.taskRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/web-task`);
  });

  it('throws InvalidConfigError when the spec names a container the task definition lacks', () => {
    // Act
    const act = () => applyRevision(base(), { ...noChanges, images: { api: 'api:pr-1' } });

    // Assess
    expect(act).toThrow(InvalidConfigError);
    expect(act).toThrow(/web:7 has no container named api/);
  });
});
