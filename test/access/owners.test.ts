import { describe, expect, it } from 'vitest';
import { assertMayWriteName, writeGuard } from '../../src/access/authorize.js';
import { isCiOwner, slackOwner, slackUserOf } from '../../src/access/owners.js';
import type { SlackPrincipal } from '../../src/access/principal.js';
import { OWNER_PATTERN } from '../../src/core/tags.js';

const alice: SlackPrincipal = { kind: 'slack', owner: 'slack:T0TEAM/U0ALICE', role: 'user', teamId: 'T0TEAM', userId: 'U0ALICE' };
const admin: SlackPrincipal = { ...alice, owner: 'slack:T0TEAM/U0ADMIN', role: 'admin', userId: 'U0ADMIN' };
const holder = (owner: string) => ({ owner, app: 'web', labels: {} });

describe('Slack owners', () => {
  it('records a Slack user as slack:<team>/<user>, which the owner tag accepts, and reads it back', () => {
    const owner = slackOwner('T0TEAM', 'U0ALICE');

    expect(owner).toBe('slack:T0TEAM/U0ALICE');
    expect(OWNER_PATTERN.test(owner)).toBe(true);
    expect(slackUserOf(owner)).toEqual({ teamId: 'T0TEAM', userId: 'U0ALICE' });
    expect(slackUserOf('github:acme/web@octocat')).toBeUndefined();
  });

  it('refuses ids that are not Slack ids', () => {
    expect(() => slackOwner('T0TEAM', 'u/../x')).toThrow('Slack team and user ids');
  });

  it('tells CI owners from people', () => {
    expect(isCiOwner('github:acme/web@octocat')).toBe(true);
    expect(isCiOwner('slack:T0TEAM/U0ALICE')).toBe(false);
  });
});

describe('Policy for Slack users', () => {
  it('refuses pr-<n> names to a Slack user, even an admin, as to a static token', () => {
    expect(() => assertMayWriteName(admin, 'pr-42', 'put')).toThrow('reserved for the GitHub Actions job of pull request #42');
    expect(() => assertMayWriteName(alice, 'demo', 'put')).not.toThrow();
  });

  it('lets a Slack user change only their own environments, and an admin any', () => {
    expect(() => writeGuard(alice, 'demo', 'destroy')(holder('slack:T0TEAM/U0ALICE'))).not.toThrow();
    expect(() => writeGuard(alice, 'demo', 'extend')(holder('slack:T0TEAM/U0BOB'))).toThrow('only its owner or an admin may change it');
    expect(() => writeGuard(alice, 'demo', 'destroy')(holder('alice'))).toThrow('only its owner or an admin may change it');
    expect(() => writeGuard(admin, 'demo', 'destroy')(holder('slack:T0TEAM/U0BOB'))).not.toThrow();
  });
});
