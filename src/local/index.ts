/** The simulated cloud: an in-memory ECS, ELBv2 and Route 53 that the real AWS adapters run against locally. */
export { attachSimulatedCloud, SIMULATED_CLOUD_MIDDLEWARE, type ClientWithMiddleware } from './attach.js';
export { awsError, isSimulatedAwsError, THROTTLING_ERROR_NAME, type AwsServiceName, type SimulatedAwsError } from './aws-error.js';
export { ensureLockTable, SimulatedDynamoDb, SIMULATED_LOCK_TABLE, type DynamoDbSnapshot } from './dynamodb.js';
export { FaultInjector, type FaultSpec, type HeldCalls, type RecordedCall } from './faults.js';
export { RateModel, rateFloorSeconds, type RatedCall, type ThrottledCall } from './rate-model.js';
export { ALB_CANONICAL_HOSTED_ZONE_ID, createSeededCloud, seedDevCluster, type SeededApp, type SeededAppName, type SeededDevCluster } from './seed.js';
export { SimulatedCloud, type CloudSnapshot, type SimulatedCloudOptions } from './simulated-cloud.js';
export type { Elbv2Limits } from './elbv2-model.js';
export type { Json } from './json.js';
