import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { api, PORTFOLIO_TEST_ENV, setLivePrice } from './portfolios-support';

/** Cash and stablecoins, the linked-cash mode, the peer fixes through the API, and the ledger cache's invalidation. */
describe('portfolios: cash, stablecoins and linked cash', () => {
  let t: TestApp;
  let alice: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: PORTFOLIO_TEST_ENV });
    alice = await registerUser(t);
    await setLivePrice(t, 'BTC', 60000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records deposits of stablecoins and fiat (valued at par without a market) and says how each is priced', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    // No price given: cash comes in at par.
    const usdt = await a.tx(portfolioId, { type: 'deposit', time: '2024-01-01T00:00:00Z', asset: 'USDT', quantity: '1000' });
    expect((usdt as unknown as { price: string }).price).toBe('1');
    await a.tx(portfolioId, { type: 'deposit', time: '2024-01-02T00:00:00Z', asset: 'usdc', quantity: '250' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-03T00:00:00Z', asset: 'BTC', quantity: '0.01', price: '50000' });
    await a.tx(portfolioId, { type: 'withdraw', time: '2024-01-04T00:00:00Z', asset: 'USDT', quantity: '100' });
    const unknown = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'deposit',
      time: '2024-01-05T00:00:00Z',
      asset: 'FOO',
      quantity: '1',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details).toContain('asset FOO is not a tracked market (no FOO/USDT) nor a fiat currency or stablecoin');

    const holdings = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    expect(holdings.totalValue).toBe('1750');
    expect(holdings.holdings.map((h: Record<string, unknown>) => [h.asset, h.kind, h.priceSource, h.quantity, h.value])).toEqual([
      ['USDT', 'stablecoin', 'par', '900', '900'],
      ['BTC', 'crypto', 'market', '0.01', '600'],
      ['USDC', 'stablecoin', 'par', '250', '250'],
    ]);
    // A stablecoin with a tracked market is valued at its market price.
    await setLivePrice(t, 'USDC', 0.998);
    const marked = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    expect(marked.holdings.find((h: { asset: string }) => h.asset === 'USDC')).toMatchObject({ priceSource: 'market', price: '0.998', value: '249.5' });
  });

  it('linked cash: buys debit and sells credit the base currency; an overdraft is refused with what to do', async () => {
    const a = api(t, alice);
    const created = await a.call('POST', '/portfolios', { name: 'Exchange', baseCurrency: 'USD', cashMode: 'linked' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ baseCurrency: 'USD', cashMode: 'linked' });
    const portfolioId = created.json().id;

    const overdraft = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'buy',
      time: '2024-01-02T00:00:00Z',
      asset: 'BTC',
      quantity: '0.01',
      price: '50000',
    });
    expect(overdraft.statusCode).toBe(400);
    expect(overdraft.json().message).toBe(
      "Cannot remove 500 USD on 2024-01-02T00:00:00.000Z: only 0 USD held at that time. The portfolio's cash balance pays for buys and fees: record a deposit of USD first.",
    );

    await a.tx(portfolioId, { type: 'deposit', time: '2024-01-01T00:00:00Z', asset: 'USD', quantity: '1000' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-02T00:00:00Z', asset: 'BTC', quantity: '0.01', price: '50000', feeAmount: '1', feeCurrency: 'USD' });
    await a.tx(portfolioId, { type: 'sell', time: '2024-01-03T00:00:00Z', asset: 'BTC', quantity: '0.005', price: '55000' });
    const holdings = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    // Cash: 1,000 - 501 + 275 = 774; BTC 0.005 x 60,000 = 300.
    expect(holdings.holdings.map((h: Record<string, unknown>) => [h.asset, h.quantity, h.value])).toEqual([
      ['USD', '774', '774'],
      ['BTC', '0.005', '300'],
    ]);
    expect(holdings.totalValue).toBe('1074');
    expect(holdings.realizedPnl).toBe('24.5');

    // A cash trade in its own cash currency makes no sense: say what to record instead.
    const cashBuy = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'buy',
      time: '2024-01-04T00:00:00Z',
      asset: 'USD',
      quantity: '1',
      price: '1',
    });
    expect(cashBuy.statusCode).toBe(400);
    expect(cashBuy.json().message).toContain("USD is this portfolio's cash balance: record a deposit or a withdrawal of USD instead of a buy");

    // Turning the mode off makes trades external again: the cash balance is what was deposited.
    const off = await a.call('PATCH', `/portfolios/${portfolioId}`, { cashMode: 'off' });
    expect(off.json().cashMode).toBe('off');
    const offHoldings = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    expect(offHoldings.holdings.find((h: { asset: string }) => h.asset === 'USD').quantity).toBe('1000');
  });

  it('refuses to switch a history with purchases but no cash to linked cash, and changes nothing', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'No cash', baseCurrency: 'USDT' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-02T00:00:00Z', asset: 'BTC', quantity: '0.01', price: '50000' });
    const response = await a.call('PATCH', `/portfolios/${portfolioId}`, { cashMode: 'linked' });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('only 0 USDT held at that time');
    expect(response.json().message).toContain('record a deposit of USDT first');
    expect((await a.call('GET', `/portfolios/${portfolioId}`)).json().cashMode).toBe('off');
    expect((await a.call('PATCH', `/portfolios/${portfolioId}`, { cashMode: 'sometimes' })).statusCode).toBe(400);
  });

  it('a position of 1/3 + 2/3 can be sold as 1 (dust), and errors print exact amounts', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '0.3333333333333333', price: '30000' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-02T00:00:00Z', asset: 'BTC', quantity: '0.6666666666666666', price: '30000' });
    const tooMuch = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'sell',
      time: '2024-01-03T00:00:00Z',
      asset: 'BTC',
      quantity: '1.0000001',
      price: '1',
    });
    expect(tooMuch.json().message).toBe('Cannot remove 1.0000001 BTC on 2024-01-03T00:00:00.000Z: only 0.9999999999999999 BTC held at that time.');
    expect(tooMuch.json().details).toContain('held: 0.9999999999999999 BTC');
    await a.tx(portfolioId, { type: 'sell', time: '2024-01-03T00:00:00Z', asset: 'BTC', quantity: '1', price: '60000' });
    const holdings = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    expect(holdings.holdings[0]).toMatchObject({ asset: 'BTC', quantity: '0', costBasis: '0', realizedPnl: '30000' });
  });

  it('the in-memory ledger notices rows written outside the API (e.g. an exchange sync) and setting changes', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'Cached' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '100' });
    expect((await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().holdings[0].quantity).toBe('1');
    // Written straight to the table, as another domain's insert would: the version trigger invalidates the cache.
    await t.dataSource.query(
      `INSERT INTO portfolio_transactions (user_id, portfolio_id, type, time, asset, quantity, price) VALUES ($1, $2, 'buy', '2024-01-02T00:00:00Z', 'BTC', 2, 200)`,
      [alice.user.id, portfolioId],
    );
    expect((await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().holdings[0].quantity).toBe('3');
    await t.dataSource.query(`UPDATE portfolio_transactions SET quantity = 4 WHERE portfolio_id = $1 AND price = 200`, [portfolioId]);
    expect((await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().holdings[0].quantity).toBe('5');
    await t.dataSource.query(`DELETE FROM portfolio_transactions WHERE portfolio_id = $1 AND price = 200`, [portfolioId]);
    expect((await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().holdings[0].quantity).toBe('1');
  });
});
