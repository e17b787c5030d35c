import { aggregateDaily, fitVolParams, historyUntil, volModel, type CoinHistory } from '@coincast/ml';
import { MarketIds } from '../../src/markets/market-id';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { MarketsForecastData } from '../../src/forecasts/market-data.adapter';
import { InProcessJobQueue } from '../../src/infra/in-process';
import { CandlesRepository } from '../../src/markets/candles.repository';
import type { MarketDataProvider } from '../../src/markets/market-data-provider';
import type { MarketsService } from '../../src/markets/markets.service';
import { buildRig, createForecastDb, DAY, FixtureTrainer, HOUR, regimeWalk, type ForecastRig } from './forecast-fixtures';

const SYMBOL = 'BTC/USDT';
const EXCHANGE = 'parity';
const START = Date.UTC(2024, 0, 1);
// 460 days of hourly candles: more than the volatility model's lookback (~439 days), as the replay default stores.
const HOURS = 460 * 24;
const END = START + HOURS * HOUR;

/**
 * Issue 16 item 1: what the backend serves is what the ml library forecasts. A model trained by the lifecycle (with
 * its cutoff on the last closed hour) is stored through the registry (artifact in the database), loaded back, and
 * serves a slot from the candles table; the forecast equals ml's own forecast for the same history exactly.
 */
describe('served forecast = ml forecast for the same history (parity)', () => {
  let db: DataSource;
  let closeDb: () => Promise<void>;
  let rig: ForecastRig;
  let clock = END + 10 * 60_000; // 10 minutes after the last close
  let full: CoinHistory;

  beforeAll(async () => {
    ({ db, close: closeDb } = await createForecastDb());
    const hourly = regimeWalk(START, HOURS, 30_000, 5);
    full = { coin: SYMBOL, hourly, daily: aggregateDaily(hourly) };
    const repo = new CandlesRepository(db, new MarketIds(EXCHANGE));
    await repo.upsert({ exchange: EXCHANGE, symbol: SYMBOL, timeframe: '1h' }, hourly, END + 60_000);
    await repo.upsert(
      { exchange: EXCHANGE, symbol: SYMBOL, timeframe: '1d' },
      full.daily.filter((d) => d.openTime + DAY <= END),
      END + 60_000,
    );
    const provider = { exchange: EXCHANGE, now: () => clock } as unknown as MarketDataProvider;
    const markets = { trackedSymbols: async () => [SYMBOL], ingestedSymbols: async () => [SYMBOL] } as unknown as MarketsService;
    const trainer = new FixtureTrainer((histories, until) => volModel(fitVolParams(histories, until, 1)));
    rig = buildRig(db, new MarketsForecastData(provider, markets, new CandlesRepository(db, new MarketIds(EXCHANGE))), new InProcessJobQueue(), trainer, {
      backtestDays: 5,
    });
    await rig.registry.ensureBaseline();
  }, 120_000);
  afterAll(async () => closeDb());

  it('trains on the last closed hour, stores the artifact, and serves exactly what ml forecasts from the same candles', async () => {
    clock = END + 37 * 60_000; // 13:37-style clock: the cutoff must still be the last close
    const records = await rig.lifecycle.train('parity');
    for (const r of records) {
      expect(r.trainedUntil!.getTime()).toBe(END);
      if ((await rig.registry.get(r.id))!.status !== 'champion') await rig.registry.promote(r.id, 'test: serve it');
    }
    const champion = records[0]!;
    // ml's side: the same training call on the same history, and its forecast at the slot.
    const reference = volModel(fitVolParams([full], END, 1));

    for (const [group, slot, horizons] of [
      ['hourly', END, ['1h', '4h', '24h']],
      ['daily', Math.floor(END / DAY) * DAY, ['7d', '30d']],
    ] as const) {
      await rig.runner.runSlot(group, slot);
      const served = (await rig.store.latestServed([SYMBOL])).filter((f) => (horizons as readonly string[]).includes(f.horizon));
      const expected = reference.predict(historyUntil(full, slot), [...horizons]);
      expect(served.map((f) => f.modelVersion)).toEqual(horizons.map(() => champion.version));
      for (const e of expected) {
        const f = served.find((x) => x.horizon === e.horizon)!;
        expect({ originTime: f.originTime, targetTime: f.targetTime, lastPrice: f.lastPrice, point: f.point, quantiles: f.quantiles }).toEqual({
          originTime: e.originTime,
          targetTime: e.targetTime,
          lastPrice: e.lastPrice,
          point: e.point,
          quantiles: e.quantiles,
        });
      }
    }
  }, 120_000);
});
