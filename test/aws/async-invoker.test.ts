import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AsyncInvoker } from '../../src/aws/async-invoker.js';

const lambda = mockClient(LambdaClient);

describe('Class: AsyncInvoker', () => {
  beforeEach(() => {
    lambda.reset();
  });

  it('invokes the worker asynchronously (Event) with the job as JSON', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });

    await new AsyncInvoker('devenv-slack-worker', new LambdaClient({ region: 'us-east-1' })).invoke({ id: 'job-1' });

    expect(lambda).toHaveReceivedCommandTimes(InvokeCommand, 1);
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'devenv-slack-worker', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({ id: 'job-1' });
  });

  it('throws a cloud failure naming the worker when Lambda refuses the invoke', async () => {
    lambda.on(InvokeCommand).rejects(new TooManyRequestsException({ $metadata: {}, message: 'Rate exceeded' }));

    await expect(new AsyncInvoker('devenv-slack-worker', new LambdaClient({ region: 'us-east-1' })).invoke({})).rejects.toThrow(
      'Invoke failed: could not hand the work to devenv-slack-worker: Rate exceeded',
    );
  });
});
