import { describe, expect, it } from 'vitest';
import { ownRevisionTag, revisionName, runsOwnRevision } from '../../src/core/own-revision.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42';

describe('Module: own-revision', () => {
  it('names the revision by family and number', () => {
    expect(revisionName(ARN)).toBe('web:42');
    expect(ownRevisionTag(ARN)).toEqual({ 'devenv:revision': 'web:42' });
  });

  it('believes the tag only while the service runs the revision it names', () => {
    const tags = ownRevisionTag(ARN);

    expect(runsOwnRevision({ tags, taskDefinitionArn: ARN })).toBe(true);
    expect(runsOwnRevision({ tags, taskDefinitionArn: ARN.replace('web:42', 'web:43') })).toBe(false);
    expect(runsOwnRevision({ tags: {}, taskDefinitionArn: ARN })).toBe(false);
  });
});
