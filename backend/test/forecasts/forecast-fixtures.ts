import { aggregateDaily, historyUntil, type Candle, type CoinHistory, type ForecastModel } from '@coincast/ml';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { loadConfig } from '../../src/bootstrap';
import { typeOrmOptions } from '../../src/database/database.module';
import {
  DEFAULT_FORECAST_SETTINGS,
  type ForecastEvent,
  type ForecastMarketData,
  type ForecastPublisher,
  type ForecastSettings,
  type ModelTrainer,
} from '../../src/forecasts/forecast-ports';
import { ForecastRunner } from '../../src/forecasts/forecast-runner';
import { ForecastScheduler } from '../../src/forecasts/forecast-scheduler';
import { ForecastsRepository } from '../../src/forecasts/forecasts.repository';
import { ModelLifecycle } from '../../src/forecasts/model-lifecycle';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import type { JobQueue } from '../../src/infra/ports';
import { createTestDatabase } from '../support/test-app';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A migrated database of its own: in-memory PGlite, or a fresh PostgreSQL database with CI=true. */
export async function createForecastDb(): Promise<{ db: DataSource; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', ...(database.url ? { DATABASE_URL: database.url } : {}) } as NodeJS.ProcessEnv);
  const db = new DataSource(typeOrmOptions(config) as DataSourceOptions);
  await db.initialize();
  await db.runMigrations({ transaction: 'each' }); // the app runs them itself (DatabaseModule), this test set-up too
  return {
    db,
    close: async () => {
      await db.destroy();
      await database.drop();
    },
  };
}

/** Seeded random walk with a chosen hourly volatility. */
export function randomWalk(start: number, count: number, price: number, seed: number, vol = 0.01): Candle[] {
  let s = seed;
  const u = () => ((s = (s * 1664525 + 1013904223) % 4294967296) + 0.5) / 4294967296;
  const out: Candle[] = [];
  for (let i = 0; i < count; i++) {
    const open = price;
    const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    price = open * Math.exp(vol * z);
    out.push({ openTime: start + i * HOUR, open, high: Math.max(open, price) * 1.001, low: Math.min(open, price) * 0.999, close: price, volume: 100 });
  }
  return out;
}

/**
 * In-memory market: full candle series per symbol, a market clock, and an "ingested up to" time per symbol that
 * simulates ingestion lag (candles closing after it are not visible yet).
 */
export class FixtureMarket implements ForecastMarketData {
  readonly series = new Map<string, CoinHistory>();
  readonly ingestedUntil = new Map<string, number>();
  clock: number;

  constructor(symbols: string[], start: number, hours: number, now: number, vols: Record<string, number> = {}) {
    symbols.forEach((symbol, i) => {
      const hourly = randomWalk(start, hours, 100 * (i + 1), 7 + i, vols[symbol] ?? 0.01);
      this.series.set(symbol, { coin: symbol, hourly, daily: aggregateDaily(hourly) });
    });
    this.clock = now;
  }

  now(): number {
    return this.clock;
  }

  async trackedSymbols(): Promise<string[]> {
    return [...this.series.keys()];
  }

  private visibleUntil(symbol: string, until: number): number {
    return Math.min(until, this.clock, this.ingestedUntil.get(symbol) ?? Infinity);
  }

  async history(symbol: string, until: number, lookback: { hourly: number; daily: number }): Promise<CoinHistory> {
    const full = this.series.get(symbol)!;
    return historyUntil(full, this.visibleUntil(symbol, until), lookback);
  }

  async histories(symbols: readonly string[], until: number, lookback: { hourly: number; daily: number }): Promise<Map<string, CoinHistory>> {
    return new Map(await Promise.all(symbols.map(async (symbol) => [symbol, await this.history(symbol, until, lookback)] as const)));
  }

  async candlesReadyUntil(): Promise<number | undefined> {
    let ready: number | undefined;
    for (const [symbol, h] of this.series) {
      const last = historyUntil(h, this.visibleUntil(symbol, Infinity)).hourly.at(-1);
      if (last) ready = Math.max(ready ?? 0, last.openTime + HOUR);
    }
    return ready;
  }

  async closesAt(symbol: string, times: number[]): Promise<Map<number, number>> {
    const full = this.series.get(symbol)!;
    const out = new Map<number, number>();
    for (const t of times) {
      if (t > this.visibleUntil(symbol, t)) continue;
      const c = full.hourly.find((x) => x.openTime === t - HOUR);
      if (c) out.set(t, c.close);
    }
    return out;
  }
}

export class RecordingPublisher implements ForecastPublisher {
  readonly events: ForecastEvent[] = [];
  publish(event: ForecastEvent): void {
    this.events.push(event);
  }
}

/** A trainer returning a real (cheap) ml model, counting its calls. */
export class FixtureTrainer implements ModelTrainer {
  calls: Array<{ coins: number; until: number }> = [];
  constructor(private readonly make: (histories: CoinHistory[], until: number) => ForecastModel) {}
  async train(histories: CoinHistory[], until: number): Promise<ForecastModel> {
    this.calls.push({ coins: histories.length, until });
    return this.make(histories, until);
  }
}

/** Hourly candles whose volatility switches every `blockDays` between calm and wild (a GARCH model beats naive). */
export function regimeWalk(start: number, hours: number, price: number, seed: number, vols: [number, number] = [0.003, 0.03], blockDays = 7): Candle[] {
  const out: Candle[] = [];
  for (let block = 0; out.length < hours; block++) {
    const n = Math.min(blockDays * 24, hours - out.length);
    const segment = randomWalk(start + out.length * HOUR, n, out.at(-1)?.close ?? price, seed + block, vols[block % 2]);
    out.push(...segment);
  }
  return out;
}

export interface ForecastRig {
  market: ForecastMarketData;
  store: ForecastsRepository;
  registry: ModelRegistry;
  runner: ForecastRunner;
  lifecycle: ModelLifecycle;
  scheduler: ForecastScheduler;
  publisher: RecordingPublisher;
  settings: ForecastSettings;
}

export function buildRig(
  db: DataSource,
  market: ForecastMarketData,
  queue: JobQueue,
  trainer: ModelTrainer,
  overrides: Partial<ForecastSettings> = {},
): ForecastRig {
  const settings: ForecastSettings = { ...DEFAULT_FORECAST_SETTINGS, backtestDays: 3, slotBackoffMs: 10, ...overrides };
  const store = new ForecastsRepository(db);
  const registry = new ModelRegistry(db, () => new Date(market.now()));
  const publisher = new RecordingPublisher();
  const runner = new ForecastRunner(market, registry, store, publisher, () => undefined, { graceMs: settings.slotGraceMs });
  const lifecycle = new ModelLifecycle(market, registry, store, trainer, settings, () => market.now());
  const scheduler = new ForecastScheduler(queue, store, market, settings);
  return { market, store, registry, runner, lifecycle, scheduler, publisher, settings };
}

/** Resolves when `predicate` holds (polling), or rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
