import type { Candle, CoinHistory } from '@coincast/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastsRepository } from '../../src/forecasts/forecasts.repository';
import { IntradayModelLifecycle } from '../../src/forecasts/intraday-lifecycle';
import { ML_INTRADAY_MODELS, ML_INTRADAY_TRAINER } from '../../src/forecasts/intraday-models';
import type { IntradayMarketData } from '../../src/forecasts/intraday-ports';
import { IntradayForecastRunner } from '../../src/forecasts/intraday-runner';
import { IntradayForecastsWorker } from '../../src/forecasts/intraday.worker';
import type { AppConfig } from '../../src/config/app-config';
import type { JobQueue } from '../../src/infra/ports';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import { createForecastDb, RecordingPublisher } from './forecast-fixtures';

const FIVE = 300_000;
const END = Date.UTC(2025, 4, 31);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * `days` of 5-minute candles ending at END. With `seasonal`, the volatility is 6× higher from 12:00 to 18:00 UTC
 * every day (a planted intraday pattern the trailing-window naive cannot see); without, a constant-volatility walk.
 */
function fiveMinuteCandles(days: number, seed: number, seasonal: boolean): Candle[] {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const count = days * 288;
  let price = 100;
  const out: Candle[] = [];
  for (let i = 0; i < count; i++) {
    const openTime = END - (count - i) * FIVE;
    const hour = new Date(openTime).getUTCHours();
    const sigma = 0.0008 * (seasonal && hour >= 12 && hour < 18 ? 6 : 1);
    const open = price;
    price = price * Math.exp(sigma * gauss());
    out.push({ openTime, open, high: Math.max(open, price), low: Math.min(open, price), close: price, volume: 1 });
  }
  return out;
}

class FixtureIntradayMarket implements IntradayMarketData {
  constructor(
    private readonly series: Map<string, Candle[]>,
    public clock = END,
  ) {}
  now(): number {
    return this.clock;
  }
  async trackedSymbols(): Promise<string[]> {
    return [...this.series.keys()];
  }
  async histories(symbols: readonly string[], until: number, lookback: { fiveMinute: number }): Promise<Map<string, CoinHistory>> {
    return new Map(
      symbols.map((symbol) => {
        const closed = (this.series.get(symbol) ?? []).filter((c) => c.openTime + FIVE <= until);
        return [symbol, { coin: symbol, hourly: [], daily: [], fiveMinute: closed.slice(Math.max(0, closed.length - lookback.fiveMinute)) }];
      }),
    );
  }
  async candlesReadyUntil(): Promise<number | undefined> {
    const last = Math.max(...[...this.series.values()].map((c) => c.at(-1)?.openTime ?? -Infinity));
    return Number.isFinite(last) ? last + FIVE : undefined;
  }
}

const settings = { trainDays: 30, validationDays: 7, minTrainingDays: 28, retrainIntervalDays: 7 };

/**
 * The sub-hour model through the model lifecycle (issue 21): ml's trainIntradayModel trained on the stored 5-minute
 * candles, registered in the `intraday` group, and the never-worse-than-naive guard deciding per horizon whether it
 * serves — then the 5-minute slot serves it.
 */
