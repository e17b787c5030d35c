import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { quietMarketsEnv, seedTickers } from './alerts-support';

describe('portfolio_value rules follow their portfolio', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...markets.env } });
    await seedTickers(t, ['BTC/USDT']);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    markets.remove();
  });

  it('deleting a portfolio deletes its portfolio_value rules (no orphan rule left armed)', async () => {
    const portfolio = (
      await t.inject({ method: 'POST', url: '/api/v1/portfolios', headers: user.auth, payload: { name: 'p', baseCurrency: 'USD', costBasisMethod: 'fifo' } })
    ).json();
    const rule = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: user.auth,
      payload: { type: 'portfolio_value', portfolioId: portfolio.id, direction: 'above', threshold: '1000', mode: 'once' },
    });
    expect(rule.statusCode).toBe(201);
    const ruleId = rule.json().id;
    expect((await t.inject({ method: 'GET', url: `/api/v1/alerts/${ruleId}`, headers: user.auth })).statusCode).toBe(200);

    expect((await t.inject({ method: 'DELETE', url: `/api/v1/portfolios/${portfolio.id}`, headers: user.auth })).statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: `/api/v1/alerts/${ruleId}`, headers: user.auth })).statusCode).toBe(404);
  });
});
