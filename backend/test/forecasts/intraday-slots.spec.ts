import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntradayForecastRunner } from '../../src/forecasts/intraday-runner';
import { IntradayForecastsWorker } from '../../src/forecasts/intraday.worker';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import { CandlesRepository } from '../../src/markets/candles.repository';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { syntheticCandles } from '../support/fake-exchange';
import { candleCsv, makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { waitFor } from './forecast-fixtures';

const HOUR = 3_600_000;
const FIVE_MINUTES = 300_000;
const HOURS = 24 * 60;

/** `{BASE}USDT_5m.csv.gz` beside the hourly file: the last `days` of the replay, ending where the hourly data ends. */
function writeFiveMinuteFile(dir: string, base: string, days: number, seed: number): void {
  const end = Date.UTC(2025, 0, 1) + HOURS * HOUR;
  const count = days * 288;
  const candles = syntheticCandles(0, count, 100 + seed, seed).map((c, i) => ({ ...c, openTime: end - (count - i) * FIVE_MINUTES }));
  writeFileSync(path.join(dir, `${base}USDT_5m.csv.gz`), gzipSync(candleCsv(candles)));
}

type Summary = { symbol: string; horizon: string; modelVersion: string; skill: { scored: number; relPinball: number | null } };

/**
 * The sub-hour path end to end (issue 21): 5-minute candles replayed from `_5m.csv.gz` files and ingested with their
 * retention, the intraday group's naive champion registered at boot, 5-minute slots enqueued by the intraday trigger
 * on their own queue, forecasts for every market once (a rerun adds nothing), scored live beside naive, served by the
 * API, and a forecast_move alert on the 15-minute horizon.
 */
describe('sub-hour forecasts (replay with 5-minute files)', () => {
  let t: TestApp;
  let user: RegisteredUser;
  const folder = makeReplayFolder(['BTC', 'ETH'], HOURS);
  writeFiveMinuteFile(folder.dir, 'BTC', 10, 3);
  writeFiveMinuteFile(folder.dir, 'ETH', 10, 5);

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        BACKFILL_DAYS_1H: '50',
        BACKFILL_DAYS_1D: '50',
        INTRADAY_TIMEFRAMES: '5m',
        CANDLE_RETENTION_DAYS_5M: '8',
        BACKFILL_DAYS_5M: '3',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
        FORECASTS_ENABLED: 'true',
        FORECAST_INITIAL_TRAINING: 'false',
        FORECAST_MODEL: 'vol',
        FORECAST_CATCHUP_HOURS: '2',
      },
    });
    user = await registerUser(t);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    folder.remove();
  });

  const summaries = async () => (await t.inject({ method: 'GET', url: '/api/v1/forecasts', headers: user.auth })).json() as Summary[];

  it('ingests the replayed 5-minute candles, forecasts 5m/15m/30m every 5 minutes once per market and scores them beside naive', async () => {
    const registry = t.app.get(ModelRegistry);
    expect((await registry.champion('intraday'))!.type).toBe('naive'); // the intraday baseline is registered at boot

    await t.app.get(MarketsWorker).syncCandles();
    const candles = t.app.get(CandlesRepository);
    const stored = await candles.count({ exchange: 'replay', symbol: 'BTC/USDT', timeframe: '5m' });
    // BACKFILL_DAYS_5M = 3 days of 288 candles (plus the forming one), not the 10 days of the file.
    expect(stored).toBeGreaterThanOrEqual(3 * 288 - 1);
    expect(stored).toBeLessThanOrEqual(3 * 288 + 2);

    const worker = t.app.get(IntradayForecastsWorker);
    const ids = await worker.tick();
    expect(ids.length).toBe(12); // the catch-up: the last hour of 5-minute slots, newest first
    expect(ids[0]).toMatch(/^forecast:intraday:\d{4}-\d\d-\d\dT\d\d:\d\d$/);

    await waitFor(async () => (await summaries()).filter((s) => ['5m', '15m', '30m'].includes(s.horizon)).length === 2 * 3, 30_000);
    const intraday = (await summaries()).filter((s) => ['5m', '15m', '30m'].includes(s.horizon));
    expect(intraday.map((s) => `${s.symbol} ${s.horizon}`).sort()).toEqual([
      'BTC/USDT 15m',
      'BTC/USDT 30m',
      'BTC/USDT 5m',
      'ETH/USDT 15m',
      'ETH/USDT 30m',
      'ETH/USDT 5m',
    ]);
    expect(intraday.every((s) => s.modelVersion === 'naive')).toBe(true);

    // Every slot of the catch-up stored each market's three horizons once (one model: naive is the champion).
    await waitFor(async () => {
      const [{ n }] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM forecasts WHERE horizon IN ('5m', '15m', '30m')`)) as Array<{ n: number }>;
      return n === 12 * 2 * 3;
    }, 30_000);
    const counts: Array<{ n: number }> = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM forecasts WHERE horizon IN ('5m', '15m', '30m') GROUP BY symbol, horizon, origin_time, model_version`,
    );
    expect(counts.every((c) => c.n === 1)).toBe(true);

    // A rerun of a slot inserts nothing.
    const [{ last }] = (await t.dataSource.query(
      `SELECT (extract(epoch FROM max(origin_time)) * 1000)::bigint AS last FROM forecasts WHERE horizon = '5m'`,
    )) as Array<{
      last: string;
    }>;
    const again = await t.app.get(IntradayForecastRunner).runSlot(Number(last));
    expect(again.inserted).toBe(0);

    // The catch-up's older slots are already due: scored against the 5-minute closes, naive beside each.
    const scored: Array<{ horizon: string; n: number }> = await t.dataSource.query(
      `SELECT horizon, count(*)::int AS n FROM forecasts WHERE horizon IN ('5m', '15m', '30m') AND actual IS NOT NULL GROUP BY horizon ORDER BY horizon`,
    );
    expect(scored.map((s) => s.horizon).sort()).toEqual(['15m', '30m', '5m']);
    const btc = (await t.inject({ method: 'GET', url: '/api/v1/forecasts/BTC-USDT', headers: user.auth })).json() as {
      horizons: Array<{ horizon: string; stale: boolean; skill: { scored: number; relPinball: number | null } }>;
    };
    expect(btc.horizons.map((h) => h.horizon).slice(0, 3)).toEqual(['5m', '15m', '30m']);
    const five = btc.horizons.find((h) => h.horizon === '5m')!;
    expect(five.skill.scored).toBeGreaterThan(0);
    expect(five.skill.relPinball).toBe(1); // naive against naive
    expect(five.stale).toBe(false);

    const history = await t.inject({ method: 'GET', url: '/api/v1/forecasts/BTC-USDT/history?horizon=15m', headers: user.auth });
    expect(history.statusCode).toBe(200);
    expect((history.json() as unknown[]).length).toBeGreaterThan(0);
  }, 90_000);

  it('fires a forecast_move alert on the 15-minute horizon, and refuses a horizon that is not served', async () => {
    const bad = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: user.auth,
      payload: { type: 'forecast_move', symbol: 'BTC/USDT', horizon: '10m', pct: 0.01, probability: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('horizon must be one of: 5m, 15m, 30m, 1h, 4h, 24h, 7d, 30d');

    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: user.auth,
      payload: { type: 'forecast_move', symbol: 'BTC/USDT', horizon: '15m', pct: 0.01, probability: 1 },
    });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const events = async () => (await t.inject({ method: 'GET', url: `/api/v1/alerts/${id}/events`, headers: user.auth })).json() as unknown[];
    await waitFor(async () => {
      await t.app.get(MarketsWorker).pollTickers();
      return (await events()).length > 0;
    }, 30_000);
    expect((await events()).length).toBe(1);
  }, 60_000);

  it('deletes the 5-minute candles older than their retention', async () => {
    const candles = t.app.get(CandlesRepository);
    const key = { exchange: 'replay', symbol: 'BTC/USDT', timeframe: '5m' as const };
    const before = await candles.count(key);
    // Older candles than the retention (8 days) stored by hand: the prune job removes exactly those.
    const bounds = (await candles.bounds(key))!;
    const old = syntheticCandles(0, 100, 100, 9).map((c, i) => ({ ...c, openTime: bounds.first - 9 * 86_400_000 - i * FIVE_MINUTES }));
    await candles.upsert(key, old, bounds.last);
    expect(await candles.count(key)).toBe(before + 100);
    const deleted = await t.app.get(MarketsWorker).pruneCandles();
    expect(deleted).toBe(100);
    expect(await candles.count(key)).toBe(before);
    expect(await candles.count({ ...key, timeframe: '1h' })).toBeGreaterThan(24 * 40); // hourly candles are kept
  });
});
