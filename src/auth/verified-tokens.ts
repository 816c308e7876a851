import { LRUCache } from 'lru-cache';

interface Verified<Claims> {
  claims: Claims;
  expiresAtMs: number;
}

/**
 * `verify` with the claims of tokens it accepted remembered, keyed by the whole token, until each token's
 * `exp`: a token seen before costs a map lookup instead of an HMAC, a JSON parse and (in fast-jwt's own
 * cache) a SHA-256 of the token for the key. Refused tokens are not remembered, and a token without an
 * `exp` is verified every time. Revocation is not this cache's business: the session is checked on every
 * request regardless.
 */
export function rememberingVerifier<Claims extends { exp?: number }>(verify: (token: string) => Claims, max: number): (token: string) => Claims {
  const verified = new LRUCache<string, Verified<Claims>>({ max });
  return (token) => {
    const known = verified.get(token);
    if (known !== undefined) {
      if (Date.now() < known.expiresAtMs) return known.claims;
      verified.delete(token);
    }
    const claims = verify(token);
    if (typeof claims.exp === 'number') verified.set(token, { claims, expiresAtMs: claims.exp * 1000 });
    return claims;
  };
}
