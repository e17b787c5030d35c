import type { Candle } from '@coincast/ml';
import { probabilityUp } from '@coincast/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveProbability } from '../../src/forecasts/forecast-reader';
import { ForecastsRepository, type NewForecast } from '../../src/forecasts/forecasts.repository';
import { CandlesRepository } from '../../src/markets/candles.repository';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../../src/markets/market-data-provider';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const Z = { '0.05': -1.645, '0.1': -1.2816, '0.25': -0.6745, '0.5': 0, '0.75': 0.6745, '0.9': 1.2816, '0.95': 1.645 } as const;

/** A served 24h forecast at `origin`: log-normal quantiles with daily sd `sd`, the median shifted by `drift`. */
function served(symbol: string, origin: number, lastPrice: number, sd: number, drift: number, isNaive = false): NewForecast {
  const quantiles = Object.fromEntries(Object.entries(Z).map(([level, z]) => [level, lastPrice * Math.exp(drift + z * sd)])) as NewForecast['quantiles'];
  return {
    symbol,
    horizon: '24h',
    originTime: origin,
    targetTime: origin + DAY,
    modelVersion: isNaive ? 'naive' : 'test-model',
    modelId: null,
    isNaive,
    served: true,
    lastPrice,
    point: quantiles['0.5'],
    quantiles,
    inputLastCandleTime: origin - HOUR,
    pointIsNaive: drift === 0,
    intervalIsNaive: isNaive,
  };
}

