import { ECSClient, ECSServiceException } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { EcsServiceFleet } from '../../src/aws/ecs-service-fleet.js';
import { CLUSTER, INSTANT_RETRY } from './fixtures.js';

/**
 * Shared setup of the ecs-service-fleet-*.test.ts files. Vitest loads this module afresh for each test file, so each
 * file has its own mock; each file resets it in its own `beforeEach`.
 */
export const ecs = mockClient(ECSClient);
export const fleet = () => new EcsServiceFleet(new ECSClient({}), { cluster: CLUSTER, retry: INSTANT_RETRY });

export const throttled = () => new ECSServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: {}, message: 'Rate exceeded' });
