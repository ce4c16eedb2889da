import { createHash, timingSafeEqual } from 'node:crypto';
import type { TokenPrincipal, TokenRole } from '../../access/principal.js';

/** A static API token as configured: only its SHA-256 is ever stored. */
export interface StaticToken {
  /** Lowercase hex SHA-256 of the token. */
  sha256: string;
  owner: string;
  role: TokenRole;
}

/**
 * Lowercase hex SHA-256 of a token: what `DEVENV_API_TOKENS` stores.
 *
 * @example
 * hashToken('devenv_…'); // 'e3b0c442…'
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Finds the configured token a caller presented. The presented token is hashed and compared with every stored hash
 * in constant time, without stopping at the first match, so timing says nothing about which or how many exist.
 */
export class StaticTokenVerifier {
  readonly #tokens: { digest: Buffer; principal: TokenPrincipal }[];

  constructor(tokens: readonly StaticToken[]) {
    this.#tokens = tokens.map((token) => {
      const digest = Buffer.from(token.sha256, 'hex');
      if (digest.length !== 32) throw new RangeError(`the SHA-256 of the token of ${token.owner} is not 64 hex characters`);
      return { digest, principal: { kind: 'token', owner: token.owner, role: token.role } };
    });
  }

  verify(token: string): TokenPrincipal | undefined {
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: TokenPrincipal | undefined;
    for (const candidate of this.#tokens) {
      if (timingSafeEqual(candidate.digest, presented) && !found) found = candidate.principal;
    }
    return found;
  }
}
