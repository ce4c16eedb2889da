import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../../../src/core/errors.js';
import { assertValidOwner, OWNER_PATTERN } from '../../../src/core/tags.js';
import { readAuthConfig } from '../../../src/http/auth/config.js';
import { GITHUB_ACTIONS_ISSUER } from '../../../src/http/auth/github-oidc.js';
import { hashToken } from '../../../src/http/auth/static-tokens.js';

const HASH = hashToken('devenv_example');

describe('Function: readAuthConfig', () => {
  it('reads hashed tokens and the GitHub allow-list: repository ids, and name prefixes where given', () => {
    const config = readAuthConfig({
      DEVENV_API_TOKENS: JSON.stringify([{ sha256: HASH.toUpperCase(), owner: 'alice', role: 'user' }]),
      DEVENV_OIDC_AUDIENCE: 'https://devenv.example.com',
      DEVENV_OIDC_REPOSITORIES: 'acme/web#700001, acme/api#700002=api',
    });

    expect(config).toEqual({
      tokens: [{ sha256: HASH, owner: 'alice', role: 'user' }],
      oidc: {
        audience: 'https://devenv.example.com',
        issuer: GITHUB_ACTIONS_ISSUER,
        repositories: [
          { repository: 'acme/web', repositoryId: '700001' },
          { repository: 'acme/api', repositoryId: '700002', namePrefix: 'api' },
        ],
      },
    });
  });

  it.each([
    ['a plaintext token instead of a hash', { DEVENV_API_TOKENS: '[{"sha256":"devenv_secret","owner":"alice","role":"user"}]' }, /DEVENV_API_TOKENS: 0\.sha256: must be the 64 hex/],
    ['an unknown role', { DEVENV_API_TOKENS: `[{"sha256":"${HASH}","owner":"alice","role":"root"}]` }, /DEVENV_API_TOKENS: 0\.role/],
    ['an owner posing as a GitHub caller', { DEVENV_API_TOKENS: `[{"sha256":"${HASH}","owner":"github:acme/web@x","role":"user"}]` }, /reserved for GitHub/],
    ['an owner posing as a GitHub caller in capitals', { DEVENV_API_TOKENS: `[{"sha256":"${HASH}","owner":"GitHub:acme/web@x","role":"user"}]` }, /reserved for GitHub/],
    ['an owner posing as a Slack user', { DEVENV_API_TOKENS: `[{"sha256":"${HASH}","owner":"slack:T0TEAM/U0ALICE","role":"user"}]` }, /Slack users/],
    ['a token listed twice', { DEVENV_API_TOKENS: `[{"sha256":"${HASH}","owner":"a","role":"user"},{"sha256":"${HASH}","owner":"b","role":"admin"}]` }, /1\.sha256: is listed twice/],
    ['an unknown field', { DEVENV_API_TOKENS: `[{"sha256":"${HASH}","owner":"a","role":"user","token":"x"}]` }, /DEVENV_API_TOKENS: 0: Unrecognized key/],
    ['tokens that are not JSON', { DEVENV_API_TOKENS: 'alice:secret' }, /DEVENV_API_TOKENS is not valid JSON/],
    ['repositories without an audience', { DEVENV_OIDC_REPOSITORIES: 'acme/web' }, /DEVENV_OIDC_AUDIENCE is required/],
    ['an audience without repositories', { DEVENV_OIDC_AUDIENCE: 'x' }, /DEVENV_OIDC_REPOSITORIES is required/],
    ['a malformed repository', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme' }, /DEVENV_OIDC_REPOSITORIES: 0: must be owner\/name/],
    ['a plain-http issuer', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1', DEVENV_OIDC_ISSUER: 'http://ghes.example' }, /DEVENV_OIDC_ISSUER: must be an https URL/],
    ['a repository without its id (unpinned)', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1, acme/api' }, /DEVENV_OIDC_REPOSITORIES: 1: must be owner\/name#<repository id>/],
    ['two repositories sharing pr-<n>', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1 acme/api#2' }, /acme\/web and acme\/api would both manage pr-<n>/],
    ['two repositories with one prefix', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1=app acme/api#2=app' }, /both manage app-pr-<n>/],
    ['a repository listed twice', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1 Acme/Web#2=x' }, /Acme\/Web is listed twice/],
    ['one id for two names', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1 acme/api#1=api' }, /repository id 1 is listed twice/],
    ['a prefix that is not a lowercase label', { DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1=Web' }, /DEVENV_OIDC_REPOSITORIES: 0: must be owner\/name#/],
    ['nothing at all', {}, /no caller could authenticate/],
  ])('refuses %s, naming the variable', (_case, env, message) => {
    expect(() => readAuthConfig(env)).toThrow(InvalidConfigError);
    expect(() => readAuthConfig(env)).toThrow(message);
  });

  it("accepts as a static token's owner exactly the characters the engine's owner tag accepts (one rule, in core/tags.ts)", () => {
    const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
    const configured = (owner: string) => {
      try {
        readAuthConfig({ DEVENV_API_TOKENS: JSON.stringify([{ sha256: HASH, owner, role: 'user' }]) });
        return true;
      } catch {
        return false;
      }
    };

    const refused = printable.filter((character) => !configured(`team${character}a`));

    expect(refused.join('')).toBe(printable.filter((character) => !OWNER_PATTERN.test(character)).join(''));
    expect(refused.join('')).toBe('!"#$%&\'()*,;<>?[\\]^`{|}~');
    for (const character of printable.filter((candidate) => !refused.includes(candidate))) {
      expect(() => assertValidOwner(`team${character}a`)).not.toThrow();
    }
  });

  it('allows an empty configuration when asked (the local server adds its own admin token)', () => {
    expect(readAuthConfig({}, { allowEmpty: true })).toEqual({ tokens: [] });
  });
});
