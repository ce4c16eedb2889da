import type { AwsServiceName } from './aws-error.js';
import type { SimulatedCloud } from './simulated-cloud.js';

/** The part of an SDK v3 client this needs; structural, so src/local never imports `@aws-sdk/*`. */
export interface ClientWithMiddleware {
  middlewareStack: { add: (middleware: any, options: any) => void };
}

export const SIMULATED_CLOUD_MIDDLEWARE = 'devenvSimulatedCloud';

/**
 * Makes an SDK v3 client answer from the simulated cloud instead of AWS.
 *
 * The middleware sits at the very start of the stack (`initialize`, high priority) and never calls `next`, so no
 * request is serialised, signed or sent, and SDK retries do not apply. Attach before the first `send`.
 *
 * @example
 * const ecs = new ECSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
 * attachSimulatedCloud(ecs, cloud, 'ecs');
 * await ecs.send(new ListServicesCommand({ cluster: 'dev' }));
 */
export function attachSimulatedCloud(client: ClientWithMiddleware, cloud: SimulatedCloud, service: AwsServiceName): void {
  client.middlewareStack.add(
    (_next: unknown, context: { commandName?: string }) => async (args: { input: unknown }) => {
      if (!context.commandName) throw new Error('attachSimulatedCloud: the SDK did not provide context.commandName');
      const result = (await cloud.handle(service, context.commandName, args.input)) as Record<string, unknown>;
      const $metadata = { httpStatusCode: 200, requestId: cloud.nextRequestId(), attempts: 1, totalRetryDelay: 0 };
      return { output: { ...result, $metadata }, response: {} };
    },
    { step: 'initialize', priority: 'high', name: SIMULATED_CLOUD_MIDDLEWARE, override: true },
  );
}
