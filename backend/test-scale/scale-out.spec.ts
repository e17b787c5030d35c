import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tick } from '../src/markets/tick';
import { api, connectClient, metricValue, RecordingClient, registerThrough } from './support/clients';
import { SCALE_SYMBOLS, ScaleCluster } from './support/cluster';
import { waitFor } from './support/processes';

/**
 * Production shape on loopback: nginx (from nginx/nginx.conf) → 2 api replicas + worker(s), PostgreSQL, Redis,
 * replay market data. Needs nginx and redis-server on PATH, PostgreSQL on 127.0.0.1:5432 and a built backend.
 */
let cluster: ScaleCluster;
const clients: RecordingClient[] = [];
const BTC = SCALE_SYMBOLS[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  cluster = await ScaleCluster.start({ apiReplicas: 2, workers: 1 });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await cluster?.stop();
});

function tickKey(tick: Tick): string {
  return `${tick.symbol}@${tick.timestamp}`;
}

async function socketConnectionsPerReplica(): Promise<number[]> {
  return Promise.all(cluster.apis.map(async (_, i) => metricValue(await cluster.apiMetrics(i), 'coincast_socket_connections', { role: 'api' }) ?? 0));
}

/**
 * Connects clients through nginx until every replica holds at least `perReplica` of them. A client that lands on a
 * replica that already has enough is closed again: right after a replica restarts, nginx skips it until its
 * fail_timeout (10 s) expires, and keeping every extra client open would run into MAX_SOCKETS_PER_USER.
 */
async function connectAcrossReplicas(token: string, perReplica: number, transport: 'websocket' | 'polling'): Promise<RecordingClient[]> {
  const before = await socketConnectionsPerReplica();
  const mine: RecordingClient[] = [];
  const deadline = Date.now() + 30_000;
  let last = before;
  while (Date.now() < deadline) {
    const client = await connectClient(cluster.url, token, [BTC], transport);
    const now = await socketConnectionsPerReplica();
    const landedOn = now.findIndex((count, i) => count > last[i]);
    if (landedOn >= 0 && last[landedOn] - before[landedOn] >= perReplica) {
      client.close();
      await waitFor('the extra client to be closed', async () => (await socketConnectionsPerReplica())[landedOn] <= last[landedOn], 5_000, 100);
      await sleep(500);
      continue;
    }
    mine.push(client);
    clients.push(client);
    last = now;
    if (now.every((count, i) => count - before[i] >= perReplica)) return mine;
  }
  throw new Error(`clients never spread over both replicas: ${JSON.stringify(await socketConnectionsPerReplica())}`);
}

