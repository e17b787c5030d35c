import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsService } from '../../src/metrics/metrics.service';
import { StreamPublisher } from '../../src/stream/stream-publisher';
import { createTestApp, registerUser, TestApp } from '../support/test-app';

function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{')) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const pairs = Object.fromEntries(body.split(/,(?=\w+=")/).map((p) => [p.slice(0, p.indexOf('=')), JSON.parse(p.slice(p.indexOf('=') + 1))]));
    if (Object.entries(labels).every(([k, v]) => pairs[k] === v) && Object.keys(pairs).length === Object.keys(labels).length) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('GET /api/v1/metrics', () => {
  let t: TestApp;
  const scrape = async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(response.statusCode).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ listen: true, env: { ROLE: 'api', METRICS_PUBLIC: 'true' } });
  });
  afterAll(async () => t?.close());

  it('is not served on the API port unless METRICS_PUBLIC=true (issue 14)', async () => {
    const closed = await createTestApp({ env: { ROLE: 'api' } });
    try {
      const response = await closed.inject({ method: 'GET', url: '/api/v1/metrics' });
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toMatch(/METRICS_PUBLIC=true/);
    } finally {
      await closed.close();
    }
  });

  it('is public and in the Prometheus text format', async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('# TYPE coincast_http_request_duration_seconds histogram');
  });

  it('observes HTTP latency by route pattern and status class, never by raw URL', async () => {
    const before =
      value(await scrape(), 'coincast_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/health', status: '2xx', role: 'api' }) ?? 0;
    for (let i = 0; i < 3; i++) expect((await t.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    await t.inject({ method: 'GET', url: '/api/v1/no-such-route-abc123' });
    const { auth } = await registerUser(t);
    await t.inject({ method: 'GET', url: '/api/v1/alerts/00000000-0000-4000-8000-000000000000', headers: auth });
    const text = await scrape();
    expect(value(text, 'coincast_http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/health', status: '2xx', role: 'api' })).toBe(
      before + 3,
    );
    expect(
      value(text, 'coincast_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '4xx', role: 'api' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(text, 'coincast_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/auth/register', status: '2xx', role: 'api' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-route-abc123');
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it('counts socket connections and the events written to them', async () => {
    const { accessToken, user } = await registerUser(t);
    const connections = async () => value(await scrape(), 'coincast_socket_connections', { role: 'api' });
    const baseline = (await connections()) ?? 0;
    const sockets: Socket[] = [];
    for (let i = 0; i < 2; i++) {
      const socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth: { token: accessToken }, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    expect(await connections()).toBe(baseline + 2);

    const metrics = t.app.get(MetricsService);
    const delivered = async () => value((await metrics.render()).body, 'coincast_socket_events_delivered_total', { event: 'notification', role: 'api' }) ?? 0;
    const before = await delivered();
    const received = Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.once('notification', () => resolve()))));
    t.app.get(StreamPublisher).toUser(user.id, 'notification', { id: 'n1', title: 'test' });
    await received;
    expect(await delivered()).toBe(before + 2);

    sockets[0].disconnect();
    const end = Date.now() + 2_000;
    while ((await connections()) !== baseline + 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(await connections()).toBe(baseline + 1);
    sockets[1].disconnect();
  });
});
