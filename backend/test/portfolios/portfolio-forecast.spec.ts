import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastsRepository, type NewForecast } from '../../src/forecasts/forecasts.repository';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { api, insertDailyCandles, PORTFOLIO_TEST_ENV, setLivePrice } from './portfolios-support';

const DAY = 86_400_000;
const HORIZON_DAYS = { '24h': 1, '7d': 7, '30d': 30 } as const;
/** Served quantiles as price ratios to the last price, widening with the horizon. */
const Z = { '0.05': -1.645, '0.1': -1.2816, '0.25': -0.6745, '0.5': 0, '0.75': 0.6745, '0.9': 1.2816, '0.95': 1.645 } as const;

function servedForecast(asset: string, lastPrice: number, horizon: keyof typeof HORIZON_DAYS, dailySd: number, origin: number): NewForecast {
  const sd = dailySd * Math.sqrt(HORIZON_DAYS[horizon]);
  const quantiles = Object.fromEntries(Object.entries(Z).map(([level, z]) => [level, lastPrice * Math.exp(z * sd)])) as NewForecast['quantiles'];
  return {
    symbol: `${asset}/USDT`,
    horizon,
    originTime: origin,
    targetTime: origin + HORIZON_DAYS[horizon] * DAY,
    modelVersion: 'test-vol',
    modelId: null,
    isNaive: false,
    served: true,
    lastPrice,
    point: lastPrice,
    quantiles,
    inputLastCandleTime: origin - 3_600_000,
    pointIsNaive: true,
    intervalIsNaive: false,
  };
}