describe('nginx in front of the app', () => {
  it('serves the dashboard: index.html revalidated, hashed assets cached for a year, SPA fallback, security headers', async () => {
    const index = await fetch(`${cluster.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await index.text();

    // The CSP must let the page's own inline scripts run: each one's hash is listed.
    for (const [, script] of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      const hash = createHash('sha256').update(script).digest('base64');
      expect(csp, 'nginx.conf CSP lacks the hash of an inline script of index.html').toContain(`'sha256-${hash}'`);
    }

    const deepLink = await fetch(`${cluster.url}/coins/BTC-USDT`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toBe(html);

    const asset = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${cluster.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect((await fetch(`${cluster.url}/assets/missing-file.js`)).status).toBe(404);
  });

  it('proxies the API, refuses the metrics endpoint to outside clients, and limits bodies', async () => {
    const health = await api<{ status: string }>(cluster.url, 'GET', '/api/v1/health/ready');
    expect(health.status).toBe(200);
    for (const path of ['/api/v1/metrics', '/api/v1/Metrics', '/api/v1//metrics', '/api/v1/metrics?x=1']) {
      expect((await fetch(cluster.url + path)).status, path).toBe(403);
    }
    // …while Prometheus, on the inside, scrapes each replica directly.
    expect(await cluster.apiMetrics(0)).toContain('coincast_http_request_duration_seconds');
    const tooBig = await fetch(`${cluster.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
  });
});

describe('client addresses behind nginx (issue 14)', () => {
  it('a spoofed X-Forwarded-For does not bypass per-address limits: nginx replaces the header, the app counts the real client', async () => {
    const statuses: Array<{ status: number; message?: string; ms?: number }> = [];
    for (let i = 0; i < 12; i++) {
      const started = Date.now();
      const response = await fetch(`${cluster.url}/api/v1/auth/login`, {
        method: 'POST',
        // A new forged client address on every attempt (and a forged chain): each would be a fresh rate-limit bucket if believed.
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}, 198.51.100.${i}`, 'x-real-ip': `203.0.113.${i}` },
        body: JSON.stringify({ email: 'xff-spoof@example.com', password: 'wrong guess 1' }),
      });
      const text = await response.text();
      let message: string | undefined;
      try {
        message = (JSON.parse(text) as { message?: string }).message;
      } catch {
        message = undefined; // nginx's own limit page
      }
      statuses.push({ status: response.status, message, ms: Date.now() - started });
    }
    const seen = JSON.stringify(statuses);
    // LOGIN_RATE_LIMIT (10) attempts per (account, address) — counted for 127.0.0.1, whatever the header said.
    expect(
      statuses.slice(0, 10).map((s) => s.status),
      seen,
    ).toEqual(Array(10).fill(401));
    expect(statuses[10], seen).toMatchObject({ status: 429, message: expect.stringMatching(/for this account from this address/) });
  }, 60_000);
});

describe('sticky routing for socket.io long-polling', () => {
  it('hands a route cookie to a new client and keeps it for a client that has one', async () => {
    const first = await fetch(`${cluster.url}/socket.io/?EIO=4&transport=polling`);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^coincast_route=[0-9a-f]{32}; Path=\/socket\.io\/; HttpOnly; SameSite=Strict$/);
    await first.text();
    const again = await fetch(`${cluster.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie: cookie.split(';')[0] } });
    expect(again.headers.get('set-cookie')).toBeNull();
    await again.text();
  });
});

describe('socket fan-out across replicas', () => {
  it('clients on both replicas (websocket and long-polling with the sticky cookie) receive the same ticks', async () => {
    const { token } = await registerThrough(cluster.url);
    const ws = await connectAcrossReplicas(token, 2, 'websocket');
    const polling = await connectAcrossReplicas(token, 1, 'polling');
    const group = [...ws, ...polling];

    await waitFor('every client to receive 8 BTC ticks', async () => group.every((c) => c.ticks.filter((t) => t.symbol === BTC).length >= 8), 30_000);
    // Compare over the window every client was listening: [latest first tick, earliest last tick].
    const byClient = group.map((c) => c.ticks.filter((t) => t.symbol === BTC));
    const from = Math.max(...byClient.map((ticks) => Date.parse(ticks[0].timestamp)));
    const to = Math.min(...byClient.map((ticks) => Date.parse(ticks[ticks.length - 1].timestamp)));
    const windows = byClient.map((ticks) =>
      [...new Set(ticks.filter((t) => Date.parse(t.timestamp) >= from && Date.parse(t.timestamp) <= to).map(tickKey))].sort(),
    );
    expect(windows[0].length).toBeGreaterThanOrEqual(3);
    for (const window of windows) expect(window).toEqual(windows[0]);

    // Delivered counts show up on both replicas.
    for (let i = 0; i < cluster.apis.length; i++) {
      expect(metricValue(await cluster.apiMetrics(i), 'coincast_socket_events_delivered_total', { event: 'ticker', role: 'api' }) ?? 0).toBeGreaterThan(0);
    }
    expect(metricValue(await cluster.workerMetrics(0), 'coincast_ticks_published_total', { symbol: BTC, role: 'worker' }) ?? 0).toBeGreaterThan(0);
    for (const client of group) client.close();
  });

  it('a watchlist socket on one replica follows stars made through the other', async () => {
    const { token } = await registerThrough(cluster.url);
    const direct = (i: number) => `http://127.0.0.1:${cluster.apis[i].port}`;
    const ETH = SCALE_SYMBOLS[1];
    const client = await connectClient(direct(0), token, []);
    clients.push(client);
    const ack = await client.socket.emitWithAck('subscribe', { watchlist: true });
    expect(ack).toEqual({ ok: true, symbols: [], watchlist: true });

    // Starred on replica 1: replica 0's socket joins the market's room (socketsJoin through Redis) and gets its ticks.
    expect((await api(direct(1), 'PUT', `/api/v1/watchlist/${ETH.replace('/', '-')}`, { token })).status).toBe(200);
    await waitFor('ETH ticks on the watchlist socket', async () => client.ticks.some((t) => t.symbol === ETH), 20_000, 100);
    expect(client.ticks.some((t) => t.symbol === BTC)).toBe(false);

    // Unstarred on replica 1: the ticks stop.
    expect((await api(direct(1), 'DELETE', `/api/v1/watchlist/${ETH.replace('/', '-')}`, { token })).status).toBe(204);
    await sleep(1_500);
    const seen = client.ticks.filter((t) => t.symbol === ETH).length;
    await sleep(3_000);
    expect(client.ticks.filter((t) => t.symbol === ETH).length).toBe(seen);
    client.close();
  });
});

interface AlertDto {
  id: string;
  status: string;
}
interface NotificationList {
  items: Array<{ id: string; alertId: string | null }>;
}

async function createFiringAlert(token: string): Promise<string> {
  // BTC is always above 1 USDT: a level rule armed while true fires on the next tick.
  const created = await api<AlertDto>(cluster.url, 'POST', '/api/v1/alerts', { token, body: { type: 'price_above', symbol: BTC, threshold: '1' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function eventsOf(token: string, alertId: string): Promise<unknown[]> {
  const events = await api<unknown[]>(cluster.url, 'GET', `/api/v1/alerts/${alertId}/events`, { token });
  expect(events.status).toBe(200);
  return events.body;
}

async function inboxFor(token: string, alertId: string): Promise<NotificationList['items']> {
  const inbox = await api<NotificationList>(cluster.url, 'GET', '/api/v1/notifications', { token });
  expect(inbox.status).toBe(200);
  return inbox.body.items.filter((n) => n.alertId === alertId);
}

describe('failures and duplicates', () => {
  it('an alert matched by two workers produces exactly one event, one notification and one push per socket', async () => {
    await cluster.startWorker();
    const { token } = await registerThrough(cluster.url);
    const sockets = await connectAcrossReplicas(token, 1, 'websocket');
    const evaluations = async () =>
      Promise.all([0, 1].map(async (i) => metricValue(await cluster.workerMetrics(i), 'coincast_alert_evaluation_seconds_count', { role: 'worker' }) ?? 0));
    const before = await evaluations();

    const alertId = await createFiringAlert(token);
    await waitFor('the alert event', async () => (await eventsOf(token, alertId)).length > 0, 20_000);
    await sleep(2_000); // several more ticks from both workers
    expect(await eventsOf(token, alertId)).toHaveLength(1);
    expect(await inboxFor(token, alertId)).toHaveLength(1);
    for (const socket of sockets) expect(socket.notifications.filter((n) => (n as { alertId?: string }).alertId === alertId)).toHaveLength(1);
    // Both engines really were evaluating ticks during the test.
    const after = await evaluations();
    expect(after[0]).toBeGreaterThan(before[0]);
    expect(after[1]).toBeGreaterThan(before[1]);
    for (const socket of sockets) socket.close();
    await cluster.workers[1].stop();
  });

  it('killing an api replica: its clients reconnect through nginx and resume, and no alert event is lost', async () => {
    const { token } = await registerThrough(cluster.url);
    const group = await connectAcrossReplicas(token, 2, 'websocket');
    const victim = cluster.apis[0];
    await victim.process.kill('SIGKILL');
    const killedAt = Date.now();
    // Fired while some of the user's sockets are down: the inbox must still have it.
    const alertId = await createFiringAlert(token);

    await waitFor(
      'every client to be connected and receiving ticks again',
      async () => group.every((c) => c.socket.connected && c.ticks.some((t) => Date.parse(t.timestamp) > killedAt + 1_000)),
      30_000,
    );
    expect(
      group.some((c) => c.connects >= 2),
      'no client was on the killed replica',
    ).toBe(true);
    await waitFor('the alert event', async () => (await eventsOf(token, alertId)).length > 0, 20_000);
    expect(await eventsOf(token, alertId)).toHaveLength(1);
    expect(await inboxFor(token, alertId)).toHaveLength(1);
    // The surviving replica's own clients were pushed the notification live.
    expect(group.some((c) => c.connects === 1 && c.notifications.length === 1)).toBe(true);
    for (const client of group) client.close();

    await cluster.startApi(victim.port);
  });

  it('Redis restart: the processes reconnect by themselves; ticks, REST and alerts work again', async () => {
    const { token } = await registerThrough(cluster.url);
    const group = await connectAcrossReplicas(token, 1, 'websocket');
    await cluster.redis.kill();
    const downAt = Date.now();
    // While Redis is down, requests end (some may even succeed), they do not hang.
    const during = Date.now();
    const ready = await api(cluster.url, 'GET', '/api/v1/health/ready');
    expect(Date.now() - during).toBeLessThan(10_000);
    expect([200, 502, 503]).toContain(ready.status);
    await sleep(3_000);
    await cluster.startRedis();
    const upAt = Date.now();

    await waitFor('ticks to flow to every client again', async () => group.every((c) => c.ticks.some((t) => Date.parse(t.timestamp) > upAt)), 30_000);
    expect((await api(cluster.url, 'GET', '/api/v1/health/ready')).status).toBe(200);
    const alertId = await createFiringAlert(token);
    await waitFor('the alert event after the restart', async () => (await eventsOf(token, alertId)).length > 0, 20_000);
    expect(await eventsOf(token, alertId)).toHaveLength(1);
    expect(upAt - downAt).toBeGreaterThanOrEqual(3_000);
    for (const client of group) client.close();
  });

  it('PostgreSQL unreachable for 10 s: database requests fail fast with 503, then recover', async () => {
    const { token } = await registerThrough(cluster.url);
    expect((await api(cluster.url, 'GET', '/api/v1/alerts', { token })).status).toBe(200);
    await cluster.pgProxy.down();
    const outageEnds = Date.now() + 10_000;
    const answers: Array<{ status: number; ms: number }> = [];
    while (Date.now() < outageEnds) {
      const started = Date.now();
      const response = await api(cluster.url, 'GET', '/api/v1/alerts', { token });
      answers.push({ status: response.status, ms: Date.now() - started });
      await sleep(500);
    }
    const ready = await api<{ message: string }>(cluster.url, 'GET', '/api/v1/health/ready');
    await cluster.pgProxy.up();

    expect(answers.length).toBeGreaterThanOrEqual(2);
    const alive = cluster.apis.map((replica) => replica.process.running);
    expect(alive, `api replicas died with the database:\n${cluster.logs()}`).toEqual([true, true]);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answers)).toBe(503);
      expect(answer.ms, JSON.stringify(answers)).toBeLessThan(7_000);
    }
    expect(ready.status).toBe(503);
    await waitFor('requests to succeed again', async () => (await api(cluster.url, 'GET', '/api/v1/alerts', { token })).status === 200, 20_000, 250);
  });

  it('killing the worker mid-ingestion: after a restart the candles have no duplicates and no holes', async () => {
    // The kill must land while rows are being written. On a fast machine a shallow backfill can finish between the
    // poll that saw it under way and the kill, so deepen the backfill and try again until the kill lands mid-way.
    let backfillDays = 0;
    let expected1h = 0;
    let partial = 0;
    for (const days of [45, 180, 540]) {
      backfillDays = days;
      expected1h = days * 24;
      await cluster.workers[0].stop();
      await cluster.sql('DELETE FROM candles');
      const doomed = await cluster.startWorker({ BACKFILL_DAYS_1H: String(days) }, 0, false);
      partial = await waitFor(
        'ingestion to be under way',
        async () => {
          const [{ count }] = await cluster.sql<{ count: string }>(`SELECT count(*) FROM candles WHERE timeframe = '1h'`);
          return Number(count) > 0 && Number(count) < expected1h * SCALE_SYMBOLS.length ? Number(count) : undefined;
        },
        60_000,
        5,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n--- worker ---\n${doomed.tail(30)}`);
      });
      await doomed.kill('SIGKILL');
      const [{ count: afterKill }] = await cluster.sql<{ count: string }>(`SELECT count(*) FROM candles WHERE timeframe = '1h'`);
      if (Number(afterKill) < expected1h * SCALE_SYMBOLS.length) break;
      partial = 0;
    }
    expect(partial, 'the worker was never killed while it was still writing candles').toBeGreaterThan(0);

    await cluster.startWorker({ BACKFILL_DAYS_1H: String(backfillDays) }, 0);
    const series = async () =>
      cluster.sql<{ symbol: string; n: string; distinct_n: string; first: Date; last: Date }>(
        `SELECT symbol, count(*) AS n, count(DISTINCT open_time) AS distinct_n, min(open_time) AS first, max(open_time) AS last
           FROM candles WHERE timeframe = '1h' GROUP BY symbol ORDER BY symbol`,
      );
    await waitFor(
      'the backfill to complete',
      async () => {
        const rows = await series();
        return rows.length === SCALE_SYMBOLS.length && rows.every((row) => Number(row.n) >= expected1h - 1);
      },
      60_000,
      250,
    );
    for (const row of await series()) {
      const hours = (row.last.getTime() - row.first.getTime()) / 3_600_000 + 1;
      expect(Number(row.n), `${row.symbol}: duplicates`).toBe(Number(row.distinct_n));
      expect(Number(row.n), `${row.symbol}: holes between ${row.first.toISOString()} and ${row.last.toISOString()}`).toBe(hours);
    }
  });
});

describe('forecast slots across worker crashes', () => {
  it('killing the worker while it forecasts: after a restart every slot is complete, each forecast stored once', async () => {
    const count = async () => Number((await cluster.sql<{ n: string }>('SELECT count(*) AS n FROM forecasts'))[0].n);
    // A first forecasting run, as on a fresh deployment: no forecasts stored, no slot job remembered by the queue
    // (the cluster's Redis is private to this suite, so wiping it touches nobody else).
    await cluster.workers[0].stop();
    await cluster.sql('DELETE FROM forecasts');
    await cluster.flushRedis();
    // Kill the worker as soon as it has written part of the due slots (its start-up catch-up enqueues them).
    const doomed = await cluster.startWorker({}, 0, false);
    await waitFor('forecasts to be written', async () => (await count()) > 0, 60_000, 20);
    await doomed.kill('SIGKILL');
    const atKill = await count();
    await cluster.startWorker({}, 0);

    const incomplete = async () =>
      cluster.sql<{ horizon: string; origin_time: Date; symbols: string }>(
        `SELECT horizon, origin_time, count(DISTINCT symbol) AS symbols FROM forecasts
          GROUP BY horizon, origin_time HAVING count(DISTINCT symbol) < $1`,
        [SCALE_SYMBOLS.length],
      );
    await waitFor('forecasts for every tracked symbol in every slot', async () => (await count()) > 0 && (await incomplete()).length === 0, 90_000, 500);
    expect(await count()).toBeGreaterThanOrEqual(atKill);
    const duplicates = await cluster.sql(`SELECT symbol, horizon, origin_time, model_version, count(*) FROM forecasts GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`);
    expect(duplicates).toEqual([]);
  });
});

/**
 * A partition (packets dropped, no reset) hangs pooled connections: without a client-side query timeout a request
 * waits forever. The pg pool's `query_timeout` and the error filter's 503 mapping of "Query read timeout" end it.
 */
describe('network partition from PostgreSQL', () => {
  it('database connections that go silent (no reset) still end in 503 within the query timeout, then recover', async () => {
    const { token } = await registerThrough(cluster.url);
    expect((await api(cluster.url, 'GET', '/api/v1/alerts', { token })).status).toBe(200);
    await cluster.pgProxy.blackhole();
    const started = Date.now();
    const response = await api(cluster.url, 'GET', '/api/v1/alerts', { token }).catch((error: Error) => ({ status: 0, body: error.message }));
    const ms = Date.now() - started;
    await cluster.pgProxy.up();
    expect({ status: response.status, fast: ms < 15_000 }).toEqual({ status: 503, fast: true });
    await waitFor('requests to succeed again', async () => (await api(cluster.url, 'GET', '/api/v1/alerts', { token })).status === 200, 30_000, 250);
  });
});

// Last: it spends this address's auth allowance at nginx.
describe('nginx rate limit on auth routes', () => {
  it('answers 429 once a client exceeds the burst, before the API sees the requests', async () => {
    const statuses: number[] = [];
    const limitedBy: string[] = [];
    for (let i = 0; i < 45; i++) {
      const response = await fetch(`${cluster.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `nobody${i}@example.com`, password: 'wrong password 1' }),
      });
      statuses.push(response.status);
      if (response.status === 429) limitedBy.push(response.headers.get('content-type') ?? '');
      await response.text();
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThan(0);
    // nginx's own page, not the API's JSON error.
    expect(limitedBy.every((type) => type.startsWith('text/html'))).toBe(true);
    // Other routes are not limited by that zone.
    expect((await fetch(`${cluster.url}/api/v1/health`)).status).toBe(200);
  });
});
