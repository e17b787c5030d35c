import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastsRepository, type NewForecast } from '../../src/forecasts/forecasts.repository';
import { breadth, dayBefore, percentChange, rangePercent } from '../../src/overview/overview-calc';
import { candleCsv } from '../support/replay-fixture';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe('overview arithmetic', () => {
  const hourly = (closes: number[]) => closes.map((close, i) => ({ openTime: i * HOUR, close }));

  it('changes over 1h and 24h against the candle that many hours before the last', () => {
    const candles = hourly([...Array(24).fill(100), 100, 110]);
    expect(percentChange(candles, 1)).toBeCloseTo(10, 10);
    expect(percentChange(candles, 24)).toBeCloseTo(10, 10);
    expect(percentChange(candles, 25)).toBeCloseTo(10, 10);
    expect(percentChange(candles, 26)).toBeNull();
  });

  it('takes the nearest older candle when the exact one is missing, but not one far older', () => {
    const candles = [
      { openTime: 0, close: 50 },
      { openTime: 10 * HOUR, close: 80 },
      { openTime: 30 * HOUR, close: 100 },
    ];
    expect(percentChange(candles, 19)).toBeCloseTo(25, 10); // 11h is missing: the 10h candle is one hour older
    expect(percentChange(candles, 24)).toBeNull(); // 6h: the nearest older is 6 hours away
  });

  it('a range is q90 − q10 as a percent of the price it was forecast from', () => {
    expect(rangePercent({ originTime: 0, lastPrice: 200, q10: 190, q90: 214 })).toBeCloseTo(12, 10);
    expect(rangePercent({ originTime: 0, lastPrice: 0, q10: 1, q90: 2 })).toBeNull();
  });

  it('breadth counts rises, falls and flat markets among those with a known change', () => {
    expect(breadth([3, -1, 0, null, 0.5])).toEqual({ up: 2, down: 1, flat: 1, total: 4, upShare: 0.5 });
    expect(breadth([null]).upShare).toBeNull();
  });

  it('yesterday’s forecast is the one made closest to 24 hours earlier', () => {
    const today = 100 * HOUR;
    expect(dayBefore(today, [{ originTime: 74 * HOUR }, { originTime: 77 * HOUR }, { originTime: 99 * HOUR }])).toEqual({ originTime: 77 * HOUR });
    expect(dayBefore(today, [{ originTime: 60 * HOUR }])).toBeUndefined();
  });
});

