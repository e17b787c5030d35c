import type { UserRole } from '../users/user.entity';

/** The authenticated caller, attached to every request by the global AuthGuard. */
export interface AuthUser {
  id: string;
  email: string;
  /** From the user row (cached, invalidated on change), never from a token claim. */
  role: UserRole;
  isAdmin: boolean;
  via: 'jwt' | 'api_key';
  /** JWT sessions may write; API keys carry the scope they were created with. */
  scope: 'read' | 'write';
  /** Account creation time (ISO), carried in the access token so /auth/me needs no database read. */
  createdAt: string;
  /** When the credential stops being valid (epoch ms): the access token's expiry; absent for API keys. */
  expiresAt?: number;
  /** The user's token epoch the access token was issued under (JWT only). */
  epoch?: number;
  /** SHA-256 of the API key (API keys only): how a revocation finds the sockets opened with it. */
  keyHash?: string;
}

export interface AccessTokenClaims {
  sub: string;
  email: string;
  /** Account creation time, ISO 8601. */
  ctm: string;
  /** The user's token epoch at issue. */
  ep: number;
  /** Issued at / expiry (seconds since the epoch), set by the signer; both required by the verifier. */
  iat?: number;
  exp?: number;
}
