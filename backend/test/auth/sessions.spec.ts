import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/auth/auth.service';
import { JWT_SECRET_FILE } from '../../src/auth/jwt-secret';
import { loadConfig } from '../../src/bootstrap';
import { runAdminCommand, setUserRole } from '../../src/cli/admin';
import { AuthStateCache } from '../../src/auth/auth-state';
import { signHs256 } from '../support/jwt';
import { createTestApp, createTestDatabase, grantAdmin, registerUser, TestApp } from '../support/test-app';

/** Issue 14: secrets, roles, token epochs, refresh reuse, scopes and login throttling. */

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The constant development secret the code shipped before issue 14 (still in the git history). */
const FORMER_DEFAULT_SECRET = 'coincast-dev-secret-change-me-in-production';

/** Every string that appears in the repository: quoted literals, whitespace-separated words and whole lines. */
function repositoryStrings(): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  const strings = new Set<string>([FORMER_DEFAULT_SECRET]);
  for (const file of files) {
    if (file.endsWith('package-lock.json')) continue;
    let text: string;
    try {
      text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    } catch {
      continue;
    }
    if (text.includes('\u0000')) continue;
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed) strings.add(trimmed);
      for (const word of trimmed.split(/\s+/)) if (word) strings.add(word);
      for (const quote of ["'", '"', '`']) {
        const parts = line.split(quote);
        for (let i = 1; i < parts.length; i += 2) if (parts[i]) strings.add(parts[i]!);
      }
    }
  }
  return [...strings];
}

describe('signing secret (issue 14)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coincast-secret-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('ROLE=api and ROLE=worker refuse to start without JWT_SECRET, saying how to make one', () => {
    for (const role of ['api', 'worker']) {
      expect(() => loadConfig({ ROLE: role, DATA_DIR: dataDir } as NodeJS.ProcessEnv)).toThrow(
        /JWT_SECRET is required when ROLE is api or worker.*openssl rand -hex 32/s,
      );
    }
  });

  it('a fresh start generates a 256-bit secret into DATA_DIR (mode 0600); a restart keeps users signed in; the admin CLI grants the role', async () => {
    const database = await createTestDatabase();
    const env = { JWT_SECRET: '', DATA_DIR: dataDir };
    const first = await createTestApp({ env, database });
    let session;
    try {
      session = await registerUser(first, 'restart@example.com');
    } finally {
      await first.close();
    }
    const file = path.join(dataDir, JWT_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);

    // The operator CLI, run while the server is stopped (embedded database: one process at a time).
    const lines: string[] = [];
    await runAdminCommand(
      ['grant', 'Restart@Example.com'],
      { ...process.env, DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}), REDIS_URL: '' },
      (line) => lines.push(line),
    );
    expect(lines.join('\n')).toMatch(/restart@example.com is now an administrator/);
    await expect(
      runAdminCommand(
        ['grant', 'nobody@example.com'],
        { ...process.env, DATA_DIR: dataDir, ...(database.url ? { DATABASE_URL: database.url } : {}), REDIS_URL: '' },
        () => undefined,
      ),
    ).rejects.toThrow(/register first/);

    const second = await createTestApp({ env, database });
    try {
      const me = await second.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.auth });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ email: 'restart@example.com', role: 'admin', isAdmin: true });
    } finally {
      await second.close();
      await database.drop();
    }
  });

  it('a token signed with any string that appears in the repository is refused', async () => {
    const t = await createTestApp({ env: { JWT_SECRET: '', DATA_DIR: dataDir } });
    try {
      const { user } = await registerUser(t);
      const auth = t.app.get(AuthService);
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: user.id, email: user.email, ctm: new Date().toISOString(), ep: 0, iat: now, exp: now + 600 };
      const strings = repositoryStrings();
      expect(strings.length).toBeGreaterThan(10_000);
      const accepted: string[] = [];
      for (const secret of strings) {
        const ok = await auth.verifyAccessToken(signHs256(claims, secret)).then(
          () => true,
          () => false,
        );
        if (ok) accepted.push(secret);
      }
      expect(accepted).toEqual([]);
      // The control: the app's own secret (the generated one) is accepted by the same path.
      const own = readFileSync(path.join(dataDir, JWT_SECRET_FILE), 'utf8').trim();
      await expect(auth.verifyAccessToken(signHs256(claims, own))).resolves.toMatchObject({ id: user.id });
    } finally {
      await t.close();
    }
  }, 120_000);
});

