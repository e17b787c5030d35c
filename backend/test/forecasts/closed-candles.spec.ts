import { etsModel } from '@coincast/ml';
import { MarketIds } from '../../src/markets/market-id';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { CandlesNotReadyError } from '../../src/forecasts/forecast-runner';
import { MarketsForecastData } from '../../src/forecasts/market-data.adapter';
import { InProcessJobQueue } from '../../src/infra/in-process';
import type { Candle } from '../../src/markets/candle';
import { CandlesRepository } from '../../src/markets/candles.repository';
import type { MarketDataProvider } from '../../src/markets/market-data-provider';
import type { MarketsService } from '../../src/markets/markets.service';
import { buildRig, createForecastDb, FixtureTrainer, HOUR, randomWalk, type ForecastRig } from './forecast-fixtures';

const SYMBOL = 'BTC/USDT';
const EXCHANGE = 'race';
// Slot T = 2025-03-01T12:00; 60 days of hourly candles before it.
const T = Date.UTC(2025, 2, 1, 12);
const START = T - 60 * 24 * HOUR;

/**
 * The race of issue 16: at slot time the candles table already holds the candle 11:00–12:00, but it was fetched at
 * 11:50 (still forming). A forecast must not start from it and a score must not use it until a fetch after 12:00
 * has stored its final values.
 */
describe('forecasts use closed candles only (forming candle present at slot time)', () => {
  let db: DataSource;
  let closeDb: () => Promise<void>;
  let repo: CandlesRepository;
  let rig: ForecastRig;
  let queue: InProcessJobQueue;
  let clock: number;
  let candles: Candle[];
  const key = { exchange: EXCHANGE, symbol: SYMBOL, timeframe: '1h' as const };

  beforeAll(async () => {
    ({ db, close: closeDb } = await createForecastDb());
    repo = new CandlesRepository(db, new MarketIds(EXCHANGE));
  });
  afterAll(async () => closeDb());
  beforeEach(async () => {
    candles = randomWalk(START, 60 * 24, 100, 3);
    clock = T + 30_000;
    const provider = { exchange: EXCHANGE, now: () => clock } as unknown as MarketDataProvider;
    const markets = { trackedSymbols: async () => [SYMBOL], ingestedSymbols: async () => [SYMBOL] } as unknown as MarketsService;
    const market = new MarketsForecastData(provider, markets, new CandlesRepository(db, new MarketIds(EXCHANGE)));
    queue = new InProcessJobQueue();
    rig = buildRig(db, market, queue, new FixtureTrainer(() => etsModel()));
    await rig.registry.ensureBaseline();
    // Everything up to the 10:00 candle is final; the 11:00 candle was fetched at 11:50 with a pre-close price.
    await repo.upsert(key, candles.slice(0, -1), T);
    await repo.upsert(key, [{ ...candles.at(-1)!, close: 1 }], T - 10 * 60_000);
  });
  afterEach(async () => {
    queue.close();
    for (const table of ['forecasts', 'model_events', 'forecast_models', 'forecast_model_artifacts', 'candles']) await db.query(`DELETE FROM ${table}`);
  });

  it('a shard reads its markets in one query, the same candles as one query per market (issue 19)', async () => {
    const eth = { ...key, symbol: 'ETH/USDT' };
    await repo.upsert(eth, randomWalk(START, 100, 50, 9), T);
    const many = await repo.closedCandlesOfMany([SYMBOL, 'ETH/USDT', 'NONE/USDT'], '1h', T - HOUR, 48);
    expect(many.get(SYMBOL)).toEqual(await repo.closedCandles(key, T - HOUR, 48));
    expect(many.get('ETH/USDT')).toEqual(await repo.closedCandles(eth, T - HOUR, 48));
    expect(many.get('NONE/USDT')).toEqual([]);
    expect(many.get(SYMBOL)!.at(-1)!.openTime).toBe(T - 2 * HOUR); // the forming 11:00 candle is not among them
    // The adapter's batched histories match its per-market history.
    const lookback = { hourly: 200, daily: 20 };
    const batched = await rig.market.histories([SYMBOL, 'ETH/USDT'], T, lookback);
    expect(batched.get(SYMBOL)).toEqual(await rig.market.history(SYMBOL, T, lookback));
    expect(batched.get('ETH/USDT')).toEqual(await rig.market.history('ETH/USDT', T, lookback));
  });

  it('the scheduler does not count a forming candle as ready', async () => {
    expect(await rig.market.candlesReadyUntil()).toBe(T - HOUR);
    await repo.upsert(key, [candles.at(-1)!], T + 20_000);
    expect(await rig.market.candlesReadyUntil()).toBe(T);
  });

  it('a slot waits for the closed candle instead of forecasting from the forming one', async () => {
    await expect(rig.runner.runSlot('hourly', T)).rejects.toBeInstanceOf(CandlesNotReadyError);
    expect(await rig.store.countAll()).toBe(0);

    await repo.upsert(key, [candles.at(-1)!], T + 20_000); // the sync after the close: final values
    await rig.runner.runSlot('hourly', T);
    const served = await rig.store.latestServed([SYMBOL]);
    expect(served.map((f) => f.horizon).sort()).toEqual(['1h', '24h', '4h']);
    for (const f of served) {
      expect(f.originTime).toBe(T);
      expect(f.inputLastCandleTime).toBe(T - HOUR);
      expect(f.lastPrice).toBe(candles.at(-1)!.close); // not the forming price 1
    }
  });

  it('after the bounded grace the coin is left out of the slot (no forecast from an older candle)', async () => {
    clock = T + rig.settings.slotGraceMs + 60_000;
    const result = await rig.runner.runSlot('hourly', T);
    expect(result.skipped).toEqual([SYMBOL]);
    expect(result.inserted).toBe(0);
    expect(await rig.store.countAll()).toBe(0);
  });

  it('scoring waits for the closed candle: a forming close is never stored as the actual', async () => {
    // The 11:00 slot (from the 10:00 candle, final) made a 1h forecast targeting 12:00.
    await rig.runner.runSlot('hourly', T - HOUR);
    expect(await rig.runner.scoreDue()).toBe(0);
    const actuals = async () => db.query(`SELECT actual FROM forecasts WHERE horizon = '1h' AND target_time = $1`, [new Date(T).toISOString()]);
    expect((await actuals()).every((r: { actual: number | null }) => r.actual === null)).toBe(true);

    await repo.upsert(key, [candles.at(-1)!], T + 20_000);
    expect(await rig.runner.scoreDue()).toBeGreaterThan(0);
    expect((await actuals()).map((r: { actual: number }) => Number(r.actual))).toEqual([candles.at(-1)!.close]);
  });
});