describe('GET /strategy', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const first = today - 40 * DAY;
  // Hourly BTC closes: +1 % a day on even days, −0.5 % on odd days, spread evenly over the hours.
  const closeAt = (time: number) => {
    const d = (time - first) / DAY;
    let price = 50_000;
    for (let k = 0; k < Math.floor(d); k++) price *= k % 2 === 0 ? 1.01 : 0.995;
    const frac = d - Math.floor(d);
    return price * (Math.floor(d) % 2 === 0 ? 1.01 : 0.995) ** frac;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { ROLE: 'api', TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT' } });
    alice = await registerUser(t);
    const exchange = t.app.get<MarketDataProvider>(MARKET_DATA_PROVIDER).exchange;
    const candles: Candle[] = [];
    for (let open = first - HOUR; open + HOUR <= today; open += HOUR) {
      const o = closeAt(open);
      const c = closeAt(open + HOUR);
      candles.push({ openTime: open, open: o, high: Math.max(o, c), low: Math.min(o, c), close: c, volume: 1 });
    }
    await t.app.get(CandlesRepository).upsert({ exchange, symbol: 'BTC/USDT', timeframe: '1h' }, candles, Date.now());
    const rows: NewForecast[] = [];
    for (let day = first; day < today; day += DAY) {
      const i = (day - first) / DAY;
      // The model leans up on even days (when the price rises), down on odd days; sd 2 % a day; naive beside it.
      rows.push(served('BTC/USDT', day, closeAt(day), 0.02, i % 2 === 0 ? 0.002 : -0.002));
      rows.push(served('BTC/USDT', day, closeAt(day), 0.03, 0, true));
      // Hourly origins that are not on the daily grid must not count as decisions.
      rows.push(served('BTC/USDT', day + 5 * HOUR, closeAt(day + 5 * HOUR), 0.02, 0.01));
    }
    // ETH: only 5 days served.
    for (let day = today - 5 * DAY; day < today; day += DAY) rows.push(served('ETH/USDT', day, 2_000, 0.03, 0));
    await t.app.get(ForecastsRepository).insert(rows);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = (query: string, headers: Record<string, string> = alice.auth) => t.inject({ method: 'GET', url: `/api/v1/strategy?${query}`, headers });

  it('computes the strategies walk-forward from the served forecasts and the stored closes', async () => {
    const response = await get('symbol=BTC-USDT');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ symbol: 'BTC/USDT', horizon: '24h', status: 'ready', decisions: 40, requiredDecisions: 30, readyAt: null });
    expect(body.from).toBe(new Date(first).toISOString());
    expect(body.to).toBe(new Date(today).toISOString());
    expect(body.costs).toEqual({ feeBp: 10, slippageBp: 5 });
    const [vol, direction, hold] = body.strategies;
    expect(body.strategies.map((s: { key: string }) => s.key)).toEqual(['vol-target', 'direction', 'buy-and-hold']);
    // Buy-and-hold: the price ratio, with the 15 bp entry cost out of the first day's +1 %.
    const ratio = closeAt(today) / closeAt(first);
    expect(hold.totalReturn).toBeCloseTo((1.01 - 0.0015) * (ratio / 1.01) - 1, 9);
    expect(hold.trades).toBe(1);
    // The direction signal follows the served model's lean: in on the 20 rising days, out on the 20 falling ones,
    // so it trades every day (in, out, in, …) and pays 15 bp each time.
    expect(direction.trades).toBe(40);
    expect(direction.exposureShare).toBeCloseTo(0.5, 12);
    expect(direction.totalReturn).toBeCloseTo(Math.pow(1.01 - 0.0015, 20) * Math.pow(1 - 0.0015, 20) - 1, 9);
    expect(direction.totalReturn).toBeGreaterThan(hold.totalReturn);
    // Vol target: 2 % a day = 38.2 % a year < the 50 % target, so capped at 1×: the same as holding.
    expect(vol.averageExposure).toBe(1);
    expect(vol.totalReturn).toBeCloseTo(hold.totalReturn, 9);
    for (const s of body.strategies) {
      for (const k of ['cagr', 'volatility', 'maxDrawdown', 'turnover', 'exposureShare']) expect(Number.isFinite(s[k])).toBe(true);
      expect(s.sharpe === null || Number.isFinite(s.sharpe)).toBe(true);
    }
    expect(body.verdicts.find((v: { key: string }) => v.key === 'direction')).toMatchObject({ beatsOnReturn: true });
    expect(body.verdicts.find((v: { key: string }) => v.key === 'vol-target').sentence).toMatch(/earned less than holding/);
    expect(body.equity[0]).toMatchObject({ time: new Date(first).toISOString(), volTarget: 1, direction: 1, buyAndHold: 1 });
    expect(body.equity.at(-1).buyAndHold).toBeCloseTo(1 + hold.totalReturn, 9);
  });

  it('reads P(up) exactly as the forecasts API shows it (moveProbability)', async () => {
    const stored = await t.app.get(ForecastsRepository).latestServed(['BTC/USDT']);
    const f = stored.find((x) => x.horizon === '24h')!;
    expect(probabilityUp(f)).toBe(moveProbability(f, 0).up);
  });

  it('says how long until there are enough served forecasts', async () => {
    const response = await get('symbol=ETH/USDT');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'insufficient', decisions: 5, requiredDecisions: 30, strategies: [], equity: [] });
    const waitDays = (Date.parse(body.readyAt) - Date.parse(body.marketTime)) / DAY;
    expect(waitDays).toBeCloseTo(25, 6);
  });

  it('an unknown market is a 404 that says where the tracked ones are listed', async () => {
    const response = await get('symbol=NOPE/USDT');
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toMatch(/Unknown market symbol 'NOPE\/USDT'.*GET \/api\/v1\/markets/);
  });

  it('a bad horizon or a missing symbol is a 400 naming the field', async () => {
    const bad = await get('symbol=BTC/USDT&horizon=7d');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/horizon must be one of 1h, 4h, 24h/);
    expect((await get('')).statusCode).toBe(400);
  });

  it('is rate limited per user with a Retry-After', async () => {
    const bob = await registerUser(t);
    for (let i = 0; i < 30; i++) expect((await get('symbol=BTC/USDT', bob.auth)).statusCode).toBe(200);
    const limited = await get('symbol=BTC/USDT', bob.auth);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/Too many strategy reports\. Try again in \d+ s\./);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other users are not affected.
    expect((await get('symbol=BTC/USDT')).statusCode).toBe(200);
  });

  it('needs authentication', async () => {
    const response = await get('symbol=BTC/USDT', {});
    expect(response.statusCode).toBe(401);
  });
});
