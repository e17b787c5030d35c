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

/** Connects clients through nginx until every replica holds at least `perReplica` of them. */
async function connectAcrossReplicas(token: string, perReplica: number, transport: 'websocket' | 'polling'): Promise<RecordingClient[]> {
  const before = await socketConnectionsPerReplica();
  const mine: RecordingClient[] = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    const client = await connectClient(cluster.url, token, [BTC], transport);
    mine.push(client);
    clients.push(client);
    const now = await socketConnectionsPerReplica();
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
    const windows = byClient.map((ticks) => [...new Set(ticks.filter((t) => Date.parse(t.timestamp) >= from && Date.parse(t.timestamp) <= to).map(tickKey))].sort());
    expect(windows[0].length).toBeGreaterThanOrEqual(3);
    for (const window of windows) expect(window).toEqual(windows[0]);

    // Delivered counts show up on both replicas.
    for (let i = 0; i < cluster.apis.length; i++) {
      expect(metricValue(await cluster.apiMetrics(i), 'coincast_socket_events_delivered_total', { event: 'ticker', role: 'api' }) ?? 0).toBeGreaterThan(0);
    }
    expect(metricValue(await cluster.workerMetrics(0), 'coincast_ticks_published_total', { symbol: BTC, role: 'worker' }) ?? 0).toBeGreaterThan(0);
    for (const client of group) client.close();
  });
});
