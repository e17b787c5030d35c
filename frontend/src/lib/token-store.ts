// Where the session's tokens live, behind an interface so tests and other storage choices can swap it.
// The dashboard keeps only the access token, in memory (MemoryTokenStore): the refresh token is an httpOnly,
// SameSite=Strict cookie that no script can read, and a reload restores the session by refreshing with it.
// LocalStorageTokenStore is the older script-readable flow, kept for tests of the JSON refresh flow.

export interface SessionTokens {
  accessToken: string;
  /** Absent in the cookie flow: the browser holds it as an httpOnly cookie. */
  refreshToken?: string;
}

export interface TokenStore {
  get(): SessionTokens | null;
  set(tokens: SessionTokens): void;
  clear(): void;
}

const STORAGE_KEY = 'coincast.session';

export class LocalStorageTokenStore implements TokenStore {
  constructor(private readonly storage: Storage = window.localStorage) {}
  get(): SessionTokens | null {
    try {
      const raw = this.storage.getItem(STORAGE_KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as Partial<SessionTokens>;
      return parsed.accessToken && parsed.refreshToken ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken } : null;
    } catch {
      return null;
    }
  }
  set(tokens: SessionTokens): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(tokens));
  }
  clear(): void {
    this.storage.removeItem(STORAGE_KEY);
  }
}

/** Access token in memory only: gone on reload (the refresh cookie brings the session back). */
export class MemoryTokenStore implements TokenStore {
  private tokens: SessionTokens | null = null;
  get(): SessionTokens | null {
    return this.tokens;
  }
  set(tokens: SessionTokens): void {
    this.tokens = { accessToken: tokens.accessToken };
  }
  clear(): void {
    this.tokens = null;
  }
}

/** Removes what the localStorage flow left behind (a refresh token readable by any script on the page). */
export function forgetStoredSession(storage: Storage = window.localStorage): void {
  try {
    storage.removeItem(STORAGE_KEY);
  } catch {
    /* storage unavailable */
  }
}
