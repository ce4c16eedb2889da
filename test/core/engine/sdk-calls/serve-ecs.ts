import {
  ClientException,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  ServiceNotFoundException,
  TagResourceCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type DescribeServicesCommandInput,
  type DescribeTaskDefinitionCommandInput,
  type ListTaskDefinitionsCommandInput,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type TaskDefinition,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { Account, Mocks } from './fake-account.js';
import { CLUSTER_ARN, NOW, serviceArn, taskDefinitionArn } from './fixtures.js';

const metadata = { httpStatusCode: 400, requestId: 'c0ffee00-0000-4000-8000-000000000000' };

export function serveEcs(ecs: Mocks['ecs'], account: Account): void {
  const findService = (ref: string | undefined) => account.services.find((service) => service.serviceName === ref || service.serviceArn === ref);
  const findTaskDefinition = (ref: string | undefined) =>
    account.taskDefinitions.find(({ taskDefinition }) => [taskDefinition.taskDefinitionArn, `${taskDefinition.family}:${taskDefinition.revision}`].includes(ref));
  const serviceNotFound = () => new ServiceNotFoundException({ message: 'Service not found.', $metadata: metadata });

  ecs.on(ListServicesCommand).callsFake(async () => ({
    serviceArns: account.services.filter((service) => service.status !== 'INACTIVE').map((service) => service.serviceArn!),
  }));
  ecs.on(DescribeServicesCommand).callsFake(async (input: DescribeServicesCommandInput) => {
    const names = input.services ?? [];
    return {
      services: names.flatMap((name) => findService(name) ?? []),
      failures: names.filter((name) => !findService(name)).map((name) => ({ arn: serviceArn(name), reason: 'MISSING' })),
    };
  });
  ecs.on(DescribeTaskDefinitionCommand).callsFake(async (input: DescribeTaskDefinitionCommandInput) => {
    const found = findTaskDefinition(input.taskDefinition);
    if (!found) throw new ClientException({ message: 'Unable to describe task definition.', $metadata: metadata });
    return { taskDefinition: found.taskDefinition, tags: found.tags };
  });
  ecs.on(ListTaskDefinitionsCommand).callsFake(async (input: ListTaskDefinitionsCommandInput) => ({
    taskDefinitionArns: account.taskDefinitions
      .map(({ taskDefinition }) => taskDefinition)
      .filter((taskDefinition) => taskDefinition.status === 'ACTIVE' && taskDefinition.family!.startsWith(input.familyPrefix ?? ''))
      .map((taskDefinition) => taskDefinition.taskDefinitionArn!),
  }));
  ecs.on(RegisterTaskDefinitionCommand).callsFake(async ({ tags = [], ...input }: RegisterTaskDefinitionCommandInput) => {
    const revisions = account.taskDefinitions.filter(({ taskDefinition }) => taskDefinition.family === input.family);
    const revision = Math.max(0, ...revisions.map(({ taskDefinition }) => taskDefinition.revision!)) + 1;
    const taskDefinition: TaskDefinition = {
      ...input,
      taskDefinitionArn: taskDefinitionArn(input.family!, revision),
      revision,
      status: 'ACTIVE',
      compatibilities: ['EC2', 'FARGATE'],
      registeredAt: NOW,
      registeredBy: 'arn:aws:sts::123456789012:assumed-role/devenv/engine',
    };
    account.taskDefinitions.push({ taskDefinition, tags });
    return { taskDefinition, tags };
  });
  ecs.on(DeregisterTaskDefinitionCommand).callsFake(async ({ taskDefinition: ref }: { taskDefinition: string }) => {
    const found = findTaskDefinition(ref);
    if (!found) throw new ClientException({ message: 'Unable to describe task definition.', $metadata: metadata });
    return { taskDefinition: { ...found.taskDefinition, status: 'INACTIVE', deregisteredAt: NOW } };
  });
  ecs.on(CreateServiceCommand).callsFake(async (input: CreateServiceCommandInput) => {
    const { serviceName, taskDefinition, desiredCount = 0 } = input;
    const service: Service = {
      serviceName,
      serviceArn: serviceArn(serviceName!),
      clusterArn: CLUSTER_ARN,
      status: 'ACTIVE',
      taskDefinition,
      desiredCount,
      runningCount: 0,
      pendingCount: 0,
      ...(input.launchType ? { launchType: input.launchType } : {}),
      ...(input.capacityProviderStrategy ? { capacityProviderStrategy: input.capacityProviderStrategy } : {}),
      ...(input.platformVersion ? { platformVersion: input.platformVersion } : {}),
      ...(input.networkConfiguration ? { networkConfiguration: input.networkConfiguration } : {}),
      loadBalancers: input.loadBalancers ?? [],
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      deploymentConfiguration: input.deploymentConfiguration,
      deployments: [
        {
          id: 'ecs-svc/9876543210987654321',
          status: 'PRIMARY',
          taskDefinition,
          desiredCount,
          runningCount: 0,
          pendingCount: 0,
          rolloutState: 'IN_PROGRESS',
          rolloutStateReason: 'ECS deployment ecs-svc/9876543210987654321 in progress.',
          createdAt: NOW,
        },
      ],
      events: [],
      schedulingStrategy: 'REPLICA',
      propagateTags: input.propagateTags,
      enableECSManagedTags: input.enableECSManagedTags,
      tags: input.tags,
      createdAt: NOW,
    };
    account.services.push(service);
    return { service };
  });
  ecs.on(UpdateServiceCommand).callsFake(async (input: UpdateServiceCommandInput) => {
    const service = findService(input.service);
    if (!service || service.status !== 'ACTIVE') throw serviceNotFound();
    if (input.taskDefinition) service.taskDefinition = input.taskDefinition;
    if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
    return { service };
  });
  ecs.on(DeleteServiceCommand).callsFake(async (input: { service: string }) => {
    const service = findService(input.service);
    if (!service || service.status !== 'ACTIVE') throw serviceNotFound();
    return { service: { ...service, status: 'DRAINING' } };
  });
  ecs.on(TagResourceCommand).resolves({});
}
