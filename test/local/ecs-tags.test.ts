import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { rejectionOf, world } from './fixtures.js';

const WEB_SERVICE = 'arn:aws:ecs:us-east-1:123456789012:service/dev/web';
const WEB_REVISION = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';

describe('Class: SimulatedEcs — tagging', () => {
  it('tags and untags a service by its long ARN', async () => {
    const w = world();

    await w.ecs.send(new TagResourceCommand({ resourceArn: WEB_SERVICE, tags: [{ key: 'devenv:owner', value: 'alice' }] }));
    await w.ecs.send(new UntagResourceCommand({ resourceArn: WEB_SERVICE, tagKeys: ['environment'] }));
    const { tags } = await w.ecs.send(new ListTagsForResourceCommand({ resourceArn: WEB_SERVICE }));

    expect(tags).toEqual([{ key: 'team', value: 'platform' }, { key: 'app', value: 'web' }, { key: 'devenv:owner', value: 'alice' }]);
  });

  it('tags a task definition revision by its ARN', async () => {
    const w = world();

    await w.ecs.send(new TagResourceCommand({ resourceArn: WEB_REVISION, tags: [{ key: 'devenv:env', value: 'pr-1' }] }));
    const { tags } = await w.ecs.send(new ListTagsForResourceCommand({ resourceArn: WEB_REVISION }));

    expect(tags).toContainEqual({ key: 'devenv:env', value: 'pr-1' });
  });

  it('rejects tagging a service by its short (old-format) ARN', async () => {
    const w = world();

    const error = await rejectionOf(w.ecs.send(new TagResourceCommand({ resourceArn: 'arn:aws:ecs:us-east-1:123456789012:service/web', tags: [{ key: 'a', value: 'b' }] })));

    expect(error).toMatchObject({ name: 'InvalidParameterException', message: 'Long arn format must be used for tagging operations' });
  });

  it('rejects tags with the reserved aws: prefix', async () => {
    const w = world();

    const error = await rejectionOf(w.ecs.send(new TagResourceCommand({ resourceArn: WEB_SERVICE, tags: [{ key: 'aws:owner', value: 'x' }] })));

    expect(error.name).toBe('InvalidParameterException');
  });
});
