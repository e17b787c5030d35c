/** The authenticated caller, attached to every request by the global AuthGuard. */
export interface AuthUser {
  id: string;
  email: string;
  isAdmin: boolean;
  via: 'jwt' | 'api_key';
  /** JWT sessions may write; API keys carry the scope they were created with. */
  scope: 'read' | 'write';
  /** Account creation time (ISO), carried in the access token so /auth/me needs no database read. */
  createdAt: string;
  /** When the credential stops being valid (epoch ms): the access token's expiry; absent for API keys. */
  expiresAt?: number;
}

export interface AccessTokenClaims {
  sub: string;
  email: string;
  /** Account creation time, ISO 8601. */
  ctm: string;
  /** Expiry (seconds since the epoch), set by the signer. */
  exp?: number;
}
