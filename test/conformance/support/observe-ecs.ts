import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type ListTaskDefinitionsCommandOutput,
  type Service,
} from '@aws-sdk/client-ecs';
import { READ_ONLY_FIELDS } from '../../../src/aws/register-input.js';
import { environmentNames } from '../../../src/core/names.js';
import type { Backend } from './backends.js';
import { BASELINE } from './baseline.js';
import type { ContainerObservation, ServiceObservation, TaskDefinitionObservation } from './observation.js';
import { compact, defined, sortedRecord } from './plain-values.js';

export async function observeServices(backend: Backend, environments: readonly string[]): Promise<Record<string, ServiceObservation>> {
  const { ecs } = backend.sdk;
  const config = backend.config();
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster: BASELINE.cluster, maxResults: 100, nextToken }));
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const slots = environments.flatMap((name) => environmentNames(config.instance, name, config.baseDomain).serviceSlots);
  const references = [...new Set([...arns, ...slots])];
  const found: Service[] = [];
  for (let index = 0; index < references.length; index += 10) {
    const page = await ecs.send(new DescribeServicesCommand({ cluster: BASELINE.cluster, services: references.slice(index, index + 10), include: ['TAGS'] }));
    found.push(...(page.services ?? []));
  }
  const entries = found
    .filter((service) => service.status !== 'INACTIVE')
    .map((service): [string, ServiceObservation] => {
      const vpc = service.networkConfiguration?.awsvpcConfiguration;
      return [
        service.serviceName!,
        compact({
          status: service.status!,
          taskDefinition: service.taskDefinition!,
          desiredCount: service.desiredCount ?? 0,
          runningCount: service.runningCount ?? 0,
          launchType: service.launchType,
          capacityProviderStrategy: service.capacityProviderStrategy?.map((item) => defined(item)),
          platformVersion: service.platformVersion,
          network: vpc ? compact({ subnets: vpc.subnets ?? [], securityGroups: vpc.securityGroups ?? [], assignPublicIp: vpc.assignPublicIp }) : undefined,
          loadBalancers: (service.loadBalancers ?? []).map((link) => compact({ targetGroup: link.targetGroupArn!, container: link.containerName, port: link.containerPort })),
          healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
          deploymentConfiguration: service.deploymentConfiguration ? defined(service.deploymentConfiguration) : undefined,
          deploymentController: service.deploymentController?.type,
          schedulingStrategy: service.schedulingStrategy,
          propagateTags: service.propagateTags,
          enableECSManagedTags: service.enableECSManagedTags,
          enableExecuteCommand: service.enableExecuteCommand,
          tags: Object.fromEntries((service.tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
        }),
      ];
    });
  return sortedRecord(entries);
}

/**
 * Fields of a described task definition that ECS sets (what RegisterTaskDefinition refuses, and the family the
 * observation is keyed by): no registration could copy them, so they are not compared.
 */
const SET_BY_ECS: ReadonlySet<string> = new Set([...READ_ONLY_FIELDS, 'family']);

export async function observeTaskDefinitions(backend: Backend): Promise<Record<string, TaskDefinitionObservation>> {
  const { ecs } = backend.sdk;
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page: ListTaskDefinitionsCommandOutput = await ecs.send(new ListTaskDefinitionsCommand({ status: 'ACTIVE', maxResults: 100, nextToken }));
    arns.push(...(page.taskDefinitionArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const entries = await Promise.all(
    arns.map(async (arn): Promise<[string, TaskDefinitionObservation]> => {
      const { taskDefinition, tags } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
      const { containerDefinitions = [], requiresCompatibilities = [], ...rest } = taskDefinition!;
      const { family, revision } = taskDefinition!;
      const fields = Object.fromEntries(Object.entries(rest).filter(([field]) => !SET_BY_ECS.has(field)));
      return [
        `${family}:${revision}`,
        defined({
          ...fields,
          requiresCompatibilities,
          containers: Object.fromEntries(containerDefinitions.map((container) => [container.name!, defined(container) as ContainerObservation])),
          tags: Object.fromEntries((tags ?? []).map((tag) => [tag.key!, tag.value ?? ''])),
        }) as TaskDefinitionObservation,
      ];
    }),
  );
  return sortedRecord(entries);
}
