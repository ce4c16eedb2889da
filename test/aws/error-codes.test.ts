import { ConditionalCheckFailedException, DynamoDBClient, DynamoDBServiceException, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteServiceCommand, ECSServiceException, ServiceNotActiveException, ServiceNotFoundException } from '@aws-sdk/client-ecs';
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeTargetHealthCommand,
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2ServiceException,
  PriorityInUseException,
  RuleNotFoundException,
  TargetGroupNotFoundException,
  TooManyRulesException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbLeaseLocks } from '../../src/aws/dynamodb-lease-locks.js';
import { withRetry } from '../../src/aws/retry.js';
import type { TargetGroupSpec } from '../../src/core/ports.js';
import {
  CloudError,
  NotFoundError,
  PriorityTakenError,
  QuotaExceededError,
  TargetGroupNameTakenError,
} from '../../src/core/errors.js';
import { ecs, fleet } from './ecs-service-fleet-setup.js';
import { elb, router } from './elb-traffic-router-setup.js';
import { gone, otherCode, raises, REWORDED, settle, type Outcome } from './error-code-outcomes.js';
import { INSTANT_RETRY, LISTENER_ARN, targetGroupArn, VPC_ID } from './fixtures.js';

/**
 * Issue 11 point 7: AWS errors are told apart by their code (the SDK's `name`), never by their English message, which
 * AWS may reword at any time. Each case is sent with its code and a message AWS never wrote (still recognised), and
 * with AWS's own message under another code (not recognised: a CloudError that keeps the error as `cause`). The codes
 * AWS shares between cases, where the message has to help, are in error-codes-generic.test.ts.
 */

const dynamodb = mockClient(DynamoDBClient);
const locks = () => new DynamoDbLeaseLocks(new DynamoDBClient({}), { tableName: 'devenv-locks', retry: INSTANT_RETRY });

beforeEach(() => {
  ecs.reset();
  elb.reset();
  dynamodb.reset();
});

const groupSpec: TargetGroupSpec = {
  name: 'devenv-web-pr-1',
  protocol: 'HTTP',
  protocolVersion: 'HTTP1',
  port: 8080,
  vpcId: VPC_ID,
  targetType: 'ip',
  healthCheck: { protocol: 'HTTP', path: '/health' },
  deregistrationDelaySeconds: 30,
  tags: { 'devenv:environment': 'pr-1' },
};
const ruleSpec = { listenerArn: LISTENER_ARN, priority: 17, hostHeader: 'pr-1.dev.example.com', targetGroupArn: targetGroupArn('devenv-web-pr-1'), tags: {} };
const lease = { key: 'environment/pr-1', owner: 'owner-1', operation: 'create', now: new Date('2026-11-25T10:00:00Z'), until: new Date('2026-11-25T10:15:00Z') };

interface CodeCase {
  code: string;
  /** AWS's own message for the code. */
  message: string;
  /** The error with its code, built with the given message. */
  withCode: (message: string) => Error;
  /** AWS's message under another code. */
  underOtherCode: Error;
  /** Makes the call answer with `error`. */
  answer: (error: Error) => void;
  call: () => Promise<unknown>;
  /** Holds when the adapter recognised the error. */
  recognised: (outcome: Outcome) => void;
}