/** GET /overview over candles replayed from seeded files and forecasts stored through the forecasts repository. */
describe('GET /overview', () => {
  let t: TestApp;
  let user: RegisteredUser;
  const dir = mkdtempSync(path.join(tmpdir(), 'coincast-overview-'));
  // Closes by hours before the file's last candle (k = 0 is the last): flat over the last 6 hours, so which of them
  // is the newest closed candle when the test runs does not matter.
  const series: Record<string, (k: number) => number> = {
    BTC: (k) => (k <= 5 ? 110 : k <= 33 ? 100 : 80),
    ETH: (k) => (k <= 5 ? 95 : 100),
    SOL: (k) => (k <= 5 ? 50 : 40),
  };
  const HOURS = 240;
  // The replay shifts recordings by whole weeks so that they end within the coming week: a file ending 52 weeks
  // and 2 hours from now is replayed with its last candle about 2 hours ahead.
  const WEEK = 7 * 24 * HOUR;
  const start = Math.floor(Date.now() / HOUR) * HOUR + 2 * HOUR - 52 * WEEK - (HOURS - 1) * HOUR;
  for (const [base, close] of Object.entries(series)) {
    const candles = Array.from({ length: HOURS }, (_, i) => {
      const price = close(HOURS - 1 - i);
      return { openTime: start + i * HOUR, open: price, high: price, low: price, close: price, volume: 10 };
    });
    writeFileSync(path.join(dir, `${base}USDT_1h.csv`), candleCsv(candles));
  }

  const forecast = (symbol: string, originTime: number, lastPrice: number, q10: number, q90: number, naive = false): NewForecast => ({
    symbol,
    horizon: '24h',
    originTime,
    targetTime: originTime + 24 * HOUR,
    modelVersion: naive ? 'naive' : 'vol-test',
    modelId: null,
    isNaive: naive,
    served: !naive,
    lastPrice,
    point: naive ? lastPrice : lastPrice * 1.001,
    quantiles: {
      '0.05': q10 * 0.99,
      '0.1': q10,
      '0.25': (q10 + lastPrice) / 2,
      '0.5': lastPrice,
      '0.75': (q90 + lastPrice) / 2,
      '0.9': q90,
      '0.95': q90 * 1.01,
    },
    inputLastCandleTime: originTime - HOUR,
    pointIsNaive: naive,
    intervalIsNaive: naive,
  });

  const overview = async () => {
    const response = await t.inject({ method: 'GET', url: '/api/v1/overview', headers: user.auth });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { MARKET_SOURCE: 'replay', REPLAY_DIR: dir, TICKER_POLL_MS: '60000', BACKFILL_DAYS_1H: '30' } });
    user = await registerUser(t);
    const today = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    const yesterday = today - 24 * HOUR;
    await t.app
      .get(ForecastsRepository)
      .insert([
        forecast('BTC/USDT', today, 110, 104.5, 115.5),
        forecast('BTC/USDT', yesterday, 100, 97, 103),
        forecast('BTC/USDT', yesterday, 100, 98, 102, true),
        forecast('ETH/USDT', today, 95, 85.5, 104.5),
        forecast('ETH/USDT', yesterday, 100, 85, 115),
        forecast('SOL/USDT', today, 50, 49, 51),
        forecast('SOL/USDT', yesterday, 50, 49.0005, 50.9995),
        forecast('SOL/USDT', yesterday, 50, 49, 51, true),
      ]);
    // The replay backfill runs in the background: wait until every market has a week of closed candles.
    for (let i = 0; i < 200; i++) {
      const body = await overview();
      if (body.movers.find((m: { window: string }) => m.window === '7d').gainers.length === 2 && body.breadth.total === 3) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the replay backfill did not finish: ${JSON.stringify(await overview())}`);
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists top movers per window from the stored candles, and breadth over 24 hours', async () => {
    const body = await overview();
    expect(body.markets).toBe(3);
    const window = (name: string) => body.movers.find((m: { window: string }) => m.window === name);
    expect(window('24h').gainers).toEqual([
      { symbol: 'SOL/USDT', base: 'SOL', price: 50, changePct: 25 },
      { symbol: 'BTC/USDT', base: 'BTC', price: 110, changePct: 10 },
    ]);
    expect(window('24h').losers).toEqual([{ symbol: 'ETH/USDT', base: 'ETH', price: 95, changePct: -5 }]);
    expect(window('7d').gainers.map((m: { base: string; changePct: number }) => [m.base, m.changePct])).toEqual([
      ['BTC', 37.5],
      ['SOL', 25],
    ]);
    expect(window('1h')).toEqual({ window: '1h', gainers: [], losers: [] });
    expect(body.breadth).toEqual({ up: 2, down: 1, flat: 0, total: 3, upShare: 2 / 3 });
  });

  it('ranks the widest expected 24h ranges and the ranges that widened since yesterday', async () => {
    const body = await overview();
    expect(body.widestRanges.map((r: { base: string; rangePct: number }) => [r.base, r.rangePct])).toEqual([
      ['ETH', 20],
      ['BTC', 10],
      ['SOL', 4],
    ]);
    expect(body.widestRanges[0]).toMatchObject({ lastPrice: 95, low: 85.5, high: 104.5 });
    // BTC went from 6 % (measured from yesterday's price, the naive baseline's point) to 10 %; ETH narrowed; SOL's widened by 0.002 points, which rounds to nothing.
    expect(body.widenedRanges).toEqual([{ symbol: 'BTC/USDT', base: 'BTC', rangePct: 10, previousRangePct: 6, widenedBy: 4 }]);
  });

  it('needs authentication', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/v1/overview' })).statusCode).toBe(401);
  });
});
