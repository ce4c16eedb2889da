export { createAuthenticator, type AuthenticatorOptions } from './authenticator.js';
export { readAuthConfig, type AuthConfig } from './config.js';
export { ownedByRepository } from '../../access/owners.js';
export { GITHUB_ACTIONS_ISSUER, GitHubOidcVerifier, githubOwner, type AllowedRepository, type GitHubOidcOptions } from './github-oidc.js';
export { requireCaller } from './middleware.js';
export type { Authenticator, GitHubPrincipal, Principal, TokenPrincipal, TokenRole } from '../../access/principal.js';
export { hashToken, StaticTokenVerifier, type StaticToken } from './static-tokens.js';
