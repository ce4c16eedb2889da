/**
 * Errors shaped like the SDK v3 service exceptions, so adapters can branch on `error.name` exactly as they do
 * against AWS. The simulated cloud never imports `@aws-sdk/*`, so these are plain `Error`s with the same fields.
 */

export type AwsServiceName = 'ecs' | 'elbv2' | 'route53' | 'dynamodb';

export interface SimulatedErrorMetadata {
  httpStatusCode: number;
  requestId?: string;
  attempts: number;
  totalRetryDelay: number;
}

export interface SimulatedAwsError extends Error {
  $fault: 'client' | 'server';
  $metadata: SimulatedErrorMetadata;
  /** Route 53 `InvalidChangeBatch` carries one message per rejected change. */
  messages?: string[];
}

/** The name each service's SDK client gives a throttled request. */
export const THROTTLING_ERROR_NAME: Readonly<Record<AwsServiceName, string>> = {
  ecs: 'ThrottlingException',
  elbv2: 'Throttling',
  route53: 'Throttling',
  dynamodb: 'ThrottlingException',
};

export interface AwsErrorOptions {
  messages?: string[];
  httpStatusCode?: number;
  fault?: 'client' | 'server';
}

/**
 * Builds an error that looks like an SDK v3 service exception.
 *
 * @example
 * throw awsError('ServiceNotFoundException', 'Service not found.');
 */
export function awsError(name: string, message: string, options: AwsErrorOptions = {}): SimulatedAwsError {
  const { messages, httpStatusCode = 400, fault = 'client' } = options;
  const error = Object.assign(new Error(message), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode, attempts: 1, totalRetryDelay: 0 } as SimulatedErrorMetadata,
  });
  if (messages) Object.assign(error, { messages });
  return error;
}

export function isSimulatedAwsError(error: unknown): error is SimulatedAwsError {
  return error instanceof Error && '$fault' in error && '$metadata' in error;
}
