import { describe, expect, it } from 'vitest';
import { normalizeRepository, parseImageReference } from '../../src/core/image-reference.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('Function: parseImageReference', () => {
  it.each([
    ['repo/web:sha-1', { repository: 'docker.io/repo/web', tag: 'sha-1' }],
    ['nginx', { repository: 'docker.io/library/nginx' }],
    [`${ECR}/team/web:pr-42_1.2`, { repository: `${ECR}/team/web`, tag: 'pr-42_1.2' }],
    [`${ECR}/web@${DIGEST}`, { repository: `${ECR}/web`, digest: DIGEST }],
    [`${ECR}/web:main@${DIGEST}`, { repository: `${ECR}/web`, tag: 'main', digest: DIGEST }],
    ['localhost:5000/web:1', { repository: 'localhost:5000/web', tag: '1' }],
    ['registry.example.com:8443/a__b/c-d.e:Tag_1', { repository: 'registry.example.com:8443/a__b/c-d.e', tag: 'Tag_1' }],
    ['Registry.Example.com/web:1', { repository: 'registry.example.com/web', tag: '1' }],
  ])('reads %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it.each([
    ['an uppercase repository', 'repo/Web:1'],
    ['an uppercase repository without a registry', 'Web:1'],
    ['a digest of 63 hex digits', `repo/web@sha256:${'a'.repeat(63)}`],
    ['a digest of 65 hex digits', `repo/web@sha256:${'a'.repeat(65)}`],
    ['a digest in upper case hex', `repo/web@sha256:${'A'.repeat(64)}`],
    ['a digest of another algorithm', `repo/web@sha512:${'a'.repeat(128)}`],
    ['a digest without algorithm', `repo/web@${'a'.repeat(64)}`],
    ['a tag starting with a dot', 'repo/web:.hidden'],
    ['a tag starting with a hyphen', 'repo/web:-x'],
    ['a tag of 129 characters', `repo/web:${'a'.repeat(129)}`],
    ['an empty tag', 'repo/web:'],
    ['a space', 'repo/web :1'],
    ['a trailing separator', 'repo/web-:1'],
    ['a double slash', 'repo//web:1'],
    ['a scheme', 'https://repo/web:1'],
    ['shell characters', 'repo/web:1;rm'],
    ['more than 255 characters', `repo/${'a'.repeat(250)}:1`],
    ['an empty string', ''],
  ])('refuses %s', (_case, reference) => {
    expect(parseImageReference(reference)).toBeUndefined();
  });

  it('answers at once on a long adversarial input (no catastrophic backtracking)', () => {
    const hostile = `${'a-'.repeat(120)}!`;

    expect(parseImageReference(hostile)).toBeUndefined();
    expect(parseImageReference(`${'a.'.repeat(60)}/${'b_'.repeat(60)}`)).toBeUndefined();
  });
});

describe('Function: normalizeRepository', () => {
  it('spells out Docker Hub, so two spellings of one repository are equal', () => {
    expect(normalizeRepository('nginx')).toBe('docker.io/library/nginx');
    expect(normalizeRepository('docker.io/nginx')).toBe('docker.io/library/nginx');
    expect(normalizeRepository('index.docker.io/library/nginx')).toBe('docker.io/library/nginx');
    expect(normalizeRepository('repo/web')).toBe('docker.io/repo/web');
  });

  it('keeps another registry as it is, its host in lower case', () => {
    expect(normalizeRepository('public.ecr.aws/nginx/nginx')).toBe('public.ecr.aws/nginx/nginx');
    expect(normalizeRepository('Registry.Example.com/web')).toBe('registry.example.com/web');
  });
});
