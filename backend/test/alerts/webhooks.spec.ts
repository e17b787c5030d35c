import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/alerts/webhooks/webhook-signature';
import { networkInterfaces } from 'node:os';
import { PinnedWebhookTransport } from '../../src/alerts/webhooks/webhook-transport';
import { resolvedAddressProblem, WebhookRefused, webhookUrlProblem } from '../../src/alerts/webhooks/webhook-url';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { appEngine, publishTick, seedTickers, settle, T0, waitFor, quietMarketsEnv } from './alerts-support';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback webhook receiver answering with the given status codes in turn (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/coincast`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('webhook signature', () => {
  it('verifies a genuine request and rejects tampering, another secret, and stale timestamps', () => {
    const body = JSON.stringify({ id: 'e1', price: '100' });
    const ts = '1893456000';
    const signature = signWebhook('whsec_a', ts, body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    const now = 1893456000_000;
    expect(verifyWebhook('whsec_a', ts, signature, body, now)).toBe(true);
    expect(verifyWebhook('whsec_a', ts, signature, body.replace('100', '101'), now)).toBe(false);
    expect(verifyWebhook('whsec_b', ts, signature, body, now)).toBe(false);
    expect(verifyWebhook('whsec_a', ts, signature, body, now + 301_000)).toBe(false);
    expect(verifyWebhook('whsec_a', undefined, signature, body, now)).toBe(false);
  });

  it('refuses private and odd webhook URLs unless private targets are allowed', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x', false)).toBeNull();
    for (const url of ['http://127.0.0.1/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://localhost:80/x', 'http://169.254.169.254/latest']) {
      expect(webhookUrlProblem(url, false), url).not.toBeNull();
    }
    expect(webhookUrlProblem('ftp://example.com/x', true)).toContain('http or https');
    expect(webhookUrlProblem('https://user:pw@example.com/x', true)).toContain('credentials');
    expect(webhookUrlProblem('http://127.0.0.1:9/x', true)).toBeNull();
  });
});

describe('webhook egress policy (issue 14)', () => {
  it('accepts only global unicast destinations: reserved, benchmarking, documentation, multicast, NAT64/6to4/Teredo and mapped forms are refused', () => {
    const refused = [
      'http://198.18.0.1/x', // benchmarking 198.18/15
      'http://198.19.255.1/x',
      'http://192.0.2.10/x', // documentation
      'http://203.0.113.5/x',
      'http://192.0.0.8/x', // IETF protocol assignments
      'http://224.0.0.1/x', // multicast
      'http://239.255.255.250/x',
      'http://255.255.255.255/x', // broadcast
      'http://240.0.0.1/x', // reserved
      'http://100.64.0.1/x', // carrier-grade NAT
      'http://0.0.0.0/x',
      'http://[64:ff9b::7f00:1]/x', // NAT64 form of 127.0.0.1
      'http://[2002:7f00:1::1]/x', // 6to4 form of 127.0.0.1
      'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x', // Teredo
      'http://[::ffff:127.0.0.1]/x', // IPv4-mapped
      'http://[::ffff:7f00:1]/x',
      'http://[2001:db8::1]/x', // documentation
      'http://[ff02::1]/x', // multicast
      'http://[fd00::1]/x', // unique local
      'http://[fe80::1]/x', // link-local
    ];
    const accepted = refused.filter((url) => webhookUrlProblem(url, false) === null);
    expect(accepted).toEqual([]);
    expect(webhookUrlProblem('https://93.184.216.34/x', false)).toBeNull();
    expect(webhookUrlProblem('https://[2606:4700:4700::1111]/x', false)).toBeNull();
  });

  it("refuses the host's own interface addresses, whatever their range", () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .map((entry) => entry?.address.split('%')[0])
      .filter((address): address is string => !!address);
    expect(own.length).toBeGreaterThan(0);
    for (const address of own) {
      const host = address.includes(':') ? `[${address}]` : address;
      expect(webhookUrlProblem(`http://${host}/x`, false), address).not.toBeNull();
    }
  });

  it('connects to the address its own lookup checked: a resolver that answers public to a pre-check and loopback afterwards (DNS rebinding) never reaches the loopback receiver', async () => {
    const hook = await receiver([200]);
    try {
      const port = new URL(hook.url).port;
      let calls = 0;
      const rebinding = async () => [{ address: ++calls === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
      // A check made apart from the connection passes …
      expect(await resolvedAddressProblem(`http://localhost:${port}/hooks/coincast`, false, rebinding)).toBeNull();
      // … but the connection resolves through the validating lookup, which sees loopback and refuses.
      const transport = new PinnedWebhookTransport(false, rebinding);
      const attempt = transport.post(`http://localhost:${port}/hooks/coincast`, { 'content-type': 'application/json' }, '{}', 2_000);
      await expect(attempt).rejects.toSatisfy(
        (error: unknown) => error instanceof WebhookRefused || (error as { cause?: unknown }).cause instanceof WebhookRefused,
      );
      expect(hook.received).toHaveLength(0);
      await transport.close();
    } finally {
      await hook.close();
    }
  });

  it('refuses a host with any non-public address among its answers, and IP literals without any lookup', async () => {
    const mixed = async () => [
      { address: '8.8.8.8', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    const transport = new PinnedWebhookTransport(false, mixed);
    await expect(transport.post('http://mixed.example/x', {}, '{}', 1_000)).rejects.toBeTruthy();
    await expect(transport.post('http://127.0.0.1:9/x', {}, '{}', 1_000)).rejects.toBeInstanceOf(WebhookRefused);
    await transport.close();
  });

  it('does not follow redirects', async () => {
    const target = await receiver([200]);
    const redirecting: Server = createServer((_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', target.url);
      res.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    const transport = new PinnedWebhookTransport(true);
    try {
      const { port } = redirecting.address() as AddressInfo;
      expect((await transport.post(`http://127.0.0.1:${port}/x`, {}, '{}', 2_000)).status).toBe(302);
      expect(target.received).toHaveLength(0);
    } finally {
      await transport.close();
      await target.close();
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });
});

describe('webhook host resolution (delivery time)', () => {
  const resolver = (answers: Record<string, string[]>) => async (host: string) => {
    if (!answers[host]) throw new Error('ENOTFOUND');
    return answers[host]!.map((address) => ({ address }));
  };
  it('refuses a public-looking name that resolves to a private address', async () => {
    const resolve = resolver({ 'hooks.example.com': ['93.184.216.34'], 'sneaky.example.com': ['8.8.8.8', '10.0.0.5'] });
    expect(await resolvedAddressProblem('https://hooks.example.com/x', false, resolve)).toBeNull();
    expect(await resolvedAddressProblem('https://sneaky.example.com/x', false, resolve)).toContain('resolves to 10.0.0.5: not a public address (private)');
    expect(await resolvedAddressProblem('https://nowhere.example.com/x', false, resolve)).toContain('does not resolve');
    expect(await resolvedAddressProblem('https://sneaky.example.com/x', true, resolve)).toBeNull();
  });
});

describe('webhook delivery', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  let user: RegisteredUser;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        ...markets.env,
        ALERTS_WEBHOOK_ALLOW_PRIVATE: 'true',
        ALERTS_WEBHOOK_BACKOFF_MS: '50',
        ALERTS_WEBHOOK_MAX_ATTEMPTS: '4',
        ALERTS_WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    markets.remove();
  });

  async function fireRuleWithWebhook(url: string): Promise<{ id: string; webhookSecret: string }> {
    const symbol = `W${++seq}X/USDT`;
    await seedTickers(t, [symbol]);
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: user.auth,
      payload: { type: 'price_above', symbol, threshold: '10', webhookUrl: url, note: 'hook' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule.webhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
    await settle(t, appEngine(t));
    await publishTick(t, symbol, 11, T0);
    await settle(t, appEngine(t));
    return rule;
  }
  const deliveries = async (ruleId: string) =>
    (await t.inject({ method: 'GET', url: `/api/v1/alerts/${ruleId}/deliveries`, headers: user.auth })).json() as {
      attempt: number;
      succeeded: boolean;
      responseStatus: number | null;
      error: string | null;
      eventId: string;
    }[];

  it('POSTs a signed JSON event that the receiver verifies; a failing receiver is retried until it accepts', async () => {
    const hook = await receiver([500, 503, 200]);
    try {
      const rule = await fireRuleWithWebhook(hook.url);
      const attempts = await waitFor(
        () => deliveries(rule.id),
        (d) => d.some((a) => a.succeeded),
      );
      expect(attempts.map((a) => [a.attempt, a.succeeded, a.responseStatus])).toEqual([
        [3, true, 200],
        [2, false, 503],
        [1, false, 500],
      ]);
      expect(attempts[2]!.error).toBe('receiver answered HTTP 500');
      expect(hook.received).toHaveLength(3);
      const [event] = (await t.inject({ method: 'GET', url: `/api/v1/alerts/${rule.id}/events`, headers: user.auth })).json();
      for (const request of hook.received) {
        const ts = request.headers['x-coincast-timestamp'] as string;
        const sig = request.headers['x-coincast-signature'] as string;
        expect(verifyWebhook(rule.webhookSecret, ts, sig, request.body, Date.now())).toBe(true);
        expect(request.headers['x-coincast-event-id']).toBe(event.id);
        expect(request.headers['content-type']).toBe('application/json');
      }
      const payload = JSON.parse(hook.received[2]!.body);
      expect(payload).toMatchObject({
        id: event.id,
        type: 'alert.triggered',
        alert: { id: rule.id, type: 'price_above', threshold: '10', note: 'hook' },
        event: { id: event.id, sequence: 1, price: '11', triggeredAt: new Date(T0).toISOString() },
      });
      const [row] = (await t.dataSource.query('SELECT webhook_status AS s FROM alert_events WHERE id = $1', [event.id])) as { s: string }[];
      expect(row!.s).toBe('delivered');
    } finally {
      await hook.close();
    }
  });

  it('shows the webhook secret once, never to a later read or a read-only key, and rotates it (issue 14)', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: user.auth,
      payload: { type: 'price_above', symbol: 'BTC/USDT', threshold: '10', webhookUrl: 'http://127.0.0.1:9/x' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, webhookSecret } = created.json();
    expect(webhookSecret).toMatch(/^whsec_/);
    const readKey = (await t.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { name: 'ro', scope: 'read' } })).json().key;
    for (const headers of [user.auth, { 'x-api-key': readKey }]) {
      const one = await t.inject({ method: 'GET', url: `/api/v1/alerts/${id}`, headers });
      const list = await t.inject({ method: 'GET', url: '/api/v1/alerts', headers });
      const exported = await t.inject({ method: 'GET', url: '/api/v1/auth/me/export', headers });
      expect(one.json()).toMatchObject({ webhookSecret: null, hasWebhookSecret: true });
      for (const body of [one.body, list.body, exported.body]) expect(body).not.toContain(webhookSecret);
    }
    expect((await t.inject({ method: 'POST', url: `/api/v1/alerts/${id}/webhook-secret`, headers: { 'x-api-key': readKey } })).statusCode).toBe(403);
    const rotated = await t.inject({ method: 'POST', url: `/api/v1/alerts/${id}/webhook-secret`, headers: user.auth });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().webhookSecret).toMatch(/^whsec_/);
    expect(rotated.json().webhookSecret).not.toBe(webhookSecret);
    const [row] = await t.dataSource.query('SELECT webhook_secret AS s FROM alert_rules WHERE id = $1', [id]);
    expect(row.s).toBe(rotated.json().webhookSecret);
  });

  it('gives up after the configured attempts and marks the event failed; unreachable receivers are recorded', async () => {
    const hook = await receiver([500]);
    await hook.close(); // nothing listens there any more
    const rule = await fireRuleWithWebhook(hook.url);
    const attempts = await waitFor(
      () => deliveries(rule.id),
      (d) => d.length >= 4,
    );
    await new Promise((resolve) => setTimeout(resolve, 400)); // no fifth attempt comes
    const final = await deliveries(rule.id);
    expect(final).toHaveLength(4);
    expect(final.every((a) => !a.succeeded && a.responseStatus === null && (a.error ?? '').length > 0)).toBe(true);
    // Users see a coarse reason, not the internal address or the socket error (issue 14).
    expect(final.map((a) => a.error)).toEqual(Array(4).fill('could not connect to the receiver'));
    expect(JSON.stringify(final.map((a) => a.error))).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    const [row] = (await t.dataSource.query('SELECT webhook_status AS s FROM alert_events WHERE id = $1', [attempts[0]!.eventId])) as { s: string }[];
    expect(row!.s).toBe('failed');
  });
});
