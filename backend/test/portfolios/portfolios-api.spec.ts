import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortfoliosService } from '../../src/portfolios/portfolios.service';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { api, insertDailyCandles, PORTFOLIO_TEST_ENV, setLivePrice } from './portfolios-support';

describe('portfolios API', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: PORTFOLIO_TEST_ENV });
    alice = await registerUser(t);
    bob = await registerUser(t);
    await setLivePrice(t, 'BTC', 55000);
    await setLivePrice(t, 'ETH', 2500);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates, lists, renames and deletes a portfolio', async () => {
    const a = api(t, alice);
    const created = await a.call('POST', '/portfolios', { name: '  Long term ', baseCurrency: 'USD', costBasisMethod: 'fifo' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Long term', baseCurrency: 'USD', costBasisMethod: 'fifo' });
    const id = created.json().id;
    expect((await a.call('GET', '/portfolios')).json().map((p: { id: string }) => p.id)).toContain(id);
    expect((await a.call('PATCH', `/portfolios/${id}`, { name: 'Renamed' })).json().name).toBe('Renamed');
    expect((await a.call('DELETE', `/portfolios/${id}`)).statusCode).toBe(204);
    expect((await a.call('GET', `/portfolios/${id}`)).statusCode).toBe(404);
  });

  it("answers 404 for another user's portfolio and transactions, whatever the method", async () => {
    const a = api(t, alice);
    const b = api(t, bob);
    const portfolioId = await a.portfolio();
    const tx = await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '40000' });
    const bobsPortfolio = await b.portfolio();
    const attempts = [
      b.call('GET', `/portfolios/${portfolioId}`),
      b.call('PATCH', `/portfolios/${portfolioId}`, { name: 'mine now' }),
      b.call('DELETE', `/portfolios/${portfolioId}`),
      b.call('GET', `/portfolios/${portfolioId}/transactions`),
      b.call('POST', `/portfolios/${portfolioId}/transactions`, { type: 'sell', time: '2024-01-02T00:00:00Z', asset: 'BTC', quantity: '1', price: '1' }),
      b.call('PATCH', `/portfolios/${portfolioId}/transactions/${tx.id}`, { price: '1' }),
      b.call('DELETE', `/portfolios/${portfolioId}/transactions/${tx.id}`),
      // Alice's transaction addressed through Bob's own portfolio.
      b.call('PATCH', `/portfolios/${bobsPortfolio}/transactions/${tx.id}`, { price: '1' }),
      b.call('DELETE', `/portfolios/${bobsPortfolio}/transactions/${tx.id}`),
      b.call('GET', `/portfolios/${portfolioId}/holdings`),
      b.call('GET', `/portfolios/${portfolioId}/performance`),
      b.call('GET', `/portfolios/${portfolioId}/export?format=json`),
      b.call('POST', `/portfolios/${portfolioId}/import`, { csv: 'type,time,asset,quantity\n', dryRun: true }),
      b.call('GET', '/portfolios/not-a-uuid'),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect(response.body).not.toContain('40000');
    }
    // The service other domains call (alerts' portfolio_value) refuses the same way.
    await expect(t.app.get(PortfoliosService).ledgerOf(bob.user.id, portfolioId)).rejects.toThrow('Portfolio not found');
    // Nothing changed for Alice.
    const list = await a.call('GET', `/portfolios/${portfolioId}/transactions`);
    expect(list.json()).toHaveLength(1);
    expect(list.json()[0].price).toBe('40000');
    // A transfer to someone else's portfolio: 404 too.
    const transfer = await b.call('POST', `/portfolios/${bobsPortfolio}/transactions`, {
      type: 'transfer_in',
      time: '2024-01-03T00:00:00Z',
      asset: 'BTC',
      quantity: '0.5',
      counterpartyPortfolioId: portfolioId,
    });
    expect(transfer.statusCode).toBe(404);
  });

  it.each([
    [{ quantity: '-1' }, 'quantity must be a positive decimal string'],
    [{ quantity: '0' }, 'quantity must be greater than 0'],
    [{ quantity: 1 }, 'quantity must be a positive decimal string'],
    [{ time: '2999-01-01T00:00:00Z' }, 'time must not be in the future'],
    [{ time: 'yesterday' }, 'time must be an ISO 8601 date-time'],
    [{ time: '2001-01-01T00:00:00Z' }, 'time must not be before 2009-01-03'],
    [{ time: '2024-02-30T00:00:00Z' }, 'time must be an ISO 8601 date-time'],
    [{ asset: 'NOPE' }, 'asset NOPE is not a tracked market'],
    [{ price: '0' }, 'price must be greater than 0 for a buy'],
    [{ type: 'swap' }, 'type must be one of'],
    [{ extra: 1 }, "unknown field 'extra' is not allowed"],
    [{ counterpartyPortfolioId: '00000000-0000-4000-8000-000000000000' }, 'counterpartyPortfolioId is only allowed on transfer_in and transfer_out'],
  ])('refuses an invalid transaction %j with 400', async (change, message) => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    const response = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'buy',
      time: '2024-01-01T00:00:00Z',
      asset: 'BTC',
      quantity: '1',
      price: '100',
      ...change,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(message);
    expect(Array.isArray(response.json().details)).toBe(true);
  });

  it('refuses selling more than held at that time, saying how much was held', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio();
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '100' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-03-01T00:00:00Z', asset: 'BTC', quantity: '5', price: '100' });
    const response = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'sell',
      time: '2024-02-01T00:00:00Z',
      asset: 'BTC',
      quantity: '1.5',
      price: '120',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('Cannot remove 1.5 BTC on 2024-02-01T00:00:00.000Z: only 1 BTC held at that time.');
    expect(response.json().details).toContain('held: 1 BTC');
    expect((await a.call('GET', `/portfolios/${portfolioId}/transactions`)).json()).toHaveLength(2);
  });

  it('holdings: average cost and FIFO differ on the same history; switching the method recomputes', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'fees', costBasisMethod: 'average' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T10:00:00Z', asset: 'BTC', quantity: '1', price: '40000', feeAmount: '10', feeCurrency: 'USDT' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-02-01T10:00:00Z', asset: 'BTC', quantity: '1', price: '50000', feeAmount: '0.001', feeCurrency: 'BTC' });
    await a.tx(portfolioId, {
      type: 'sell',
      time: '2024-03-01T10:00:00Z',
      asset: 'BTC',
      quantity: '1.5',
      price: '60000',
      feeAmount: '45',
      feeCurrency: 'USDT',
    });

    const average = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    expect(average).toMatchObject({
      baseCurrency: 'USDT',
      totalValue: '27445',
      totalCost: '22468.72936468',
      unrealizedPnl: '4976.27063532',
      realizedPnl: '22413.72936468',
    });
    expect(average.holdings).toEqual([
      {
        asset: 'BTC',
        kind: 'crypto',
        priceSource: 'market',
        quantity: '0.499',
        averageCost: '45027.51375688',
        costBasis: '22468.72936468',
        price: '55000',
        priceStale: false,
        priceAsOfDay: null,
        value: '27445',
        unrealizedPnl: '4976.27063532',
        realizedPnl: '22413.72936468',
        allocationPct: 100,
      },
    ]);

    await a.call('PATCH', `/portfolios/${portfolioId}`, { costBasisMethod: 'fifo' });
    const fifo = (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json();
    expect(fifo).toMatchObject({ totalCost: '24974.97497497', realizedPnl: '24919.97497497', unrealizedPnl: '2470.02502503' });
  });

  it('editing an early transaction recomputes later realised P&L; edits and deletes that would oversell are refused', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'edits', costBasisMethod: 'fifo' });
    const first = await a.tx(portfolioId, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'ETH', quantity: '2', price: '100' });
    await a.tx(portfolioId, { type: 'buy', time: '2024-02-01T00:00:00Z', asset: 'ETH', quantity: '2', price: '200' });
    await a.tx(portfolioId, { type: 'sell', time: '2024-03-01T00:00:00Z', asset: 'ETH', quantity: '3', price: '300' });
    const realized = async () => (await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().realizedPnl;
    expect(await realized()).toBe('500');

    const edited = await a.call('PATCH', `/portfolios/${portfolioId}/transactions/${first.id}`, { price: '50' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ id: first.id, price: '50', quantity: '2' });
    expect(await realized()).toBe('600');

    const tooSmall = await a.call('PATCH', `/portfolios/${portfolioId}/transactions/${first.id}`, { quantity: '0.5' });
    expect(tooSmall.statusCode).toBe(400);
    expect(tooSmall.json().message).toContain('only 2.5 ETH held at that time');
    const deleted = await a.call('DELETE', `/portfolios/${portfolioId}/transactions/${first.id}`);
    expect(deleted.statusCode).toBe(400);
    expect(await realized()).toBe('600');
  });

  it('transfers between own portfolios record both sides and carry the cost basis', async () => {
    const a = api(t, alice);
    const source = await a.portfolio({ name: 'exchange', costBasisMethod: 'fifo' });
    const destination = await a.portfolio({ name: 'cold wallet', costBasisMethod: 'average' });
    await a.tx(source, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '30000' });
    await a.tx(source, { type: 'buy', time: '2024-02-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '40000' });
    const out = await a.tx(source, {
      type: 'transfer_out',
      time: '2024-03-01T00:00:00Z',
      asset: 'BTC',
      quantity: '1.5',
      feeAmount: '0.0005',
      feeCurrency: 'BTC',
      counterpartyPortfolioId: destination,
    });
    const received = (await a.call('GET', `/portfolios/${destination}/transactions`)).json();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      type: 'transfer_in',
      quantity: '1.5',
      counterpartyPortfolioId: source,
      transferId: (out as { transferId?: string }).transferId,
    });

    const destinationHoldings = (await a.call('GET', `/portfolios/${destination}/holdings`)).json();
    expect(destinationHoldings.holdings[0]).toMatchObject({ asset: 'BTC', quantity: '1.5', costBasis: '50000' });
    const sourceHoldings = (await a.call('GET', `/portfolios/${source}/holdings`)).json();
    expect(sourceHoldings.holdings[0]).toMatchObject({ quantity: '0.4995', costBasis: '19980', realizedPnl: '-20' });

    // The destination cannot send on more than it received.
    const tooMuch = await a.call('POST', `/portfolios/${destination}/transactions`, {
      type: 'withdraw',
      time: '2024-03-02T00:00:00Z',
      asset: 'BTC',
      quantity: '2',
    });
    expect(tooMuch.statusCode).toBe(400);

    // Deleting the source portfolio keeps the carried cost in the destination.
    expect((await a.call('DELETE', `/portfolios/${source}`)).statusCode).toBe(204);
    const after = (await a.call('GET', `/portfolios/${destination}/holdings`)).json();
    expect(after.holdings[0]).toMatchObject({ quantity: '1.5', costBasis: '50000' });
    const lone = (await a.call('GET', `/portfolios/${destination}/transactions`)).json()[0];
    expect(lone).toMatchObject({ counterpartyPortfolioId: null, transferId: null });
  });

  it('deleting one side of a transfer deletes both', async () => {
    const a = api(t, alice);
    const one = await a.portfolio({ name: 'one' });
    const two = await a.portfolio({ name: 'two' });
    await a.tx(one, { type: 'deposit', time: '2024-01-01T00:00:00Z', asset: 'ETH', quantity: '3', price: '1000' });
    const incoming = await a.tx(two, { type: 'transfer_in', time: '2024-01-05T00:00:00Z', asset: 'ETH', quantity: '1', counterpartyPortfolioId: one });
    expect((await a.call('GET', `/portfolios/${one}/holdings`)).json().holdings[0].quantity).toBe('2');
    expect((await a.call('DELETE', `/portfolios/${two}/transactions/${incoming.id}`)).statusCode).toBe(204);
    expect((await a.call('GET', `/portfolios/${one}/transactions`)).json()).toHaveLength(1);
    expect((await a.call('GET', `/portfolios/${one}/holdings`)).json().holdings[0].quantity).toBe('3');
  });

  it('deposits and income without a price are valued at the market; an explicit 0 is a zero cost basis', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'defaults' });
    await insertDailyCandles(t, 'BNB', [
      ['2024-07-01', 500, 510],
      ['2024-07-02', 510, 520],
    ]);
    const deposit = await a.tx(portfolioId, { type: 'deposit', time: '2024-07-02T15:00:00Z', asset: 'BNB', quantity: '2' });
    expect(deposit).toMatchObject({ price: '520' });
    // No candle on 2024-07-05: the last earlier close.
    expect(await a.tx(portfolioId, { type: 'income', time: '2024-07-05T00:00:00Z', asset: 'BNB', quantity: '0.1' })).toMatchObject({ price: '520' });
    expect(await a.tx(portfolioId, { type: 'income', time: '2024-07-05T00:00:00Z', asset: 'BNB', quantity: '0.1', price: '0' })).toMatchObject({ price: '0' });
    expect(await a.tx(portfolioId, { type: 'withdraw', time: '2024-07-06T00:00:00Z', asset: 'BNB', quantity: '0.1' })).toMatchObject({ price: '0' });
    const before = await a.call('POST', `/portfolios/${portfolioId}/transactions`, {
      type: 'deposit',
      time: '2024-06-01T00:00:00Z',
      asset: 'BNB',
      quantity: '1',
    });
    expect(before.statusCode).toBe(400);
    expect(before.json().message).toBe('No market price is known for BNB on 2024-06-01: give the price (or "0" for a zero cost basis)');
    // 2 × 520 + 0.1 × 520 + 0.1 × 0 = 1,092 for 2.2 BNB; the withdrawal takes 0.1/2.2 of it: 1,092 × 2.1/2.2.
    expect((await a.call('GET', `/portfolios/${portfolioId}/holdings`)).json().holdings[0]).toMatchObject({ quantity: '2.1', costBasis: '1042.36363636' });
  });

  it('performance: daily series from stored candles, TWR and IRR, BTC benchmark', async () => {
    const a = api(t, alice);
    const portfolioId = await a.portfolio({ name: 'perf' });
    await insertDailyCandles(t, 'ETH', [
      ['2024-06-01', 100, 100],
      ['2024-06-02', 100, 110],
      ['2024-06-03', 110, 121],
    ]);
    await insertDailyCandles(t, 'BTC', [
      ['2024-06-01', 1000, 1000],
      ['2024-06-02', 1000, 1000],
      ['2024-06-03', 1000, 1000],
    ]);
    await a.tx(portfolioId, { type: 'buy', time: '2024-06-01T09:00:00Z', asset: 'ETH', quantity: '1', price: '100' });
    await a.tx(portfolioId, { type: 'deposit', time: '2024-06-02T09:00:00Z', asset: 'ETH', quantity: '2', price: '90' });
    await a.tx(portfolioId, { type: 'withdraw', time: '2024-06-03T09:00:00Z', asset: 'ETH', quantity: '1' });
    const response = await a.call('GET', `/portfolios/${portfolioId}/performance?from=2024-06-01&to=2024-06-03`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.series).toEqual([
      { date: '2024-05-31', value: '0.00', benchmarkValue: '0.00' },
      { date: '2024-06-01', value: '100.00', benchmarkValue: '100.00' },
      { date: '2024-06-02', value: '330.00', benchmarkValue: '300.00' },
      { date: '2024-06-03', value: '242.00', benchmarkValue: '179.00' },
    ]);
    expect(body.twr).toBeCloseTo(0.21, 8);
    expect(typeof body.irr).toBe('number');

    const all = (await a.call('GET', `/portfolios/${portfolioId}/performance?range=ALL`)).json();
    expect(all.series[0].date).toBe('2024-05-31');
    expect((await a.call('GET', `/portfolios/${portfolioId}/performance?range=5Y`)).statusCode).toBe(400);
    expect((await a.call('GET', `/portfolios/${portfolioId}/performance?from=2024-06-03&to=2024-06-01`)).statusCode).toBe(400);
    expect((await a.call('GET', `/portfolios/${portfolioId}/performance?from=2024-02-30`)).json().message).toBe('from/to must be valid dates');
    expect((await a.call('GET', `/portfolios/${portfolioId}/performance?range=1D&from=2024-06-01`)).statusCode).toBe(400);
    expect((await a.call('GET', `/portfolios/${portfolioId}/performance?to=2999-01-01`)).json().message).toBe('to must not be in the future');
    // Ranges ending today value the last point at the live price.
    await setLivePrice(t, 'ETH', 150);
    const week = (await a.call('GET', `/portfolios/${portfolioId}/performance?range=1W`)).json();
    expect(week.series).toHaveLength(8);
    expect(week.series.at(-1).value).toBe('300.00');
    expect(week.twr).toBeCloseTo(150 / 121 - 1, 8);
  });
});
