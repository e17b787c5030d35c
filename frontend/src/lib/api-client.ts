import type { Schema } from './api-schemas';
import type { SessionTokens, TokenStore } from './token-store';

/** The backend's error body: {statusCode, error, message, details?}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type AuthResponse = Schema<'SessionDto'>;
export type User = Schema<'UserDto'>;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** false for sign-in/register/refresh: they must not trigger a refresh loop. */
  auth?: boolean;
  /** Return the raw text (exports) instead of parsing JSON. */
  responseType?: 'json' | 'text';
}

export interface ApiClientOptions {
  baseUrl: string;
  tokens: TokenStore;
  /** Called once refresh failed: the session is over, the UI sends the user to sign-in. */
  onSessionExpired: () => void;
  fetchFn?: typeof fetch;
  /**
   * The dashboard's flow: the server keeps the refresh token in an httpOnly cookie scoped to /api/v1/auth (asked for
   * with the x-refresh-cookie header), and only the access token is held by the page. Off: the JSON flow of scripts.
   */
  cookieSession?: boolean;
}

/** Header asking the server for the cookie flow; a custom header also forces a CORS preflight cross-site. */
export const COOKIE_FLOW_HEADER = 'x-refresh-cookie';

export class ApiClient {
  private refreshing: Promise<boolean> | null = null;

  constructor(private readonly options: ApiClientOptions) {}

  get tokens(): TokenStore {
    return this.options.tokens;
  }

  get cookieSession(): boolean {
    return this.options.cookieSession === true;
  }

  /** Stores what a sign-in, registration or refresh answered (in the cookie flow, the access token only). */
  storeSession(response: Pick<AuthResponse, 'accessToken' | 'refreshToken'>): void {
    this.options.tokens.set(
      this.cookieSession || !response.refreshToken
        ? { accessToken: response.accessToken }
        : { accessToken: response.accessToken, refreshToken: response.refreshToken },
    );
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const useAuth = options.auth !== false;
    // After a reload the cookie flow has no access token yet: the refresh cookie may bring the session back.
    if (useAuth && !this.options.tokens.get() && this.cookieSession) await this.refreshOnce();
    // Signed out (e.g. just after sign-out while pages unmount): don't send a request bound to fail.
    if (useAuth && !this.options.tokens.get()) throw new ApiError(401, 'Unauthorized', 'You are signed out.');
    let response = await this.send(method, path, options, useAuth);
    // On 401: refresh once (rotating the refresh token), retry once, else the session is over.
    if (response.status === 401 && useAuth && this.options.tokens.get()) {
      const refreshed = await this.refreshOnce();
      if (!refreshed) {
        this.options.tokens.clear();
        this.options.onSessionExpired();
        throw await toApiError(response);
      }
      response = await this.send(method, path, options, useAuth);
      if (response.status === 401) {
        this.options.tokens.clear();
        this.options.onSessionExpired();
      }
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    if (options.responseType === 'text') return (await response.text()) as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Many requests may 401 at once; they share one refresh so the rotated token is used once. */
  refreshOnce(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.refresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refresh(): Promise<boolean> {
    const current = this.options.tokens.get();
    if (!this.cookieSession && !current?.refreshToken) return false;
    try {
      // Cookie flow: the browser sends the httpOnly cookie; the body carries nothing secret.
      const body = this.cookieSession ? {} : { refreshToken: current!.refreshToken };
      const response = await this.send('POST', '/auth/refresh', { body }, false);
      if (!response.ok) return false;
      this.storeSession((await response.json()) as AuthResponse);
      return true;
    } catch {
      return false;
    }
  }

  url(path: string, query?: RequestOptions['query']): string {
    const origin = typeof window !== 'undefined' ? window.location.origin : 'http://localhost';
    const url = new URL(`${this.options.baseUrl}${path}`, origin);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private send(method: string, path: string, options: RequestOptions, useAuth: boolean): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const tokens: SessionTokens | null = useAuth ? this.options.tokens.get() : null;
    if (tokens) headers.authorization = `Bearer ${tokens.accessToken}`;
    if (this.cookieSession) headers[COOKIE_FLOW_HEADER] = '1';
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const fetchFn = this.options.fetchFn ?? fetch;
    return fetchFn(this.url(path, options.query), { method, headers, body, credentials: 'same-origin' });
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: Partial<{ statusCode: number; error: string; message: string | string[]; details: string[] }> = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    /* non-JSON error page */
  }
  // Nest's default validation pipe sends message as an array; the contract sends details.
  const messageList = Array.isArray(body.message) ? body.message : [];
  const message = typeof body.message === 'string' ? body.message : (messageList[0] ?? response.statusText ?? 'Request failed');
  const details = body.details ?? messageList;
  return new ApiError(response.status, body.error ?? response.statusText, message || `HTTP ${response.status}`, details);
}

/** A readable message for any thrown value (used by error states). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
