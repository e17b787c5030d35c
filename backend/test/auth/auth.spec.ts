import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algNoneToken, signHs256 } from '../support/jwt';
import { createTestApp, registerUser, TestApp } from '../support/test-app';

describe('accounts and authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_LIMIT: '5', LOGIN_RATE_LIMIT_PER_IP: '1000', REGISTER_RATE_LIMIT: '50', REFRESH_REUSE_GRACE_SECONDS: '0' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  const get = (url: string, headers: Record<string, string> = {}) => t.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  it('registers, logs in and answers /auth/me with a normalised email', async () => {
    const registered = await post('/auth/register', { email: '  Ada@Example.COM ', password: 'correct horse 42' });
    expect(registered.statusCode).toBe(201);
    expect(registered.json().user.email).toBe('ada@example.com');

    const login = await post('/auth/login', { email: 'ADA@example.com', password: 'correct horse 42' });
    expect(login.statusCode).toBe(200);
    const { accessToken, refreshToken, expiresIn } = login.json();
    expect(typeof refreshToken).toBe('string');
    expect(expiresIn).toBeGreaterThan(0);

    const me = await get('/auth/me', { authorization: `Bearer ${accessToken}` });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: 'ada@example.com', isAdmin: false });
  });

  it('refuses a wrong password and an unknown email with the same 401 message', async () => {
    await registerUser(t, 'grace@example.com');
    const wrongPassword = await post('/auth/login', { email: 'grace@example.com', password: 'wrong password 1' });
    const unknownEmail = await post('/auth/login', { email: 'nobody@example.com', password: 'correct horse 42' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknownEmail.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(unknownEmail.json());
    expect(wrongPassword.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' });
  });

  it('answers 409 for a duplicate email, whatever its case', async () => {
    await registerUser(t, 'linus@example.com');
    const duplicate = await post('/auth/register', { email: 'LINUS@example.com', password: 'correct horse 42' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().message).toMatch(/already exists/);
  });

  it('states the password rules when a password is too weak', async () => {
    const weak = await post('/auth/register', { email: 'weak@example.com', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toMatch(/10 to 128 characters.*letter.*digit/);
  });

  it('rejects unknown body fields with 400 in the standard error shape', async () => {
    const response = await post('/auth/register', { email: 'x@example.com', password: 'correct horse 42', isAdmin: true });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(body.message).toMatch(/unknown field 'isAdmin'/);
    expect(body.details).toContain("unknown field 'isAdmin' is not allowed");
  });

  it('requires authentication on non-public routes', async () => {
    const response = await get('/auth/me');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('refuses tokens signed with another secret, alg none, and expired tokens', async () => {
    const { user } = await registerUser(t);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, email: user.email, ctm: new Date().toISOString(), ep: 0, iat: now, exp: now + 600 };
    const forged = signHs256(claims, 'some-other-secret-that-is-long-enough');
    const none = algNoneToken(claims);
    const expired = signHs256({ ...claims, iat: now - 1200, exp: now - 600 }, t.env.JWT_SECRET);
    const valid = signHs256(claims, t.env.JWT_SECRET);
    for (const token of [forged, none, expired]) {
      expect((await get('/auth/me', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    }
    // The control: the same construction with the right secret is accepted, so the refusals above are meaningful.
    expect((await get('/auth/me', { authorization: `Bearer ${valid}` })).statusCode).toBe(200);
  });

  it('rotates refresh tokens and revokes the whole family when a used token is presented again', async () => {
    const session = await registerUser(t);
    const first = await post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(first.statusCode).toBe(200);
    const rotated = first.json().refreshToken;
    expect(rotated).not.toBe(session.refreshToken);

    // The stolen (already used) token comes back: reuse detected …
    const replay = await post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().message).toMatch(/already used/);
    // … and the legitimate newest token of that family is dead too.
    const afterRevocation = await post('/auth/refresh', { refreshToken: rotated });
    expect(afterRevocation.statusCode).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const session = await registerUser(t);
    const logout = await post('/auth/logout', { refreshToken: session.refreshToken });
    expect(logout.statusCode).toBe(204);
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
  });

  it('changing the password revokes every refresh token and requires the current password', async () => {
    const session = await registerUser(t, 'changer@example.com');
    const second = await post('/auth/login', { email: 'changer@example.com', password: 'correct horse 42' });
    const wrong = await post('/auth/password', { currentPassword: 'nope nope 12', newPassword: 'brand new pass 7' }, session.auth);
    expect(wrong.statusCode).toBe(400);

    const changed = await post('/auth/password', { currentPassword: 'correct horse 42', newPassword: 'brand new pass 7' }, session.auth);
    expect(changed.statusCode).toBe(200);
    expect((await get('/auth/me', { authorization: `Bearer ${changed.json().accessToken}` })).statusCode).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: second.json().refreshToken })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: 'changer@example.com', password: 'correct horse 42' })).statusCode).toBe(401);
    expect((await post('/auth/login', { email: 'changer@example.com', password: 'brand new pass 7' })).statusCode).toBe(200);
  });

  it('API keys: shown once, listed without the secret, read-only scope refused on writes (403), revocable', async () => {
    const session = await registerUser(t);
    const created = await post('/api-keys', { name: 'script', scope: 'read' }, session.auth);
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^cc_/);

    const list = await get('/api-keys', session.auth);
    expect(list.json()).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(key);

    const me = await get('/auth/me', { 'x-api-key': key });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(session.user.id);

    const write = await post('/api-keys', { name: 'escalate', scope: 'write' }, { 'x-api-key': key });
    expect(write.statusCode).toBe(403);
    expect(write.json().message).toMatch(/API keys cannot/);

    // Not even a read-write key may mint keys (issue 14: API-key management is session only).
    const writeKey = (await post('/api-keys', { name: 'writer', scope: 'write' }, session.auth)).json().key;
    expect((await post('/api-keys', { name: 'by key', scope: 'read' }, { 'x-api-key': writeKey })).statusCode).toBe(403);

    const revoke = await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: session.auth });
    expect(revoke.statusCode).toBe(204);
    expect((await get('/auth/me', { 'x-api-key': key })).statusCode).toBe(401);
  });

  it("another user's API key cannot be revoked (404)", async () => {
    const owner = await registerUser(t);
    const other = await registerUser(t);
    const { id } = (await post('/api-keys', { name: 'mine', scope: 'read' }, owner.auth)).json();
    const response = await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: other.auth });
    expect(response.statusCode).toBe(404);
    expect((await get('/api-keys', owner.auth)).json()).toHaveLength(1);
  });

  it('rate-limits login per (account, address) with 429 and Retry-After', async () => {
    await registerUser(t, 'target@example.com');
    const statuses: number[] = [];
    let last;
    for (let attempt = 0; attempt < 7; attempt++) {
      last = await post('/auth/login', { email: 'target@example.com', password: 'guess guess 1' });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().message).toMatch(/Too many sign-in attempts/);
  });

  it('a verified token is remembered only until it expires, and only under its exact signature', async () => {
    const { user } = await registerUser(t);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, email: user.email, ctm: new Date().toISOString(), ep: 0, iat: now, exp: now + 2 };
    const valid = signHs256(claims, t.env.JWT_SECRET);
    expect((await get('/auth/me', { authorization: `Bearer ${valid}` })).statusCode).toBe(200);
    expect((await get('/auth/me', { authorization: `Bearer ${valid}` })).statusCode).toBe(200);
    // Same header and claims as the remembered token, another signature: verified afresh and refused.
    const resigned = signHs256(claims, 'some-other-secret-that-is-long-enough');
    expect(resigned.split('.').slice(0, 2)).toEqual(valid.split('.').slice(0, 2));
    expect((await get('/auth/me', { authorization: `Bearer ${resigned}` })).statusCode).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
    expect((await get('/auth/me', { authorization: `Bearer ${valid}` })).statusCode).toBe(401);
  });

  it('deleting the account removes every owned row', async () => {
    const session = await registerUser(t);
    await post('/api-keys', { name: 'k', scope: 'write' }, session.auth);
    const count = async (table: string) =>
      Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [session.user.id]))[0].n);
    expect(await count('api_keys')).toBe(1);
    expect(await count('refresh_tokens')).toBe(1);

    const deleted = await t.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: session.auth });
    expect(deleted.statusCode).toBe(204);
    expect(await count('api_keys')).toBe(0);
    expect(await count('refresh_tokens')).toBe(0);
    const users = await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE id = $1', [session.user.id]);
    expect(users[0].n).toBe(0);
    expect((await get('/auth/me', session.auth)).statusCode).toBe(401);
  });

  it('serves health, readiness and the OpenAPI document without authentication', async () => {
    expect((await get('/health')).json()).toEqual({ status: 'ok' });
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.database).toBe('ok');
    const docs = await t.inject({ method: 'GET', url: '/api/docs-json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toContain('/api/v1/auth/login');
  });
});

describe('registration rate limit per IP', () => {
  it('answers 429 after REGISTER_RATE_LIMIT sign-ups from one address', async () => {
    const t = await createTestApp({ env: { REGISTER_RATE_LIMIT: '2' } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const response = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/register',
          payload: { email: `ip${i}@example.com`, password: 'correct horse 42' },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await t.close();
    }
  });
});
