import { awsError } from './aws-error.js';
import { findTaskDefinition } from './ecs-task-definitions.js';
import type { ClusterRecord, EcsContext, EcsState, LoadBalancerLink, NetworkConfiguration, TaskDefinitionRecord } from './ecs-model.js';

/** The checks CreateService and UpdateService share, with the messages ECS gives. */

export const invalidParameter = (message: string): Error => awsError('InvalidParameterException', message);

export function resolveActiveTaskDefinition(state: EcsState, reference: string | undefined): TaskDefinitionRecord {
  if (!reference) throw invalidParameter('TaskDefinition must be specified.');
  const td = findTaskDefinition(state, reference);
  if (!td) throw awsError('ClientException', 'TaskDefinition not found.');
  if (td.status !== 'ACTIVE') throw awsError('ClientException', 'TaskDefinition is inactive');
  return td;
}

export interface PlacementInput {
  launchType?: string | undefined;
  capacityProviderStrategy?: Array<Record<string, unknown>> | undefined;
  platformVersion?: string | undefined;
}

export function validatePlacement(cluster: ClusterRecord, td: TaskDefinitionRecord, input: PlacementInput): void {
  const { launchType, capacityProviderStrategy, platformVersion } = input;
  if (launchType && capacityProviderStrategy?.length) {
    throw invalidParameter('Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.');
  }
  if (launchType && !['EC2', 'FARGATE', 'EXTERNAL'].includes(launchType)) throw invalidParameter(`Invalid launch type '${launchType}'.`);
  for (const item of capacityProviderStrategy ?? []) {
    const name = String(item.capacityProvider ?? '');
    if (!cluster.capacityProviders.includes(name)) {
      throw invalidParameter(`The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. (${name})`);
    }
  }
  const fargate = isFargate(input);
  if (fargate && !td.compatibilities.includes('FARGATE')) throw invalidParameter('Task definition does not support launch_type FARGATE.');
  if (platformVersion && !fargate) throw invalidParameter('The platform version must be null when specifying an EC2 launch type.');
}

export function validateNetwork(ctx: EcsContext, td: TaskDefinitionRecord, network: NetworkConfiguration | undefined, fargate: boolean): void {
  const awsvpc = td.body.networkMode === 'awsvpc';
  if (awsvpc && !network?.awsvpcConfiguration) throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  if (!awsvpc && network) throw invalidParameter('Network Configuration is not valid for the given networkMode of this task definition.');
  if (!network?.awsvpcConfiguration) return;
  const { subnets = [], securityGroups = [], assignPublicIp } = network.awsvpcConfiguration;
  if (subnets.length === 0) throw invalidParameter('subnets can not be empty.');
  if (subnets.length > 16) throw invalidParameter('subnets can have at most 16 items.');
  if (securityGroups.length > 5) throw invalidParameter('securityGroups can have at most 5 items.');
  const vpcs = new Set<string>();
  for (const subnetId of subnets) {
    const subnet = ctx.network.subnet(subnetId);
    if (!subnet) throw invalidParameter(`Error retrieving subnet information for [${subnetId}]: The subnet ID '${subnetId}' does not exist (ErrorCode: InvalidSubnetID.NotFound)`);
    vpcs.add(subnet.vpcId);
  }
  if (vpcs.size > 1) throw invalidParameter('Subnets must all belong to the same VPC.');
  for (const groupId of securityGroups) {
    if (!ctx.network.hasSecurityGroup(groupId)) throw invalidParameter(`Error retrieving security group information for [${groupId}]: The security group '${groupId}' does not exist (ErrorCode: InvalidGroup.NotFound)`);
  }
  if (assignPublicIp && !['ENABLED', 'DISABLED'].includes(assignPublicIp)) throw invalidParameter(`Invalid assignPublicIp '${assignPublicIp}'.`);
  if (assignPublicIp === 'ENABLED' && !fargate) throw invalidParameter('Assign public IP is not supported for this launch type.');
}

export function validateLoadBalancers(
  ctx: EcsContext,
  td: TaskDefinitionRecord,
  links: Array<Partial<LoadBalancerLink> & { loadBalancerName?: string | undefined }>,
  { requireAttached = true }: { requireAttached?: boolean } = {},
): LoadBalancerLink[] {
  return links.map((link) => {
    if (link.loadBalancerName) throw invalidParameter('Classic Load Balancers are not supported by the simulated cloud; use targetGroupArn.');
    const { targetGroupArn, containerName, containerPort } = link;
    if (!targetGroupArn) throw invalidParameter('targetGroupArn must be specified.');
    const tg = ctx.targetGroups.targetGroup(targetGroupArn);
    if (!requireAttached) return checkContainer(td, { targetGroupArn, containerName, containerPort });
    if (!tg) throw invalidParameter(`Unable to find target group with targetGroupArn ${targetGroupArn}.`);
    if (tg.loadBalancerArns.length === 0) throw invalidParameter(`The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`);
    const networkMode = td.body.networkMode;
    if ((networkMode === 'awsvpc') !== (tg.targetType === 'ip')) {
      throw invalidParameter(`The provided target group ${targetGroupArn} has target type ${tg.targetType}, which is incompatible with the ${networkMode} network mode specified in the task definition.`);
    }
    return checkContainer(td, { targetGroupArn, containerName, containerPort });
  });
}

function checkContainer(td: TaskDefinitionRecord, link: { targetGroupArn: string; containerName?: string | undefined; containerPort?: number | undefined }): LoadBalancerLink {
  const { targetGroupArn, containerName, containerPort } = link;
  const container = td.body.containerDefinitions.find((c) => c.name === containerName);
  if (!containerName || !container) throw invalidParameter(`The container ${String(containerName)} does not exist in the task definition.`);
  if (containerPort === undefined || !container.portMappings.some((m) => m.containerPort === containerPort)) {
    throw invalidParameter(`The container ${containerName} did not have a container port ${String(containerPort)} defined.`);
  }
  return { targetGroupArn, containerName, containerPort };
}

export function isFargate(input: PlacementInput): boolean {
  return input.launchType === 'FARGATE' || (input.capacityProviderStrategy ?? []).some((i) => String(i.capacityProvider).startsWith('FARGATE'));
}
