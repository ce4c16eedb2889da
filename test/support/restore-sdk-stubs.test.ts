import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { restoreSdkStubs } from './restore-sdk-stubs.js';

describe('Function: restoreSdkStubs', () => {
  it('puts back the send a mockClient stub replaced on a client prototype', () => {
    // Prepare
    const original = LambdaClient.prototype.send;
    mockClient(LambdaClient);
    expect(LambdaClient.prototype.send).not.toBe(original);

    // Act
    restoreSdkStubs();

    // Assess
    expect(LambdaClient.prototype.send).toBe(original);
    expect(Object.hasOwn(LambdaClient.prototype, 'send')).toBe(false);
  });
});
