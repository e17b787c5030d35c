import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, createTestDatabase, registerUser, RegisteredUser, TestApp, TestDatabase } from '../support/test-app';

/** Issue 14: sockets end with their credential, are capped and origin-checked; subscribe validates its input. */

function opener(url: () => string, sockets: Socket[]) {
  return (token: string, extra: { origin?: string } = {}) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(url(), {
        path: '/socket.io',
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        ...(extra.origin ? { extraHeaders: { origin: extra.origin } } : {}),
      });
      sockets.push(socket);
      socket.on('connect', () => resolve(socket));
      socket.on('connect_error', (error) => reject(error));
    });
}

const closedBy = (socket: Socket) =>
  new Promise<{ reason: string; notice?: string }>((resolve) => {
    let notice: string | undefined;
    socket.on('session_revoked', (payload: { message: string }) => (notice = payload.message));
    socket.on('disconnect', (reason) => resolve({ reason, notice }));
  });

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('socket credentials, caps and origins (issue 14)', () => {
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 5);
  let t: TestApp;
  const sockets: Socket[] = [];
  const connect = opener(() => t.url as string, sockets);

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        TICKER_POLL_MS: '60000',
        MAX_SOCKETS_PER_USER: '3',
        MAX_SOCKETS_PER_IP: '40',
        ALLOWED_ORIGINS: 'https://app.example.com',
        REGISTER_RATE_LIMIT: '1000',
      },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
    folder.remove();
  });

  const post = (url: string, headers: Record<string, string>, payload?: object) => t.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload });

  it('sign out everywhere, a password change and account deletion close the sockets opened with older tokens', async () => {
    const a = await registerUser(t);
    const everywhere = await connect(a.accessToken);
    const closing = closedBy(everywhere);
    expect((await post('/auth/logout-everywhere', a.auth)).statusCode).toBe(204);
    expect(await within(closing, 1_000)).toMatchObject({ reason: 'io server disconnect', notice: expect.stringMatching(/revoked/) });

    const b = await registerUser(t);
    const socket = await connect(b.accessToken);
    const closed = closedBy(socket);
    const changed = await post('/auth/password', b.auth, { currentPassword: 'correct horse 42', newPassword: 'brand new pass 7' });
    expect(changed.statusCode).toBe(200);
    expect((await within(closed, 1_000)).reason).toBe('io server disconnect');
    // The fresh session's socket is unaffected by later checks.
    const fresh = await connect(changed.json().accessToken);
    expect(fresh.connected).toBe(true);

    const c = await registerUser(t);
    const doomed = await connect(c.accessToken);
    const gone = closedBy(doomed);
    expect((await t.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: c.auth })).statusCode).toBe(204);
    expect((await within(gone, 1_000)).reason).toBe('io server disconnect');
  });

  it('revoking an API key closes the sockets opened with it, not the owner’s other sockets', async () => {
    const owner = await registerUser(t);
    const key = (await post('/api-keys', owner.auth, { name: 'stream', scope: 'read' })).json();
    const viaKey = await connect(key.key);
    const viaSession = await connect(owner.accessToken);
    const closed = closedBy(viaKey);
    expect((await t.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: owner.auth })).statusCode).toBe(204);
    expect((await within(closed, 1_000)).reason).toBe('io server disconnect');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(viaSession.connected).toBe(true);
    await expect(connect(key.key)).rejects.toThrow(/Invalid or expired token/);
  });

  it('subscribe answers non-string symbols with an error reply (no stack trace), and the socket keeps working', async () => {
    const user = await registerUser(t);
    const socket = await connect(user.accessToken);
    const ask = (message: unknown) => socket.timeout(3_000).emitWithAck('subscribe', message) as Promise<{ ok: boolean; error?: string; symbols: string[] }>;
    for (const symbols of [[{ toString: 1 }], [42], [null], [['BTC/USDT']], [{ valueOf: 'x', toString: 'y' }]]) {
      const ack = await ask({ symbols });
      expect(ack, JSON.stringify(symbols)).toMatchObject({ ok: false, error: expect.stringMatching(/every symbol must be a string/) });
    }
    expect(await ask({ symbols: ['BTC/USDT'] })).toMatchObject({ ok: true, symbols: ['BTC/USDT'] });
  });

  it('caps the sockets one user may hold open', async () => {
    const user = await registerUser(t);
    for (let i = 0; i < 3; i++) await connect(user.accessToken);
    await expect(connect(user.accessToken)).rejects.toThrow(/Too many connections for this account \(at most 3\)/);
  });

  it('accepts same-origin and listed origins, refuses other browser origins', async () => {
    const user = await registerUser(t);
    const port = new URL(t.url as string).port;
    await expect(connect(user.accessToken, { origin: `http://127.0.0.1:${port}` })).resolves.toBeTruthy();
    await expect(connect(user.accessToken, { origin: 'https://app.example.com' })).resolves.toBeTruthy();
    await expect(connect(user.accessToken, { origin: 'https://evil.example' })).rejects.toThrow();
    const preflight = await t.inject({ method: 'GET', url: '/socket.io/?EIO=4&transport=polling', headers: { origin: 'https://evil.example' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('socket cap per client address (issue 14)', () => {
  const folder = makeReplayFolder(['BTC'], 24 * 5);
  let t: TestApp;
  const sockets: Socket[] = [];
  const connect = opener(() => t.url as string, sockets);
  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, TICKER_POLL_MS: '60000', MAX_SOCKETS_PER_IP: '2', REGISTER_RATE_LIMIT: '1000' },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
    folder.remove();
  });

  it('refuses a third socket from one address, whoever signs in', async () => {
    const [a, b, c] = [await registerUser(t), await registerUser(t), await registerUser(t)];
    await connect(a.accessToken);
    await connect(b.accessToken);
    await expect(connect(c.accessToken)).rejects.toThrow(/Too many connections from this address \(at most 2\)/);
  });
});

/**
 * Two API replicas on one PostgreSQL database and one Redis (CI=true): revocations made on one replica reach the
 * other's caches and sockets within a second.
 */
describe.runIf(process.env.CI === 'true' || !!process.env.TEST_DATABASE_URL)('revocation across replicas (issue 14, PostgreSQL + Redis)', () => {
  const folder = makeReplayFolder(['BTC'], 24 * 5);
  let database: TestDatabase;
  let one: TestApp;
  let two: TestApp;
  let user: RegisteredUser;
  const sockets: Socket[] = [];
  const connectTwo = opener(() => two.url as string, sockets);

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      MARKET_SOURCE: 'replay',
      REPLAY_DIR: folder.dir,
      TICKER_POLL_MS: '60000',
      ROLE: 'api',
      REDIS_PREFIX: `coincast-test:${randomBytes(4).toString('hex')}:`,
    };
    one = await createTestApp({ listen: true, database, env });
    two = await createTestApp({ listen: true, database, env });
    user = await registerUser(one);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await one?.close();
    await two?.close();
    await database.drop();
    folder.remove();
  });

  it('an API key revoked on one replica is refused by the other (which had it cached) within a second, and its socket there closes', async () => {
    const key = (await one.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { name: 'x', scope: 'read' } })).json();
    for (let i = 0; i < 3; i++) expect((await two.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key.key } })).statusCode).toBe(200);
    const socket = await connectTwo(key.key);
    const closed = closedBy(socket);
    const revokedAt = Date.now();
    expect((await one.inject({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}`, headers: user.auth })).statusCode).toBe(204);
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < 1_000) {
      status = (await two.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key.key } })).statusCode;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe(401);
    expect((await within(closed, 1_000)).reason).toBe('io server disconnect');
  });

  it('sign out everywhere on one replica ends the session on the other within a second', async () => {
    const session = await registerUser(one);
    expect((await two.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.auth })).statusCode).toBe(200);
    const socket = await connectTwo(session.accessToken);
    const closed = closedBy(socket);
    const at = Date.now();
    expect((await one.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: session.auth })).statusCode).toBe(204);
    let status = 200;
    while (status === 200 && Date.now() - at < 1_000) {
      status = (await two.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.auth })).statusCode;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe(401);
    expect((await within(closed, 1_000)).reason).toBe('io server disconnect');
  });
});
