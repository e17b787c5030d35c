import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client';
import { MemoryTokenStore } from './token-store';

/** The dashboard's cookie flow (issue 14): the refresh token never reaches script-readable storage. */
describe('ApiClient cookie session', () => {
  function fakeServer() {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    let access = 'access-1';
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      const path = new URL(url).pathname;
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (path === '/api/v1/auth/login')
        return json(200, { user: { id: 'u', email: 'a@example.com', isAdmin: false, createdAt: '' }, accessToken: access, refreshToken: '', expiresIn: 900 });
      if (path === '/api/v1/auth/refresh') {
        access = `access-${calls.length}`;
        return json(200, { user: { id: 'u' }, accessToken: access, refreshToken: '', expiresIn: 900 });
      }
      const auth = (init.headers as Record<string, string>).authorization;
      return auth === `Bearer ${access}` ? json(200, { ok: true }) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' });
    }) as unknown as typeof fetch;
    return { calls, fetchFn, expire: () => (access = 'rotated-elsewhere') };
  }

  it('keeps only the access token, in memory, and asks for the cookie on every auth call', async () => {
    const server = fakeServer();
    const tokens = new MemoryTokenStore();
    const api = new ApiClient({ baseUrl: 'http://localhost/api/v1', tokens, cookieSession: true, onSessionExpired: () => undefined, fetchFn: server.fetchFn });
    const session = await api.post<{ accessToken: string; refreshToken: string }>('/auth/login', { email: 'a@example.com', password: 'x' }, { auth: false });
    api.storeSession(session);
    expect(tokens.get()).toEqual({ accessToken: 'access-1' });
    expect(JSON.stringify(window.localStorage)).not.toContain('access-1');
    const login = server.calls[0]!;
    expect((login.init.headers as Record<string, string>)['x-refresh-cookie']).toBe('1');
    expect(login.init.credentials).toBe('same-origin');
  });

  it('refreshes through the cookie (no token in the body) on 401, and restores a session after a reload', async () => {
    const server = fakeServer();
    const tokens = new MemoryTokenStore();
    const api = new ApiClient({ baseUrl: 'http://localhost/api/v1', tokens, cookieSession: true, onSessionExpired: () => undefined, fetchFn: server.fetchFn });
    // A reload: nothing in memory, yet the request succeeds after a cookie refresh.
    expect(await api.get('/markets')).toEqual({ ok: true });
    const refresh = server.calls.find((call) => call.url.endsWith('/auth/refresh'))!;
    expect(refresh.init.body).toBe('{}');
    expect(tokens.get()?.refreshToken).toBeUndefined();
    server.expire();
    expect(await api.get('/markets')).toEqual({ ok: true });
    expect(server.calls.filter((call) => call.url.endsWith('/auth/refresh'))).toHaveLength(2);
  });
});
