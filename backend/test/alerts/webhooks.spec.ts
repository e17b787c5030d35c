import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../src/alerts/webhooks/webhook-signature';
import { resolvedAddressProblem, webhookUrlProblem } from '../../src/alerts/webhooks/webhook-url';
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

describe('webhook host resolution (delivery time)', () => {
  const resolver = (answers: Record<string, string[]>) => async (host: string) => {
    if (!answers[host]) throw new Error('ENOTFOUND');
    return answers[host]!.map((address) => ({ address }));
  };
  it('refuses a public-looking name that resolves to a private address', async () => {
    const resolve = resolver({ 'hooks.example.com': ['93.184.216.34'], 'sneaky.example.com': ['8.8.8.8', '10.0.0.5'] });
    expect(await resolvedAddressProblem('https://hooks.example.com/x', false, resolve)).toBeNull();
    expect(await resolvedAddressProblem('https://sneaky.example.com/x', false, resolve)).toContain('resolves to a private address (10.0.0.5)');
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
      env: { ...markets.env, ALERTS_WEBHOOK_ALLOW_PRIVATE: 'true', ALERTS_WEBHOOK_BACKOFF_MS: '50', ALERTS_WEBHOOK_MAX_ATTEMPTS: '4', ALERTS_WEBHOOK_TIMEOUT_MS: '2000' },
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
      const attempts = await waitFor(() => deliveries(rule.id), (d) => d.some((a) => a.succeeded));
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

  it('gives up after the configured attempts and marks the event failed; unreachable receivers are recorded', async () => {
    const hook = await receiver([500]);
    await hook.close(); // nothing listens there any more
    const rule = await fireRuleWithWebhook(hook.url);
    const attempts = await waitFor(() => deliveries(rule.id), (d) => d.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 400)); // no fifth attempt comes
    const final = await deliveries(rule.id);
    expect(final).toHaveLength(4);
    expect(final.every((a) => !a.succeeded && a.responseStatus === null && (a.error ?? '').length > 0)).toBe(true);
    const [row] = (await t.dataSource.query('SELECT webhook_status AS s FROM alert_events WHERE id = $1', [attempts[0]!.eventId])) as { s: string }[];
    expect(row!.s).toBe('failed');
  });
});
