import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algNoneToken, signHs256 } from '../support/jwt';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, RegisteredUser, TestApp } from '../support/test-app';
import { fillPath, listOperations, RouteOperation } from './openapi-routes';
import { created, FACTORIES, Ids, SAMPLE_BODIES } from './resources';

/**
 * The authorization matrix, generated from the app's own OpenAPI document: every route that exists is checked,
 * including routes added after this file was written. A route with an owned resource id and no factory below, or a
 * write route without a sample body, makes the test fail and says what to add.
 */

/** Operations meant to be reachable without authentication. Anything else marked public fails the test. */
const PUBLIC_OPERATIONS = new Set([
  'GET /api/v1/health',
  'GET /api/v1/health/ready',
  'GET /api/v1/metrics', // 404 unless METRICS_PUBLIC=true
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  // Issue 22: the e-mailed links (the token in the body is the credential) and the signed one-click unsubscribe.
  'POST /api/v1/auth/email/verify',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'GET /api/v1/notifications/unsubscribe',
  'POST /api/v1/notifications/unsubscribe',
]);

/** Path parameters that are not owned resources: filled with a valid public value. */
const PUBLIC_PARAMS: Record<string, string> = { symbol: 'BTC-USDT' };

const OWNED_PARAM = /id$/i;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('authorization matrix (generated from the OpenAPI document)', () => {
  const folder = makeReplayFolder(['BTC', 'ETH'], 24 * 30);
  let t: TestApp;
  let operations: RouteOperation[];
  let owner: RegisteredUser;
  let intruder: RegisteredUser;
  let readOnlyKey: string;

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, LOGIN_RATE_LIMIT_PER_IP: '10000', REGISTER_RATE_LIMIT: '10000' },
    });
    operations = listOperations((await t.inject({ method: 'GET', url: '/api/docs-json' })).json());
    owner = await registerUser(t);
    intruder = await registerUser(t);
    readOnlyKey = String((await created(t, intruder, '/api/v1/api-keys', { name: 'ro', scope: 'read' })).key);
  });
  afterAll(async () => {
    await t.close();
    folder.remove();
  });

  const pathFor = (operation: RouteOperation, ids: Ids = {}) =>
    fillPath(operation.path, { ...Object.fromEntries(operation.pathParams.map((p) => [p, '00000000-0000-4000-8000-000000000000'])), ...PUBLIC_PARAMS, ...ids });

  it('only the intended routes are public', () => {
    const publicOps = operations.filter((op) => op.isPublic).map((op) => op.key);
    expect(publicOps.filter((key) => !PUBLIC_OPERATIONS.has(key))).toEqual([]);
    console.log(`authorization matrix: ${operations.length} operations, ${publicOps.length} public`);
  });

  it('anonymous requests get 401 on every non-public route', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => !o.isPublic)) {
      const response = await t.inject({ method: op.method, url: pathFor(op), payload: op.hasBody ? {} : undefined });
      if (response.statusCode !== 401) failures.push(`${op.key} → ${response.statusCode}`);
      else expect(Object.keys(response.json()).sort()).toEqual(['error', 'message', 'statusCode']);
    }
    expect(failures).toEqual([]);
  });

  it('expired, wrongly signed and alg:none access tokens get 401 on every non-public route', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: owner.user.id, email: owner.user.email, ctm: new Date().toISOString(), ep: 0, iat: now, exp: now + 600 };
    const badTokens = {
      expired: signHs256({ ...claims, iat: now - 3600, exp: now - 60 }, t.env.JWT_SECRET),
      wrongSecret: signHs256(claims, 'another-secret-that-is-long-enough-to-sign'),
      algNone: algNoneToken(claims),
      // Issue 14: exp and iat are required, and a token from another epoch (signed out everywhere) is dead.
      noExp: signHs256({ sub: claims.sub, email: claims.email, ctm: claims.ctm, ep: 0, iat: now }, t.env.JWT_SECRET),
      noIat: signHs256({ sub: claims.sub, email: claims.email, ctm: claims.ctm, ep: 0, exp: now + 600 }, t.env.JWT_SECRET),
      staleEpoch: signHs256({ ...claims, ep: 7 }, t.env.JWT_SECRET),
    };
    const failures: string[] = [];
    for (const op of operations.filter((o) => !o.isPublic)) {
      for (const [kind, token] of Object.entries(badTokens)) {
        const response = await t.inject({
          method: op.method,
          url: pathFor(op),
          headers: { authorization: `Bearer ${token}` },
          payload: op.hasBody ? {} : undefined,
        });
        if (response.statusCode !== 401) failures.push(`${op.key} with ${kind} token → ${response.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a read-only API key gets 403 on every write route', async () => {
    const failures: string[] = [];
    const writes = operations.filter((o) => !o.isPublic && WRITE_METHODS.has(o.method));
    for (const op of writes) {
      const response = await t.inject({ method: op.method, url: pathFor(op), headers: { 'x-api-key': readOnlyKey }, payload: op.hasBody ? {} : undefined });
      if (response.statusCode !== 403) failures.push(`${op.key} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
    console.log(`authorization matrix: read-only key refused on ${writes.length} write operations`);
  });

  it("another user's resource ids answer 404 with no data, and the owner's data is unchanged", async () => {
    const owned = operations.filter((o) => !o.isPublic && !o.isAdminOnly && o.pathParams.some((p) => OWNED_PARAM.test(p)));
    const missingFactories = [...new Set(owned.map((o) => o.path.split('/')[3]).filter((segment) => !FACTORIES[segment]))];
    expect(missingFactories, 'add a resource factory for these route families').toEqual([]);
    const missingBodies = owned.filter((o) => o.hasBody && !SAMPLE_BODIES[o.key]).map((o) => o.key);
    expect(missingBodies, 'add a valid sample body for these operations').toEqual([]);

    const failures: string[] = [];
    // Reads first, destructive operations last, so every operation meets an existing resource.
    const order = (op: RouteOperation) => (op.method === 'GET' ? 0 : op.method === 'DELETE' ? 2 : 1);
    const idsByFamily = new Map<string, Ids>();
    for (const op of [...owned].sort((a, b) => order(a) - order(b))) {
      const family = op.path.split('/')[3];
      let ids = idsByFamily.get(family);
      if (!ids) {
        ids = await FACTORIES[family](t, owner);
        idsByFamily.set(family, ids);
      }
      const response = await t.inject({ method: op.method, url: pathFor(op, ids), headers: intruder.auth, payload: SAMPLE_BODIES[op.key] });
      const body = response.body;
      if (response.statusCode !== 404) failures.push(`${op.key} → ${response.statusCode} ${body.slice(0, 120)}`);
      else {
        expect(Object.keys(response.json()).every((key) => ['statusCode', 'error', 'message', 'details'].includes(key))).toBe(true);
        expect(body).not.toContain(owner.user.email);
      }
    }
    expect(failures).toEqual([]);
    // The intruder's attempts changed nothing: the owner still reads every resource.
    for (const [family, ids] of idsByFamily) {
      if (family === 'notifications' || family === 'api-keys') continue;
      const read = await t.inject({ method: 'GET', url: `/api/v1/${family}/${ids.id}`, headers: owner.auth });
      expect(read.statusCode, `${family}/${ids.id} after intruder attempts`).toBe(200);
    }
    console.log(`authorization matrix: ${owned.length} owned-resource operations checked against another user`);
  });

  it('session-only routes answer 403 to a read-write API key (issue 14), and the set is what it should be', async () => {
    const writeKey = String((await created(t, intruder, '/api/v1/api-keys', { name: 'rw', scope: 'write' })).key);
    const sessionOnly = operations.filter((o) => o.isSessionOnly);
    expect(sessionOnly.map((o) => o.key).sort()).toEqual(
      [
        'DELETE /api/v1/api-keys/{id}',
        'DELETE /api/v1/auth/me',
        'GET /api/v1/api-keys',
        'POST /api/v1/api-keys',
        'POST /api/v1/auth/logout-everywhere',
        'POST /api/v1/auth/password',
        // Issue 22: changing the sign-in address, asking for a confirmation link, linking a Telegram chat.
        'POST /api/v1/auth/email',
        'POST /api/v1/auth/email/verification',
        'POST /api/v1/notifications/telegram/link',
        // Issue 20: exchange accounts hold exchange API secrets, so only a signed-in session manages them.
        'GET /api/v1/exchange-accounts/exchanges',
        'GET /api/v1/exchange-accounts',
        'POST /api/v1/exchange-accounts',
        'GET /api/v1/exchange-accounts/{id}',
        'DELETE /api/v1/exchange-accounts/{id}',
        'PATCH /api/v1/exchange-accounts/{id}/key',
        'POST /api/v1/exchange-accounts/{id}/sync',
        'GET /api/v1/exchange-accounts/{id}/syncs',
        'GET /api/v1/exchange-accounts/{id}/conflicts',
        'POST /api/v1/exchange-accounts/{id}/conflicts/{conflictId}',
      ].sort(),
    );
    const failures: string[] = [];
    for (const op of sessionOnly) {
      const response = await t.inject({ method: op.method, url: pathFor(op), headers: { 'x-api-key': writeKey }, payload: op.hasBody ? {} : undefined });
      if (response.statusCode !== 403) failures.push(`${op.key} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('no route shows a webhook secret to a read-only key (issue 14)', async () => {
    const rule = await created(t, intruder, '/api/v1/alerts', {
      type: 'price_above',
      symbol: 'BTC/USDT',
      threshold: '1',
      webhookUrl: 'https://hooks.example.com/x',
    });
    const secret = String(rule.webhookSecret);
    expect(secret).toMatch(/^whsec_/);
    const leaks: string[] = [];
    for (const op of operations.filter((o) => o.method === 'GET' && !o.isPublic)) {
      const response = await t.inject({ method: 'GET', url: pathFor(op, { id: String(rule.id) }), headers: { 'x-api-key': readOnlyKey } });
      if (response.body.includes(secret)) leaks.push(op.key);
    }
    expect(leaks).toEqual([]);
  });

  it('admin-only routes answer 403 to a normal user', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.isAdminOnly)) {
      const response = await t.inject({ method: op.method, url: pathFor(op), headers: intruder.auth, payload: op.hasBody ? {} : undefined });
      if (response.statusCode !== 403) failures.push(`${op.key} → ${response.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('the socket handshake refuses missing, expired and forged tokens and accepts a valid one', async () => {
    const attempt = (auth: Record<string, string>) =>
      new Promise<'connected' | 'refused'>((resolve) => {
        const socket = io(t.url as string, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, timeout: 5_000 });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: owner.user.id, email: owner.user.email, iat: now, exp: now + 600 })}.`;
    expect(await attempt({})).toBe('refused');
    expect(await attempt({ token: algNone })).toBe('refused');
    expect(await attempt({ token: 'cc_not-a-real-key' })).toBe('refused');
    expect(await attempt({ token: owner.accessToken })).toBe('connected');
    expect(await attempt({ token: readOnlyKey })).toBe('connected');
  });
});