describe('access tokens, roles, epochs, refresh reuse and scopes (issue 14)', () => {
  let t: TestApp;
  const post = (url: string, payload: object | undefined, headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const me = (token: string) => get('/auth/me', { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '4', LOGIN_RATE_LIMIT_PER_IP: '1000', REGISTER_RATE_LIMIT: '1000', REFRESH_REUSE_GRACE_SECONDS: '2' } });
  });
  afterAll(async () => t.close());

  it('refuses tokens without exp, without iat, living longer than the configured lifetime, stamped in the future, or without an epoch', async () => {
    const { user } = await registerUser(t);
    const now = Math.floor(Date.now() / 1000);
    const base = { sub: user.id, email: user.email, ctm: new Date().toISOString(), ep: 0 };
    const cases = {
      noExp: { ...base, iat: now },
      noIat: { ...base, exp: now + 600 },
      tooLong: { ...base, iat: now, exp: now + 900 + 3600 },
      tooOld: { ...base, iat: now - 1000, exp: now + 600 },
      future: { ...base, iat: now + 600, exp: now + 900 },
      noEpoch: { sub: user.id, email: user.email, ctm: base.ctm, iat: now, exp: now + 600 },
    };
    const accepted: string[] = [];
    for (const [name, claims] of Object.entries(cases)) {
      if ((await me(signHs256(claims, t.env.JWT_SECRET))).statusCode !== 401) accepted.push(name);
    }
    expect(accepted).toEqual([]);
    expect((await me(signHs256({ ...base, iat: now, exp: now + 600 }, t.env.JWT_SECRET))).statusCode).toBe(200);
  });

  it("the admin role comes from the user row, never from the token's e-mail or ADMIN_EMAILS; granting and revoking apply to live tokens", async () => {
    const listed = await createTestApp({ env: { ADMIN_EMAILS: 'boss@example.com' } });
    try {
      const boss = await registerUser(listed, 'boss@example.com');
      const promote = (auth: Record<string, string>) =>
        listed.inject({ method: 'POST', url: '/api/v1/models/00000000-0000-4000-8000-000000000000/promote', headers: auth });
      expect((await promote(boss.auth)).statusCode).toBe(403);
      expect((await listed.inject({ method: 'GET', url: '/api/v1/auth/me', headers: boss.auth })).json()).toMatchObject({ role: 'user', isAdmin: false });
      await grantAdmin(listed, 'boss@example.com');
      expect((await promote(boss.auth)).statusCode).toBe(404); // past the admin check: no such model
      expect((await listed.inject({ method: 'GET', url: '/api/v1/auth/me', headers: boss.auth })).json()).toMatchObject({ role: 'admin', isAdmin: true });
      await setUserRole(listed.dataSource, 'boss@example.com', 'user', (change) => listed.app.get(AuthStateCache).publish(change));
      expect((await promote(boss.auth)).statusCode).toBe(403);
    } finally {
      await listed.close();
    }
  });

  it('a password change ends every other session at once and hands the caller a fresh one', async () => {
    const first = await registerUser(t, 'epoch-pw@example.com');
    const second = (await post('/auth/login', { email: 'epoch-pw@example.com', password: 'correct horse 42' })).json();
    expect((await me(second.accessToken)).statusCode).toBe(200);
    const changed = await post('/auth/password', { currentPassword: 'correct horse 42', newPassword: 'brand new pass 7' }, first.auth);
    expect(changed.statusCode).toBe(200);
    expect((await me(first.accessToken)).statusCode).toBe(401);
    expect((await me(second.accessToken)).json().message).toMatch(/session was ended/);
    expect((await me(changed.json().accessToken)).statusCode).toBe(200);
  });

  it('sign out everywhere refuses every access token and refresh token issued before it', async () => {
    const first = await registerUser(t, 'everywhere@example.com');
    const second = (await post('/auth/login', { email: 'everywhere@example.com', password: 'correct horse 42' })).json();
    const out = await post('/auth/logout-everywhere', undefined, first.auth);
    expect(out.statusCode).toBe(204);
    for (const token of [first.accessToken, second.accessToken]) expect((await me(token)).statusCode).toBe(401);
    for (const refreshToken of [first.refreshToken, second.refreshToken]) expect((await post('/auth/refresh', { refreshToken })).statusCode).toBe(401);
    const again = (await post('/auth/login', { email: 'everywhere@example.com', password: 'correct horse 42' })).json();
    expect((await me(again.accessToken)).statusCode).toBe(200);
  });

  it('two tabs refreshing with the same token at once both get a working pair', async () => {
    const session = await registerUser(t);
    const [a, b] = await Promise.all([
      post('/auth/refresh', { refreshToken: session.refreshToken }),
      post('/auth/refresh', { refreshToken: session.refreshToken }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().refreshToken).not.toBe(b.json().refreshToken);
    for (const pair of [a.json(), b.json()]) {
      expect((await me(pair.accessToken)).statusCode).toBe(200);
      expect((await post('/auth/refresh', { refreshToken: pair.refreshToken })).statusCode).toBe(200);
    }
  });

  it('a reuse after the grace window revokes the family and the access tokens minted from it', async () => {
    const session = await registerUser(t);
    const rotated = (await post('/auth/refresh', { refreshToken: session.refreshToken })).json();
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const replay = await post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().message).toMatch(/already used/);
    expect((await post('/auth/refresh', { refreshToken: rotated.refreshToken })).statusCode).toBe(401);
    expect((await me(rotated.accessToken)).statusCode).toBe(401);
  });

  it('API keys (even read-write) cannot manage API keys, change the password, delete the account or sign out everywhere', async () => {
    const session = await registerUser(t);
    const key = (await post('/api-keys', { name: 'rw', scope: 'write' }, session.auth)).json().key as string;
    const headers = { 'x-api-key': key };
    const attempts = [
      await post('/api-keys', { name: 'more', scope: 'write' }, headers),
      await get('/api-keys', headers),
      await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/00000000-0000-4000-8000-000000000000`, headers }),
      await post('/auth/password', { currentPassword: 'correct horse 42', newPassword: 'taken over 123' }, headers),
      await post('/auth/logout-everywhere', undefined, headers),
      await t.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers }),
    ];
    expect(attempts.map((response) => response.statusCode)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(attempts[0]!.json().message).toMatch(/API keys cannot/);
    expect((await me(session.accessToken)).statusCode).toBe(200);
    expect((await get('/auth/me', headers)).statusCode).toBe(200);
  });

  it('a revoked API key is refused at once even though verified keys are cached', async () => {
    const session = await registerUser(t);
    const created = (await post('/api-keys', { name: 'cached', scope: 'read' }, session.auth)).json();
    for (let i = 0; i < 3; i++) expect((await get('/auth/me', { 'x-api-key': created.key })).statusCode).toBe(200);
    expect((await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${created.id}`, headers: session.auth })).statusCode).toBe(204);
    expect((await get('/auth/me', { 'x-api-key': created.key })).statusCode).toBe(401);
  });

  it('the dashboard flow keeps the refresh token in an httpOnly SameSite=Strict cookie scoped to the auth routes', async () => {
    const cookieFlow = { 'x-refresh-cookie': '1' };
    const registered = await post('/auth/register', { email: 'cookie@example.com', password: 'correct horse 42' }, cookieFlow);
    expect(registered.statusCode).toBe(201);
    expect(registered.json().refreshToken).toBe('');
    const setCookie = String(registered.headers['set-cookie']);
    expect(setCookie).toMatch(/^coincast_refresh=[^;]{20,};/);
    expect(setCookie).toMatch(/; Path=\/api\/v1\/auth/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here
    const cookie = setCookie.split(';')[0]!;
    // Without the opt-in header a cookie alone refreshes nothing (no ambient-credential refresh).
    expect((await post('/auth/refresh', {}, { cookie })).statusCode).toBe(401);
    const refreshed = await post('/auth/refresh', {}, { ...cookieFlow, cookie });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().refreshToken).toBe('');
    expect((await me(refreshed.json().accessToken)).statusCode).toBe(200);
    const rotated = String(refreshed.headers['set-cookie']).split(';')[0]!;
    expect(rotated).not.toBe(cookie);
    const out = await post('/auth/logout', {}, { ...cookieFlow, cookie: rotated });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/coincast_refresh=;/);
    expect((await post('/auth/refresh', {}, { ...cookieFlow, cookie: rotated })).statusCode).toBe(401);
    // Scripts keep the JSON flow.
    const script = await post('/auth/login', { email: 'cookie@example.com', password: 'correct horse 42' });
    expect(script.json().refreshToken.length).toBeGreaterThan(20);
    expect(script.headers['set-cookie']).toBeUndefined();
  });

  it('marks the cookie Secure when the dashboard is served over https (behind a trusted proxy)', async () => {
    const behindTls = await createTestApp({ env: { TRUST_PROXY: '1' } });
    try {
      const response = await behindTls.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: 'tls@example.com', password: 'correct horse 42' },
        headers: { 'x-refresh-cookie': '1', 'x-forwarded-proto': 'https' },
      });
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await behindTls.close();
    }
  });

  it('login throttling is per (account, address) with a growing delay: a stranger cannot lock the owner out', async () => {
    await registerUser(t, 'victim@example.com');
    const attempt = (remoteAddress: string, password: string) =>
      t.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'victim@example.com', password }, remoteAddress });
    const statuses: number[] = [];
    const durations: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      statuses.push((await attempt('10.9.9.9', 'wrong guess 1')).statusCode);
      durations.push(performance.now() - started);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect(durations[3]!).toBeGreaterThanOrEqual(240); // the 4th failure waits 250 ms first
    const owner = await attempt('10.1.1.1', 'correct horse 42');
    expect(owner.statusCode).toBe(200);
  });
});
