import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudError } from '../core/errors.js';
import { awsRequestHandler } from './request-handler.js';

/** How long the default client waits for Lambda to take an asynchronous invoke (it answers in tens of milliseconds). */
export const HAND_OVER_TIMEOUT_MS = 1_000;

/**
 * Hands a JSON payload to another Lambda function asynchronously (`InvocationType: 'Event'`): Lambda queues it and
 * answers 202 at once; a failed run is retried twice and then kept by the function's on-failure destination.
 *
 * @example
 * const invoker = new AsyncInvoker(process.env.DEVENV_SLACK_WORKER_FUNCTION!);
 * await invoker.invoke({ id: 'job-1', … });
 */
export class AsyncInvoker {
  readonly #client: LambdaClient;
  readonly #functionName: string;

  /**
   * One attempt, answered within a second: the caller (the Slack receiver) must ack within Slack's 3 seconds, and an
   * Invoke sent again after its answer was lost queues the job a second time (the worker would run it twice).
   */
  constructor(functionName: string, client: LambdaClient = new LambdaClient({ maxAttempts: 1, requestHandler: awsRequestHandler(HAND_OVER_TIMEOUT_MS) })) {
    this.#client = client;
    this.#functionName = functionName;
  }

  async invoke(payload: unknown): Promise<void> {
    let status: number | undefined;
    try {
      const output = await this.#client.send(
        new InvokeCommand({ FunctionName: this.#functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
      );
      status = output.StatusCode;
    } catch (error) {
      throw new CloudError('Invoke', `could not hand the work to ${this.#functionName}: ${(error as Error).message}`, { cause: error });
    }
    if (status !== 202) throw new CloudError('Invoke', `${this.#functionName} did not accept the work (status ${status ?? 'none'})`);
  }
}
