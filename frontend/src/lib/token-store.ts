// Where the session's tokens live. localStorage so a session survives a reload; behind an
// interface so tests and other storage choices can swap it.

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
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
      return parsed.accessToken && parsed.refreshToken
        ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
        : null;
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
