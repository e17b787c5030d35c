import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AccessTokenClaims } from './auth-user';

export type VerifiedClaims = AccessTokenClaims & Required<Pick<AccessTokenClaims, 'exp' | 'iat'>>;

/** Bounded: ~10k live tokens at a few hundred bytes each. */
const MAX_TOKENS = 10_000;
const BEARER = /^Bearer +(\S+)$/i;

/** The bearer token of a request's Authorization header, or null. */
export function bearerToken(request: { headers: Record<string, string | string[] | undefined> }): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length > 4096) return null;
  return BEARER.exec(header)?.[1] ?? null;
}

/**
 * Access tokens whose signature and claims were verified in this process.
 *
 * A client sends the same access token on every call until it expires, and re-verifying it (base64 and JSON decoding
 * plus an HMAC) was the largest single cost of an authenticated request in the auth benchmark. Entries are keyed by
 * the exact token string, so only a token whose signature passed can match, and the expiry is checked again on every
 * recall. What is not in the token (the account's existence, role and token epoch) is still checked per request.
 */
@Injectable()
export class VerifiedTokens {
  private readonly tokens = new LRUCache<string, VerifiedClaims>({ max: MAX_TOKENS });

  remember(token: string, claims: VerifiedClaims): void {
    if (typeof claims.exp === 'number') this.tokens.set(token, claims);
  }

  /** Claims of a remembered token that has not expired (Date.now(), like jsonwebtoken's own expiry check). */
  recall(token: string): VerifiedClaims | undefined {
    const claims = this.tokens.get(token);
    if (!claims) return undefined;
    if (claims.exp * 1000 <= Date.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return claims;
  }
}
