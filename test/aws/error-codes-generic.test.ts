import {
  ClientException,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ECSServiceException,
} from '@aws-sdk/client-ecs';
import { ChangeResourceRecordSetsCommand, Route53ServiceException } from '@aws-sdk/client-route-53';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, RecordExistsError } from '../../src/core/errors.js';
import { ecs, fleet } from './ecs-service-fleet-setup.js';
import { gone, otherCode, raises, settle } from './error-code-outcomes.js';
import { taskDefinitionArn } from './fixtures.js';
import { dns, hostName, invalidChangeBatch, notFound, records, route53 } from './route53-dns-records-setup.js';

beforeEach(() => {
  ecs.reset();
  route53.reset();
});

/**
 * Issue 11 point 7. AWS answers these with a code shared by other failures (ECS's ClientException, Route 53's
 * InvalidChangeBatch), so the adapter checks the code first and only then the message: both must match.
 */
describe('AWS errors told apart by a generic code, then the message', () => {
  const SECONDARY = [
    {
      what: 'ecs:DescribeTaskDefinition of an unknown revision',
      code: 'ClientException',
      awsError: () => new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }),
      sameCodeOtherCase: () => new ClientException({ message: 'You are not authorized to perform this operation.', $metadata: {} }),
      sameMessageOtherCode: () => otherCode(ECSServiceException, 'InvalidParameterException', 'Unable to describe task definition.'),
      answer: (error: Error) => ecs.on(DescribeTaskDefinitionCommand).rejects(error),
      call: () => fleet().describeTaskDefinition('ghost:1'),
      recognised: raises(NotFoundError),
    },
    {
      what: 'ecs:DeregisterTaskDefinition of a revision ECS no longer knows',
      code: 'ClientException',
      awsError: () => new ClientException({ message: 'The specified task definition does not exist.', $metadata: {} }),
      sameCodeOtherCase: () => new ClientException({ message: 'You are not authorized to perform this operation.', $metadata: {} }),
      sameMessageOtherCode: () => otherCode(ECSServiceException, 'InvalidParameterException', 'The specified task definition does not exist.'),
      answer: (error: Error) => ecs.on(DeregisterTaskDefinitionCommand).rejects(error),
      call: () => fleet().deregisterRevision(taskDefinitionArn('web', 8)),
      recognised: gone,
    },
    {
      what: 'route53:ChangeResourceRecordSets CREATE of a record that exists',
      code: 'InvalidChangeBatch',
      awsError: () => invalidChangeBatch([`Tried to create resource record set [name='${hostName(1)}.', type='A'] but it already exists`]),
      sameCodeOtherCase: () => invalidChangeBatch([`RRSet with DNS name ${hostName(1)}. is not permitted in zone example.org.`]),
      sameMessageOtherCode: () =>
        otherCode(Route53ServiceException, 'InvalidInput', `Tried to create resource record set [name='${hostName(1)}.', type='A'] but it already exists`),
      answer: (error: Error) => route53.on(ChangeResourceRecordSetsCommand).rejects(error),
      call: () => dns().create(records(1)),
      recognised: raises(RecordExistsError),
    },
    {
      what: 'route53:ChangeResourceRecordSets DELETE of records already gone',
      code: 'InvalidChangeBatch',
      awsError: () => invalidChangeBatch([notFound(1, 'A'), notFound(1, 'TXT')]),
      sameCodeOtherCase: () => invalidChangeBatch([`RRSet with DNS name ${hostName(1)}. is not permitted in zone example.org.`]),
      sameMessageOtherCode: () => otherCode(Route53ServiceException, 'InvalidInput', `[${notFound(1, 'A')}, ${notFound(1, 'TXT')}]`),
      answer: (error: Error) => route53.on(ChangeResourceRecordSetsCommand).rejects(error),
      call: () => dns().remove([records(1)]),
      recognised: gone,
    },
  ];

  it.each(SECONDARY)('recognises $what: $code with its message', async ({ awsError, answer, call, recognised }) => {
    // Prepare
    answer(awsError());

    // Act
    const outcome = await settle(call);

    // Assess
    recognised(outcome);
  });

  it.each(SECONDARY)('does not recognise $what from its message under another code', async ({ sameMessageOtherCode, answer, call }) => {
    // Prepare
    const error = sameMessageOtherCode();
    answer(error);

    // Act
    const outcome = await settle(call);

    // Assess
    expect(outcome.error).toMatchObject({ name: 'CloudError', cause: error });
  });

  it.each(SECONDARY)('does not recognise $what from $code with another message', async ({ sameCodeOtherCase, answer, call }) => {
    // Prepare
    const error = sameCodeOtherCase();
    answer(error);

    // Act
    const outcome = await settle(call);

    // Assess
    expect(outcome.error).toMatchObject({ name: 'CloudError', cause: error });
  });
});
