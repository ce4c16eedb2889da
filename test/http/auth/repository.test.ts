import { describe, expect, it } from 'vitest';
import { assertValidOwner } from '../../../src/core/tags.js';
import { readAuthConfig } from '../../../src/http/auth/config.js';
import { githubOwner } from '../../../src/http/auth/github-oidc.js';
import { ALLOWED_REPOSITORY_PATTERN, REPOSITORY_PATTERN } from '../../../src/http/auth/repository.js';

describe('Module: repository', () => {
  it.each(['acme/web', 'Acme-Corp/web.site_2', '.github/.github'])('accepts %s as a repository, and as an allow-list entry only with its id', (repository) => {
    expect(REPOSITORY_PATTERN.test(repository)).toBe(true);
    expect(ALLOWED_REPOSITORY_PATTERN.test(repository)).toBe(false);
    expect(ALLOWED_REPOSITORY_PATTERN.test(`${repository}#123456789`)).toBe(true);
    expect(ALLOWED_REPOSITORY_PATTERN.test(`${repository}#123456789=web-app`)).toBe(true);
  });

  it.each(['=', '=Web', '=-web', '=web-', '=we--b', '=web_app', `=${'a'.repeat(21)}`])('refuses the name prefix in acme/web#1%s', (prefix) => {
    expect(ALLOWED_REPOSITORY_PATTERN.test(`acme/web#1${prefix}`)).toBe(false);
  });

  it.each(['acme', 'acme/web/extra', 'acme/we b', 'acme/web@x', '/web', 'acme/'])('refuses %s in both places', (repository) => {
    expect(REPOSITORY_PATTERN.test(repository)).toBe(false);
    expect(ALLOWED_REPOSITORY_PATTERN.test(`${repository}#1`)).toBe(false);
  });

  it('takes an id only in an allow-list entry, and only digits', () => {
    expect(REPOSITORY_PATTERN.test('acme/web#1')).toBe(false);
    expect(ALLOWED_REPOSITORY_PATTERN.test('acme/web#')).toBe(false);
    expect(ALLOWED_REPOSITORY_PATTERN.test('acme/web#12a')).toBe(false);
  });

  it('records every repository the allow-list accepts in an owner the engine accepts', () => {
    const config = readAuthConfig({ DEVENV_OIDC_AUDIENCE: 'x', DEVENV_OIDC_REPOSITORIES: 'acme/web#1 Acme-Corp/web.site_2#2=site .github/.github#3=gh' });

    for (const { repository } of config.oidc?.repositories ?? []) {
      expect(() => assertValidOwner(githubOwner(repository, 'dependabot[bot]'))).not.toThrow();
    }
  });
});
