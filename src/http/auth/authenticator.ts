import type { JWTVerifyGetKey } from 'jose';
import { UnauthorizedError } from '../errors.js';
import type { AuthConfig } from './config.js';
import { GitHubOidcVerifier } from './github-oidc.js';
import type { Authenticator, Principal } from '../../access/principal.js';
import { StaticTokenVerifier } from './static-tokens.js';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;
/** A JWS in compact form: three base64url parts (the last empty for `alg: none`, which is then refused). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface AuthenticatorOptions {
  config: AuthConfig;
  /** A local key set in tests; GitHub's published one otherwise. */
  jwks?: JWTVerifyGetKey;
  now?: () => Date;
}

/**
 * One `Authenticator` for both kinds of caller: a bearer token that is a JWT is checked as a GitHub Actions OIDC token,
 * anything else as a static API token.
 *
 * @example
 * const authenticator = createAuthenticator({ config: readAuthConfig() });
 * const principal = await authenticator.authenticate('Bearer devenv_…');
 */
export function createAuthenticator({ config, jwks, now }: AuthenticatorOptions): Authenticator {
  const tokens = new StaticTokenVerifier(config.tokens);
  const github = config.oidc
    ? new GitHubOidcVerifier({ ...config.oidc, ...(jwks ? { jwks } : {}), ...(now ? { now } : {}) })
    : undefined;
  return {
    async authenticate(authorization: string | undefined): Promise<Principal> {
      if (!authorization) {
        throw new UnauthorizedError('send a token: "Authorization: Bearer <API token or GitHub Actions OIDC token>"');
      }
      const token = BEARER.exec(authorization)?.[1];
      if (!token) throw new UnauthorizedError('the Authorization header must be "Bearer <token>"', { bearerError: 'invalid_token' });
      if (COMPACT_JWS.test(token)) {
        if (!github) throw new UnauthorizedError('GitHub Actions OIDC tokens are not accepted by this devenv', { bearerError: 'invalid_token' });
        return github.verify(token);
      }
      const principal = tokens.verify(token);
      if (!principal) throw new UnauthorizedError('the API token is not valid', { bearerError: 'invalid_token' });
      return principal;
    },
  };
}