describe('GET /portfolios/:id/forecast', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: PORTFOLIO_TEST_ENV });
    alice = await registerUser(t);
    bob = await registerUser(t);
    await setLivePrice(t, 'BTC', 50_000);
    await setLivePrice(t, 'ETH', 2_500);
    // 200 days of closes before today: ETH follows BTC's daily moves (strong co-movement), BNB moves on its own.
    const today = Math.floor(Date.now() / DAY) * DAY;
    let seed = 3;
    const u = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) + 0.5) / 4294967296;
    const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const rows: Record<'BTC' | 'ETH', Array<[string, number, number]>> = { BTC: [], ETH: [] };
    let btc = 40_000;
    let eth = 2_000;
    for (let i = 200; i >= 1; i--) {
      const dayIso = new Date(today - i * DAY).toISOString().slice(0, 10);
      const move = 0.03 * normal();
      const nextBtc = btc * Math.exp(move);
      const nextEth = eth * Math.exp(move + 0.005 * normal());
      rows.BTC.push([dayIso, btc, nextBtc]);
      rows.ETH.push([dayIso, eth, nextEth]);
      btc = nextBtc;
      eth = nextEth;
    }
    await insertDailyCandles(t, 'BTC', rows.BTC);
    await insertDailyCandles(t, 'ETH', rows.ETH);
    const origin = Date.now() - 3_600_000;
    await t.app
      .get(ForecastsRepository)
      .insert((['24h', '7d', '30d'] as const).flatMap((h) => [servedForecast('BTC', 50_000, h, 0.03, origin), servedForecast('ETH', 2_500, h, 0.04, origin)]));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("gives the owner the portfolio's 80 % and 90 % ranges, VaR, ES and each holding's share of the risk", async () => {
    const a = api(t, alice);
    const id = await a.portfolio();
    await a.tx(id, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '40000' });
    await a.tx(id, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'ETH', quantity: '20', price: '2000' });
    const response = await a.call('GET', `/portfolios/${id}/forecast`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ value: 100_000, riskless: 0, excluded: [] });
    expect(body.horizons.map((h: { horizon: string }) => h.horizon)).toEqual(['24h', '7d', '30d']);
    let previousWidth = 0;
    for (const h of body.horizons) {
      expect(h.dependence).toBe('historical');
      expect(h.low90).toBeLessThan(h.low80);
      expect(h.low80).toBeLessThan(100_000);
      expect(h.high80).toBeGreaterThan(100_000);
      expect(h.high90).toBeGreaterThan(h.high80);
      expect(h.expectedShortfall95).toBeGreaterThanOrEqual(h.valueAtRisk95);
      expect(h.valueAtRisk95).toBeCloseTo(100_000 - h.low90, 0);
      const shares = h.contributions.map((c: { share: number }) => c.share);
      expect(shares.reduce((s: number, x: number) => s + x, 0)).toBeCloseTo(1, 6);
      // ETH has the wider forecast and the same value: the larger share of the risk.
      const byAsset = Object.fromEntries(h.contributions.map((c: { asset: string; share: number; basis: string }) => [c.asset, c]));
      expect(byAsset.ETH.share).toBeGreaterThan(byAsset.BTC.share);
      expect(byAsset.BTC.basis).toBe('forecast');
      expect(h.high80 - h.low80).toBeGreaterThan(previousWidth);
      previousWidth = h.high80 - h.low80;
    }
    // The coins moved together: the 80 % range is about the sum of the two coins' own ranges, not the narrower
    // range independent coins would give (for these marginals, 0.03 and 0.04 of log sd on 50k each).
    const h24 = body.horizons[0];
    const own = (sd: number) => 50_000 * (Math.exp(1.2816 * sd) - Math.exp(-1.2816 * sd));
    const comonotonic = own(0.03) + own(0.04);
    const independent = Math.sqrt(own(0.03) ** 2 + own(0.04) ** 2);
    expect(h24.high80 - h24.low80).toBeGreaterThan(independent + 0.6 * (comonotonic - independent));
    expect(h24.high80 - h24.low80).toBeLessThan(comonotonic * 1.05);
  });

  it('counts a stablecoin balance at its value, without risk', async () => {
    const a = api(t, alice);
    const id = await a.portfolio({ name: 'With cash' });
    await a.tx(id, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '40000' });
    await a.tx(id, { type: 'deposit', time: '2024-01-01T00:00:00Z', asset: 'USDC', quantity: '10000', price: '1' });
    const body = (await a.call('GET', `/portfolios/${id}/forecast`)).json();
    expect(body.cash).toEqual([{ asset: 'USDC', value: 10_000 }]);
    expect(body).toMatchObject({ value: 60_000, riskless: 10_000 });
    const month = body.horizons.find((h: { horizon: string }) => h.horizon === '30d');
    // Only the BTC half of the money moves: the range is BTC's own, shifted by the cash.
    const sd = 0.03 * Math.sqrt(30);
    expect((month.low80 - 10_000) / (50_000 * Math.exp(-1.2816 * sd))).toBeCloseTo(1, 2);
    expect(month.contributions.map((c: { asset: string }) => c.asset)).toEqual(['BTC']);
  });

  it('matches a single coin to its own served quantiles', async () => {
    const a = api(t, alice);
    const id = await a.portfolio({ name: 'BTC only' });
    await a.tx(id, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '2', price: '40000' });
    const body = (await a.call('GET', `/portfolios/${id}/forecast`)).json();
    const week = body.horizons.find((h: { horizon: string }) => h.horizon === '7d');
    const sd = 0.03 * Math.sqrt(7);
    expect(week.dependence).toBe('none');
    expect(week.low80 / (100_000 * Math.exp(-1.2816 * sd))).toBeCloseTo(1, 2);
    expect(week.high80 / (100_000 * Math.exp(1.2816 * sd))).toBeCloseTo(1, 2);
    expect(week.contributions).toEqual([expect.objectContaining({ asset: 'BTC', share: 1 })]);
  });

  it('answers an empty portfolio with a riskless, zero forecast', async () => {
    const a = api(t, alice);
    const id = await a.portfolio({ name: 'Empty' });
    const body = (await a.call('GET', `/portfolios/${id}/forecast`)).json();
    expect(body.value).toBe(0);
    expect(body.horizons.every((h: { low90: number; high90: number; valueAtRisk95: number }) => h.low90 === 0 && h.high90 === 0 && h.valueAtRisk95 === 0)).toBe(
      true,
    );
  });

  it("answers 404 for another user's portfolio and for an id that is not one", async () => {
    const a = api(t, alice);
    const id = await a.portfolio({ name: 'Private' });
    await a.tx(id, { type: 'buy', time: '2024-01-01T00:00:00Z', asset: 'BTC', quantity: '1', price: '40000' });
    for (const url of [`/portfolios/${id}/forecast`, '/portfolios/not-a-uuid/forecast', '/portfolios/00000000-0000-4000-8000-000000000000/forecast']) {
      const response = await api(t, bob).call('GET', url);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('40000');
    }
    expect((await t.inject({ method: 'GET', url: `/api/v1/portfolios/${id}/forecast` })).statusCode).toBe(401);
  });
});
