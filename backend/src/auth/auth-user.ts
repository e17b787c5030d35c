/** The authenticated caller, attached to every request by the global AuthGuard. */
export interface AuthUser {
  id: string;
  email: string;
  isAdmin: boolean;
  via: 'jwt' | 'api_key';
  /** JWT sessions may write; API keys carry the scope they were created with. */
  scope: 'read' | 'write';
}

export interface AccessTokenClaims {
  sub: string;
  email: string;
}