describe('sub-hour model training (intraday group, guard per horizon)', () => {
  let env: Awaited<ReturnType<typeof createForecastDb>>;
  let registry: ModelRegistry;
  beforeAll(async () => {
    env = await createForecastDb();
    registry = new ModelRegistry(env.db, () => new Date(END));
    await registry.ensureBaseline(['hourly', 'daily', 'intraday']);
  }, 60_000);
  afterAll(async () => env.close());

  it('is not due until enough 5-minute candles are stored', async () => {
    const market = new FixtureIntradayMarket(new Map([['BTC/USDT', fiveMinuteCandles(10, 1, true)]]));
    const lifecycle = new IntradayModelLifecycle(market, registry, ML_INTRADAY_TRAINER, settings);
    expect(await lifecycle.due()).toBeNull();
    await expect(lifecycle.train('manual')).rejects.toThrow(/not enough 5-minute candles/);
  });

  it('the intraday worker enqueues one training job a day on its own queue when due (nothing trained yet), and none when training is off', async () => {
    const market = new FixtureIntradayMarket(new Map([['BTC/USDT', fiveMinuteCandles(30, 5, false)]]));
    const lifecycle = new IntradayModelLifecycle(market, new ModelRegistry(env.db, () => new Date(END)), ML_INTRADAY_TRAINER, settings);
    const enqueued: Array<{ queue: string; name: string; data: unknown; jobId?: string }> = [];
    const queue = {
      enqueue: async (q: string, name: string, data: unknown, opts?: { jobId?: string }) => void enqueued.push({ queue: q, name, data, jobId: opts?.jobId }),
    };
    const worker = (training: boolean) =>
      new IntradayForecastsWorker(
        { runsForecasts: true, env: { FORECAST_INITIAL_TRAINING: training, FORECAST_RETRAIN_INTERVAL_DAYS: 7 } } as unknown as AppConfig,
        queue as unknown as JobQueue,
        registry,
        {} as never,
        {} as never,
        {} as never,
        {} as never,
        market,
        {} as never,
        {} as never,
        lifecycle,
      );
    expect(await worker(false).requestTrainingIfDue()).toBeNull();
    expect(enqueued).toEqual([]);
    expect(await worker(true).requestTrainingIfDue()).toBe('forecast:intraday-train:2025-05-31');
    expect(enqueued).toEqual([
      {
        queue: 'forecasts-intraday-training',
        name: 'intraday-model-train',
        data: { reason: expect.stringMatching(/sub-hour/) },
        jobId: 'forecast:intraday-train:2025-05-31',
      },
    ]);
  });

  it('on a random walk the guard finds no horizon where the model beats naive: retired, naive keeps serving', async () => {
    const market = new FixtureIntradayMarket(
      new Map([
        ['BTC/USDT', fiveMinuteCandles(30, 11, false)],
        ['ETH/USDT', fiveMinuteCandles(30, 12, false)],
      ]),
    );
    const lifecycle = new IntradayModelLifecycle(market, registry, ML_INTRADAY_TRAINER, settings);
    expect(await lifecycle.due()).toMatch(/first sub-hour model/);
    const record = await lifecycle.train('first sub-hour model');
    expect(record.horizonGroup).toBe('intraday');
    expect(record.type).toBe('intraday');
    expect(record.status).toBe('retired');
    expect((await registry.champion('intraday'))!.type).toBe('naive');
    const events = await registry.events();
    expect(events.find((e) => e.kind === 'retired' && e.modelId === record.id)!.reason).toMatch(/did not beat the naive baseline on any sub-hour horizon/);
  }, 240_000);

  it('with a planted intraday pattern it serves the model where the guard says so, and the 5-minute slot serves it', async () => {
    const market = new FixtureIntradayMarket(
      new Map([
        ['BTC/USDT', fiveMinuteCandles(30, 21, true)],
        ['ETH/USDT', fiveMinuteCandles(30, 22, true)],
      ]),
    );
    const lifecycle = new IntradayModelLifecycle(market, registry, ML_INTRADAY_TRAINER, settings);
    const record = await lifecycle.train('first sub-hour model');
    expect(record.status).toBe('champion');
    const guard = (record.backtest as { guard: Record<string, { intervalSource: string }> }).guard;
    const served = Object.entries(guard).filter(([, g]) => g.intervalSource !== 'naive');
    // A pattern this strong is found on every horizon (guard statistics about −4 on the seeds tried).
    expect(served.map(([h]) => h).sort()).toEqual(['15m', '30m', '5m']);
    const promoted = (await registry.events()).find((e) => e.kind === 'promoted' && e.modelId === record.id)!;
    expect(promoted.reason).toContain(`beat the naive baseline on ${served.map(([h]) => h)[0]}`);
    // The hourly/daily model's schedule does not count the sub-hour model: the first hourly training is still asked for.
    expect(await registry.hasTrainedModel()).toBe(false);
    expect(await registry.newestTrainedAt()).toBeUndefined();
    // Trained within the interval: not due again.
    expect(await lifecycle.due()).toBeNull();

    const store = new ForecastsRepository(env.db);
    const runner = new IntradayForecastRunner(market, registry, store, new RecordingPublisher(), ML_INTRADAY_MODELS);
    const result = await runner.runSlot(END);
    expect(result.failedModels).toEqual([]);
    const rows: Array<{ model_version: string; served: boolean; horizon: string; interval_is_naive: boolean }> = await env.db.query(
      `SELECT model_version, served, horizon, interval_is_naive FROM forecasts WHERE origin_time = $1 AND symbol = 'BTC/USDT'`,
      [new Date(END).toISOString()],
    );
    const servedRows = rows.filter((r) => r.served);
    expect(servedRows.map((r) => r.model_version)).toEqual([record.version, record.version, record.version]);
    // Where the guard serves the model's (or the blended) range, the served range is not naive's.
    for (const [horizon] of served) expect(servedRows.find((r) => r.horizon === horizon)!.interval_is_naive).toBe(false);
    expect(rows.filter((r) => r.model_version === 'naive')).toHaveLength(3);
  }, 240_000);
});
