import { describe, expect, it } from 'vitest';
import { IMAGES_TAG, imagesFromTag, imagesTag } from '../../src/core/images-tag.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42';
const revision = (containers: Array<[string, string]>) => ({ arn: ARN, containers: containers.map(([name, image]) => ({ name, image })) });

describe('Module: images-tag', () => {
  it('names the revision and each container’s image, and reads them back for that revision', () => {
    // Act
    const tags = imagesTag(revision([['web', 'repo/web:sha-2'], ['sidecar', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/side@sha256:' + 'a'.repeat(64)]]) as never);

    // Assess
    expect(tags[IMAGES_TAG]).toBe(`web:42 web=repo/web:sha-2 sidecar=123456789012.dkr.ecr.eu-west-1.amazonaws.com/side@sha256:${'a'.repeat(64)}`);
    expect(imagesFromTag(tags, ARN)).toEqual({ web: 'repo/web:sha-2', sidecar: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/side@sha256:${'a'.repeat(64)}` });
  });

  it('is not believed once the service runs another revision (an update whose tagging failed)', () => {
    // Prepare
    const tags = imagesTag(revision([['web', 'repo/web:sha-2']]) as never);

    // Act
    const images = imagesFromTag(tags, ARN.replace('web:42', 'web:43'));

    // Assess
    expect(images).toBeUndefined();
  });

  it('makes no tag when the images do not fit in 256 characters, so the task definition is read instead', () => {
    // Act
    const tags = imagesTag(revision(['a', 'b', 'c'].map((name) => [name, `registry.example.com/${name}@sha256:${'b'.repeat(64)}`])) as never);

    // Assess
    expect(tags).toEqual({});
    expect(imagesFromTag(tags, ARN)).toBeUndefined();
  });
});
