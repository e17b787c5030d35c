import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertFiringRepository } from '../../src/alerts/alert-firing.repository';
import { loadArmedRules } from '../../src/alerts/armed-rules.repository';
import { KnownSymbols } from '../../src/alerts/known-symbols';
import { WebhookDeliveryService } from '../../src/alerts/webhooks/webhook-delivery.service';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { appEngine, countEvents, publishTick, quietMarketsEnv, seedTickers, settle, T0, waitFor } from './alerts-support';

describe('alert lifecycle: expiry sweep, re-arming, stranded webhooks', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  let user: RegisteredUser;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...markets.env, ALERTS_WEBHOOK_ALLOW_PRIVATE: 'true', ALERTS_WEBHOOK_BACKOFF_MS: '50' } });
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    markets.remove();
  });

  async function freshSymbol(): Promise<string> {
    const symbol = `L${++seq}X/USDT`;
    await seedTickers(t, [symbol]);
    return symbol;
  }
  async function create(payload: object) {
    const response = await t.inject({ method: 'POST', url: '/api/v1/alerts', headers: user.auth, payload });
    expect(response.statusCode, response.body).toBe(201);
    await settle(t, appEngine(t));
    return response.json();
  }
  const get = async (id: string) => (await t.inject({ method: 'GET', url: `/api/v1/alerts/${id}`, headers: user.auth })).json();

  it('the start-up loader pages through every armed rule exactly once, skipping the others', async () => {
    const s = await freshSymbol();
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await create({ type: 'price_below', symbol: s, threshold: `${i + 1}` }));
    await t.inject({ method: 'POST', url: `/api/v1/alerts/${created[3].id}/pause`, headers: user.auth });
    const armedInDb = ((await t.dataSource.query(`SELECT id FROM alert_rules WHERE status = 'armed'`)) as { id: string }[]).map((r) => r.id);
    const seen: string[] = [];
    const batchSizes: number[] = [];
    for await (const batch of loadArmedRules(t.dataSource, 3)) {
      batchSizes.push(batch.length);
      seen.push(...batch.map((r) => r.id));
      expect(batch.every((r) => r.status === 'armed' && typeof r.userId === 'string')).toBe(true);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...armedInDb].sort());
    expect(seen).not.toContain(created[3].id);
    expect(batchSizes.slice(0, -1).every((n) => n === 3)).toBe(true);
  });

  it('the periodic sweep expires armed and paused rules once their date passes and drops them from the index', async () => {
    const s = await freshSymbol();
    const soon = new Date(Date.now() + 1500).toISOString();
    const armed = await create({ type: 'price_above', symbol: s, threshold: '10', expiresAt: soon });
    const paused = await create({ type: 'price_above', symbol: s, threshold: '20', expiresAt: soon });
    const lasting = await create({ type: 'price_above', symbol: s, threshold: '30' });
    await t.inject({ method: 'POST', url: `/api/v1/alerts/${paused.id}/pause`, headers: user.auth });
    const engine = appEngine(t);
    await settle(t, engine);
    const before = engine.indexedRules;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await engine.sweep();
    await settle(t, engine);
    expect((await get(armed.id)).status).toBe('expired');
    expect((await get(paused.id)).status).toBe('expired');
    expect((await get(lasting.id)).status).toBe('armed');
    expect(engine.indexedRules).toBe(before - 1);
    // Resuming an expired rule is refused; editing it with a new date arms it again.
    expect((await t.inject({ method: 'POST', url: `/api/v1/alerts/${armed.id}/resume`, headers: user.auth })).statusCode).toBe(400);
    const rearmed = await t.inject({
      method: 'PATCH',
      url: `/api/v1/alerts/${armed.id}`,
      headers: user.auth,
      payload: { expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(rearmed.json().status).toBe('armed');
  });

  it('editing a triggered once-rule arms it again and it fires again', async () => {
    const s = await freshSymbol();
    const rule = await create({ type: 'crosses_up', symbol: s, threshold: '100' });
    const engine = appEngine(t);
    for (const [price, at] of [
      [90, T0],
      [110, T0 + 1000],
    ] as const) {
      await publishTick(t, s, price, at);
      await settle(t, engine);
    }
    expect((await get(rule.id)).status).toBe('triggered');
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/alerts/${rule.id}`, headers: user.auth, payload: { threshold: '120' } });
    expect(patched.json()).toMatchObject({ status: 'armed', threshold: '120', triggerCount: 1 });
    await settle(t, engine);
    for (const [price, at] of [
      [115, T0 + 2000],
      [125, T0 + 3000],
    ] as const) {
      await publishTick(t, s, price, at);
      await settle(t, engine);
    }
    expect(await countEvents(t, rule.id)).toBe(2);
    const events = (await t.inject({ method: 'GET', url: `/api/v1/alerts/${rule.id}/events`, headers: user.auth })).json();
    expect(events.map((e: { price: string }) => e.price)).toEqual(['125', '110']);
  });

  it('an edit racing with a firing never rewinds the trigger count or the cooldown', async () => {
    const s = await freshSymbol();
    const rule = await create({ type: 'price_above', symbol: s, threshold: '10', mode: 'every', cooldownMinutes: 5 });
    // Interleave deterministically: the rule fires after the PATCH has read it, before it writes.
    const known = t.app.get(KnownSymbols);
    const original = known.isKnown.bind(known);
    known.isKnown = async (symbol: string) => {
      known.isKnown = original;
      const outcome = await t.app.get(AlertFiringRepository).fire(rule.id, new Date(T0), { value: 11 });
      expect(outcome.fired).toBe(true);
      return original(symbol);
    };
    const patched = await t.inject({ method: 'PATCH', url: `/api/v1/alerts/${rule.id}`, headers: user.auth, payload: { note: 'edited', symbol: s } });
    expect(patched.json()).toMatchObject({ note: 'edited', triggerCount: 1, status: 'armed', cooldownUntil: new Date(T0 + 5 * 60_000).toISOString() });
    await settle(t, appEngine(t));
    await publishTick(t, s, 12, T0 + 6 * 60_000);
    await settle(t, appEngine(t));
    expect(await countEvents(t, rule.id)).toBe(2);
  });

  it('a firing that fails (database error) records nothing and is retried a minute later', async () => {
    const s = await freshSymbol();
    const rule = await create({ type: 'price_above', symbol: s, threshold: '10' });
    const firing = t.app.get(AlertFiringRepository);
    const original = firing.fire.bind(firing);
    let calls = 0;
    firing.fire = async (...args: Parameters<typeof original>) => {
      calls++;
      if (calls === 1) throw new Error('connection reset');
      return original(...args);
    };
    try {
      const engine = appEngine(t);
      for (const at of [T0, T0 + 30_000]) {
        await publishTick(t, s, 11, at);
        await settle(t, engine);
      }
      expect(calls).toBe(1);
      expect(await countEvents(t, rule.id)).toBe(0);
      await publishTick(t, s, 11, T0 + 61_000);
      await settle(t, engine);
      expect(calls).toBe(2);
      expect(await countEvents(t, rule.id)).toBe(1);
    } finally {
      firing.fire = original;
    }
  });

  it('re-enqueues a webhook whose event committed but whose job was never queued (crash in between)', async () => {
    const received: string[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const s = await freshSymbol();
      const rule = await create({ type: 'price_above', symbol: s, threshold: '10', webhookUrl: url, mode: 'once' });
      // The state a crash between COMMIT and enqueue leaves: an event with a pending webhook, no job.
      const [event] = (await t.dataSource.query(
        `INSERT INTO alert_events (rule_id, user_id, trigger_seq, triggered_at, price, message, webhook_status, created_at)
         VALUES ($1, $2, 1, now(), 11, 'stranded', 'pending', now() - interval '1 hour') RETURNING id`,
        [rule.id, user.user.id],
      )) as { id: string }[];
      const swept = await t.app.get(WebhookDeliveryService).sweepPending(new Date());
      expect(swept).toBeGreaterThanOrEqual(1);
      await waitFor(
        async () => received.length,
        (n) => n === 1,
      );
      expect(JSON.parse(received[0]!).id).toBe(event!.id);
      const status = await waitFor(
        async () => ((await t.dataSource.query('SELECT webhook_status AS s FROM alert_events WHERE id = $1', [event!.id])) as { s: string }[])[0]!.s,
        (value) => value === 'delivered',
      );
      expect(status).toBe('delivered');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
