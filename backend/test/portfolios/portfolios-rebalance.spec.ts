import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { api, PORTFOLIO_TEST_ENV, setLivePrice } from './portfolios-support';

describe('portfolios: target weights and rebalancing', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: PORTFOLIO_TEST_ENV });
    alice = await registerUser(t);
    bob = await registerUser(t);
    await setLivePrice(t, 'BTC', 60000);
    await setLivePrice(t, 'ETH', 3000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores target weights, refuses ones that do not add up, and keeps them private', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    expect((await a.call('GET', `/portfolios/${portfolioId}/targets`)).json()).toEqual({ targets: [] });
    const bad = await a.call('PUT', `/portfolios/${portfolioId}/targets`, {
      targets: [
        { asset: 'BTC', weightPct: '60' },
        { asset: 'NOPE', weightPct: '30' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details).toEqual([
      'NOPE is not a tracked market, a fiat currency or a stablecoin',
      'the weights add up to 90 %: they must add up to 100 %',
    ]);
    expect((await a.call('PUT', `/portfolios/${portfolioId}/targets`, { targets: [{ asset: 'BTC', weightPct: '101' }] })).statusCode).toBe(400);
    const saved = await a.call('PUT', `/portfolios/${portfolioId}/targets`, {
      targets: [
        { asset: 'eth', weightPct: '30' },
        { asset: 'BTC', weightPct: '50.5' },
        { asset: 'USDT', weightPct: '19.5' },
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().targets).toEqual([
      { asset: 'BTC', weightPct: '50.5' },
      { asset: 'ETH', weightPct: '30' },
      { asset: 'USDT', weightPct: '19.5' },
    ]);
    const b = api(t, bob);
    expect((await b.call('GET', `/portfolios/${portfolioId}/targets`)).statusCode).toBe(404);
    expect((await b.call('PUT', `/portfolios/${portfolioId}/targets`, { targets: [] })).statusCode).toBe(404);
    expect((await b.call('GET', `/portfolios/${portfolioId}/rebalance`)).statusCode).toBe(404);
    expect((await b.call('POST', `/portfolios/${portfolioId}/rebalance`, { trades: [] })).statusCode).toBe(404);
  });

  it('linked cash: shows the drift and the trades with fees, and records them in one step', async () => {
    const a = api(t, alice);
    const portfolioId = (await a.call('POST', '/portfolios', { name: 'Rebalanced', baseCurrency: 'USDT', cashMode: 'linked' })).json().id;
    expect((await a.call('GET', `/portfolios/${portfolioId}/rebalance`)).json().message).toBe('This portfolio has no target weights yet: set them first');
    await a.tx(portfolioId, { type: 'deposit', time: '2024-01-01T00:00:00Z', asset: 'USDT', quantity: '10000' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-02T00:00:00Z', asset: 'BTC', quantity: '0.1', price: '50000' });
    // Now: BTC 0.1 x 60,000 = 6,000, cash 5,000: 54.5 % / 45.5 %.
    await a.call('PUT', `/portfolios/${portfolioId}/targets`, {
      targets: [
        { asset: 'BTC', weightPct: '40' },
        { asset: 'ETH', weightPct: '40' },
        { asset: 'USDT', weightPct: '20' },
      ],
    });
    const plan = (await a.call('GET', `/portfolios/${portfolioId}/rebalance?feePct=0.1`)).json();
    expect(plan).toMatchObject({ baseCurrency: 'USDT', cashMode: 'linked', feePct: 0.1, totalValue: '11000' });
    expect(plan.rows.map((r: { asset: string; driftPct: number }) => [r.asset, r.driftPct])).toEqual([
      ['ETH', -40],
      ['USDT', 25.4545],
      ['BTC', 14.5455],
    ]);
    expect(plan.trades.map((t: { type: string; asset: string }) => [t.type, t.asset])).toEqual([
      ['sell', 'BTC'],
      ['buy', 'ETH'],
    ]);
    // Fees: 0.1 % of the 6,000 traded (the targets' shares of the fees cancel out between the sale and the purchase).
    expect(Number(plan.totalFees)).toBeCloseTo(6, 5);
    expect((await a.call('GET', `/portfolios/${portfolioId}/rebalance?feePct=50`)).statusCode).toBe(400);

    const applied = await a.call('POST', `/portfolios/${portfolioId}/rebalance`, { trades: plan.trades });
    expect(applied.statusCode).toBe(201);
    expect(
      applied.json().transactions.map((tx: { type: string; asset: string; note: string; feeCurrency: string }) => [tx.type, tx.asset, tx.note, tx.feeCurrency]),
    ).toEqual([
      ['sell', 'BTC', 'Rebalance', 'USDT'],
      ['buy', 'ETH', 'Rebalance', 'USDT'],
    ]);
    const after = (await a.call('GET', `/portfolios/${portfolioId}/rebalance?feePct=0.1`)).json();
    expect(after.maxDriftPct).toBeLessThan(0.01);
    expect(after.trades).toEqual([]);
    const holdings = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    const weights = Object.fromEntries(holdings.holdings.map((h: { asset: string; allocationPct: number }) => [h.asset, h.allocationPct]));
    expect(weights.BTC).toBeCloseTo(40, 1);
    expect(weights.ETH).toBeCloseTo(40, 1);
    expect(weights.USDT).toBeCloseTo(20, 1);

    // Trades that no longer hold up (selling more than held) are refused as a whole.
    const stale = await a.call('POST', `/portfolios/${portfolioId}/rebalance`, {
      trades: [{ type: 'sell', asset: 'BTC', quantity: '5', price: '60000', fee: '0' }],
    });
    expect(stale.statusCode).toBe(400);
    expect(stale.json().message).toContain('Cannot remove 5 BTC');
  });
});
