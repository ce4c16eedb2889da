import type { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import type { ECSServiceException } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2ServiceException } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Route53ServiceException } from '@aws-sdk/client-route-53';
import { expect } from 'vitest';

/** Shared by the error-codes*.test.ts files: how a call ended, and what recognising an error looks like. */

export const REWORDED = 'A message AWS never wrote.';

type ServiceException = typeof ECSServiceException | typeof ElasticLoadBalancingV2ServiceException | typeof DynamoDBServiceException | typeof Route53ServiceException;

/** An SDK error of a code the client has no class for, as the SDK builds it for an unmodelled code. */
export const otherCode = (Base: ServiceException, name: string, message: string) =>
  new Base({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

export interface Outcome {
  value?: unknown;
  error?: unknown;
}

export async function settle(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

/** The adapter took the error for "already gone": the call succeeded. */
export const gone = (outcome: Outcome) => expect(outcome).toEqual({ value: undefined });
/** The adapter turned the error into the domain's `type`. */
export const raises = (type: new (...args: never[]) => Error) => (outcome: Outcome) => expect(outcome.error).toBeInstanceOf(type);
