import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ExtractJwt } from 'passport-jwt';
import type { AccessTokenClaims } from './auth-user';

export type VerifiedClaims = AccessTokenClaims & Required<Pick<AccessTokenClaims, 'exp'>>;

/** Bounded: ~10k live tokens at a few hundred bytes each. */
const MAX_TOKENS = 10_000;
const extractBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The bearer token of a request, parsed the way passport-jwt parses it. */
export function bearerToken(request: { headers: Record<string, string | string[] | undefined> }): string | null {
  return extractBearer(request as unknown as Parameters<typeof extractBearer>[0]);
}

/**
 * Access tokens that passport-jwt has verified in this process.
 *
 * A client sends the same access token on every call until it expires, and re-verifying it (base64 and JSON decoding
 * plus an HMAC, through passport's per-request machinery) was the largest single cost of an authenticated request in
 * the auth benchmark. Entries are keyed by the exact token string, so only a token whose signature passed can match,
 * and the expiry is checked again on every recall. Whatever is not in the token (a deleted account) is still checked
 * per request by the caller.
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
