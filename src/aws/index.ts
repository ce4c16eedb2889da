export { AWS_API_RATES, apiFamily, ROUTE53_CHANGE_THROUGHPUT, route53ChangeTokens, type ApiFamily, type RatedService, type ServiceRates } from './aws-api-rates.js';
export { CALL_RECORDER_MIDDLEWARE, CallRecorder, recordCalls } from './call-recorder.js';
export { createAwsClients, createAwsCloud, type AwsClients, type AwsCloudConfig } from './clients.js';
export { DynamoDbEnvironmentCounts, type DynamoDbEnvironmentCountsOptions } from './dynamodb-environment-counts.js';
export { DynamoDbLeaseLocks, type DynamoDbLeaseLocksOptions } from './dynamodb-lease-locks.js';
export { EcsServiceFleet, type EcsServiceFleetOptions } from './ecs-service-fleet.js';
export { ElbTrafficRouter, type ElbTrafficRouterOptions } from './elb-traffic-router.js';
export { applyRevision, toRegisterInput } from './register-input.js';
export {
  AwsRateLimiter,
  callCost,
  DEFAULT_AWS_RATE_LIMITS,
  RATE_LIMITER_MIDDLEWARE,
  type AwsRateLimiterOptions,
  type AwsRateLimits,
  type LimitedService,
} from './rate-limiter.js';
export { awsErrorName, DEFAULT_RETRY, isThrottlingError, isTransientError, withRetry, type RetryOptions } from './retry.js';
export {
  changeCost,
  packChangeGroups,
  ROUTE53_CHANGE_LIMITS,
  type ChangeBatchLimits,
  type ChangeGroup,
} from './route53-change-batches.js';
export { Route53DnsRecords, type Route53DnsRecordsOptions } from './route53-dns-records.js';
export { TokenBucket, type BucketRate, type TokenBucketOptions } from './token-bucket.js';
