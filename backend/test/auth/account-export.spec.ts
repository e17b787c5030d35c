import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, TestApp } from '../support/test-app';

describe('GET /auth/me/export', () => {
  const folder = makeReplayFolder(['BTC'], 24 * 10);
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir } });
  });
  afterAll(async () => {
    await t.close();
    folder.remove();
  });

  it("returns everything the user owns, without secrets and without anyone else's data", async () => {
    const owner = await registerUser(t);
    const other = await registerUser(t);
    const post = (user: typeof owner, url: string, payload: object) => t.inject({ method: 'POST', url: `/api/v1${url}`, headers: user.auth, payload });
    const key = (await post(owner, '/api-keys', { name: 'exported key', scope: 'read' })).json();
    const portfolio = (await post(owner, '/portfolios', { name: 'Long term', baseCurrency: 'USD', costBasisMethod: 'fifo' })).json();
    const tx = await post(owner, `/portfolios/${portfolio.id}/transactions`, {
      type: 'buy',
      time: new Date(Date.now() - 86_400_000).toISOString(),
      asset: 'BTC',
      quantity: '0.25',
      price: '100',
    });
    expect(tx.statusCode).toBe(201);
    const alert = (await post(owner, '/alerts', { type: 'price_above', symbol: 'BTC/USDT', threshold: 123456, mode: 'once', note: 'moon' })).json();
    await post(other, '/api-keys', { name: 'not yours', scope: 'read' });

    const response = await t.inject({ method: 'GET', url: '/api/v1/auth/me/export', headers: owner.auth });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.profile).toMatchObject({ id: owner.user.id, email: owner.user.email });
    expect(body.data.api_keys.map((row: { name: string }) => row.name)).toEqual(['exported key']);
    expect(body.data.portfolios[0]).toMatchObject({ id: portfolio.id, name: 'Long term' });
    const transactionTables = Object.keys(body.data).filter((table) => table.includes('transaction'));
    expect(transactionTables.length).toBeGreaterThan(0);
    expect(body.data[transactionTables[0]]).toHaveLength(1);
    expect(body.data.alert_rules[0]).toMatchObject({ id: alert.id, note: 'moon' });

    const text = response.body;
    expect(text).not.toContain(key.key);
    expect(text).not.toMatch(/key_hash|password_hash|token_hash|secret/);
    expect(text).not.toContain('not yours');
    expect(text).not.toContain(other.user.id);
  });
});