const CASES: CodeCase[] = [
  {
    code: 'ServiceNotFoundException',
    message: 'Service not found.',
    withCode: (message) => new ServiceNotFoundException({ message, $metadata: {} }),
    underOtherCode: otherCode(ECSServiceException, 'AccessDeniedException', 'Service not found.'),
    answer: (error) => ecs.on(DeleteServiceCommand).rejects(error),
    call: () => fleet().deleteService('web-pr-1'),
    recognised: gone,
  },
  {
    code: 'ServiceNotActiveException',
    message: 'Service was not ACTIVE.',
    withCode: (message) => new ServiceNotActiveException({ message, $metadata: {} }),
    underOtherCode: otherCode(ECSServiceException, 'AccessDeniedException', 'Service was not ACTIVE.'),
    answer: (error) => ecs.on(DeleteServiceCommand).rejects(error),
    call: () => fleet().deleteService('web-pr-1'),
    recognised: gone,
  },
  {
    code: 'DuplicateTargetGroupNameException',
    message: 'A target group with the same name exists, but with different settings',
    withCode: (message) => new DuplicateTargetGroupNameException({ message, $metadata: {} }),
    underOtherCode: otherCode(ElasticLoadBalancingV2ServiceException, 'ValidationError', 'A target group with the same name exists, but with different settings'),
    answer: (error) => elb.on(CreateTargetGroupCommand).rejects(error),
    call: () => router().createTargetGroup(groupSpec),
    recognised: raises(TargetGroupNameTakenError),
  },
  {
    code: 'TargetGroupNotFoundException',
    message: 'One or more target groups not found',
    withCode: (message) => new TargetGroupNotFoundException({ message, $metadata: {} }),
    underOtherCode: otherCode(ElasticLoadBalancingV2ServiceException, 'ResourceInUse', 'One or more target groups not found'),
    answer: (error) => elb.on(DeleteTargetGroupCommand).rejects(error),
    call: () => router().deleteTargetGroup(targetGroupArn('devenv-web-pr-1')),
    recognised: gone,
  },
  {
    code: 'TargetGroupNotFoundException',
    message: 'One or more target groups not found',
    withCode: (message) => new TargetGroupNotFoundException({ message, $metadata: {} }),
    underOtherCode: otherCode(ElasticLoadBalancingV2ServiceException, 'ValidationError', 'One or more target groups not found'),
    answer: (error) => elb.on(DescribeTargetHealthCommand).rejects(error),
    call: () => router().targetHealth(targetGroupArn('devenv-web-pr-1')),
    recognised: raises(NotFoundError),
  },
  {
    code: 'PriorityInUseException',
    message: "Priority '17' is currently in use",
    withCode: (message) => new PriorityInUseException({ message, $metadata: {} }),
    underOtherCode: otherCode(ElasticLoadBalancingV2ServiceException, 'ValidationError', "Priority '17' is currently in use"),
    answer: (error) => elb.on(CreateRuleCommand).rejects(error),
    call: () => router().createRule(ruleSpec),
    recognised: raises(PriorityTakenError),
  },
  {
    code: 'TooManyRulesException',
    message: "You've reached the limit on the number of rules per load balancer",
    withCode: (message) => new TooManyRulesException({ message, $metadata: {} }),
    underOtherCode: otherCode(ElasticLoadBalancingV2ServiceException, 'ValidationError', "You've reached the limit on the number of rules per load balancer"),
    answer: (error) => elb.on(CreateRuleCommand).rejects(error),
    call: () => router().createRule(ruleSpec),
    recognised: raises(QuotaExceededError),
  },
  {
    code: 'RuleNotFoundException',
    message: 'One or more rules not found',
    withCode: (message) => new RuleNotFoundException({ message, $metadata: {} }),
    underOtherCode: otherCode(ElasticLoadBalancingV2ServiceException, 'ValidationError', 'One or more rules not found'),
    answer: (error) => elb.on(DeleteRuleCommand).rejects(error),
    call: () => router().deleteRule('arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/dev-alb/1/2/3'),
    recognised: gone,
  },
  {
    code: 'ConditionalCheckFailedException',
    message: 'The conditional request failed',
    withCode: (message) => new ConditionalCheckFailedException({ message, $metadata: { httpStatusCode: 400 } }),
    underOtherCode: otherCode(DynamoDBServiceException, 'ValidationException', 'The conditional request failed'),
    answer: (error) => dynamodb.on(PutItemCommand).rejects(error),
    call: () => locks().acquire(lease),
    recognised: (outcome) => expect(outcome).toEqual({ value: false }),
  },
];

describe('AWS errors told apart by their code', () => {
  describe('when the code alone decides', () => {
    it.each(CASES)('recognises $code whatever its message says', async ({ withCode, answer, call, recognised }) => {
      // Prepare
      answer(withCode(REWORDED));

      // Act
      const outcome = await settle(call);

      // Assess
      recognised(outcome);
    });

    it.each(CASES)("does not take $code's message for it under another code", async ({ underOtherCode, answer, call }) => {
      // Prepare
      answer(underOtherCode);

      // Act
      const outcome = await settle(call);

      // Assess
      expect(outcome.error).toBeInstanceOf(CloudError);
      expect(outcome.error).toMatchObject({ name: 'CloudError', cause: underOtherCode });
    });

    it.each(CASES)('recognises $code with the message AWS sends', async ({ withCode, message, answer, call, recognised }) => {
      // Prepare
      answer(withCode(message));

      // Act
      const outcome = await settle(call);

      // Assess
      recognised(outcome);
    });
  });

  describe('when the code is throttling', () => {
    it.each(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'PriorRequestNotComplete', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException'])(
      'backs off and retries %s whatever its message says',
      async (code) => {
        // Prepare
        let calls = 0;
        const call = async () => {
          calls += 1;
          if (calls === 1) throw otherCode(ECSServiceException, code, REWORDED);
          return 'done';
        };

        // Act
        const result = await withRetry('ecs:ListServices', call, INSTANT_RETRY);

        // Assess
        expect(result).toBe('done');
        expect(calls).toBe(2);
      },
    );

    it('does not retry "Rate exceeded" under a code that is not throttling', async () => {
      // Prepare
      const refused = otherCode(ECSServiceException, 'InvalidParameterException', 'Rate exceeded');
      let calls = 0;

      // Act
      const outcome = await settle(() =>
        withRetry('ecs:ListServices', async () => {
          calls += 1;
          throw refused;
        }, INSTANT_RETRY),
      );

      // Assess
      expect(calls).toBe(1);
      expect(outcome.error).toMatchObject({ name: 'CloudError', cause: refused });
    });
  });
});
