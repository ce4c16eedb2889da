import type { CreateTargetGroupCommandInput, ProtocolEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetGroupSpec } from '../core/ports.js';
import { toTagList } from './elb-snapshots.js';

/**
 * The CreateTargetGroup input for the port's spec: the health check field by field as given (ELBv2's defaults for the
 * rest), a gRPC group's matcher as a gRPC code, and the tags at creation.
 *
 * @example
 * await elb.send(new CreateTargetGroupCommand(toCreateTargetGroupInput(spec)));
 */
export function toCreateTargetGroupInput(spec: TargetGroupSpec): CreateTargetGroupCommandInput {
  const { healthCheck } = spec;
  const grpc = spec.protocolVersion?.toUpperCase() === 'GRPC';
  return {
    Name: spec.name,
    Protocol: spec.protocol as ProtocolEnum,
    ...(spec.protocolVersion !== undefined ? { ProtocolVersion: spec.protocolVersion } : {}),
    Port: spec.port,
    VpcId: spec.vpcId,
    TargetType: spec.targetType,
    ...(healthCheck.protocol !== undefined ? { HealthCheckProtocol: healthCheck.protocol as ProtocolEnum } : {}),
    ...(healthCheck.port !== undefined ? { HealthCheckPort: healthCheck.port } : {}),
    ...(healthCheck.path !== undefined ? { HealthCheckPath: healthCheck.path } : {}),
    ...(healthCheck.intervalSeconds !== undefined ? { HealthCheckIntervalSeconds: healthCheck.intervalSeconds } : {}),
    ...(healthCheck.timeoutSeconds !== undefined ? { HealthCheckTimeoutSeconds: healthCheck.timeoutSeconds } : {}),
    ...(healthCheck.healthyThreshold !== undefined ? { HealthyThresholdCount: healthCheck.healthyThreshold } : {}),
    ...(healthCheck.unhealthyThreshold !== undefined ? { UnhealthyThresholdCount: healthCheck.unhealthyThreshold } : {}),
    ...(healthCheck.matcher !== undefined ? { Matcher: grpc ? { GrpcCode: healthCheck.matcher } : { HttpCode: healthCheck.matcher } } : {}),
    Tags: toTagList(spec.tags),
  };
}
