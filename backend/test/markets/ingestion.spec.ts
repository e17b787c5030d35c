import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MarketDataRouter } from '../../src/markets/market-data-router';
import { MarketIds } from '../../src/markets/market-id';
import { aggregateCandles } from '../../src/markets/aggregate';
import { Candle, TIMEFRAME_MS, Timeframe } from '../../src/markets/candle';
import { CandleSeriesKey, CandlesRepository } from '../../src/markets/candles.repository';
import { IngestionOptions, IngestionService } from '../../src/markets/ingestion.service';
import { MarketDataProvider, MarketInfo, ProviderTicker } from '../../src/markets/market-data-provider';
import { syntheticCandles } from '../support/fake-exchange';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, TestApp } from '../support/test-app';

const HOUR = TIMEFRAME_MS['1h'];
const NOW = Date.UTC(2026, 0, 10, 12, 30); // mid-candle: the 12:00 candle is open
const START = NOW - 5 * 24 * HOUR - 30 * 60_000; // 5 days of history, hour-aligned

/**
 * A scripted source: fixed candles, a clock, and switches to fail the Nth request, hide a range (an outage on the
 * exchange side) or change the open candle. Counts its requests.
 */
class ScriptedProvider implements MarketDataProvider {
  readonly source = 'ccxt' as const;
  readonly exchange = 'scripted';
  requests = 0;
  failOnRequest?: number;
  hidden?: { from: number; to: number };
  constructor(public series: Map<string, Candle[]>) {}
  clock = NOW;
  now(): number {
    return this.clock;
  }
  async listMarkets(): Promise<MarketInfo[]> {
    return [];
  }
  async defaultSymbols(): Promise<string[]> {
    return [...this.series.keys()];
  }
  async fetchTickers(): Promise<ProviderTicker[]> {
    return [];
  }
  async close(): Promise<void> {}
  async fetchCandles(symbol: string, timeframe: Timeframe, since: number, limit: number): Promise<Candle[]> {
    this.requests++;
    if (this.failOnRequest !== undefined && this.requests === this.failOnRequest) throw new Error('connection reset');
    const hourly = this.series.get(symbol) ?? [];
    const candles = timeframe === '1h' ? hourly : aggregateCandles(hourly, timeframe);
    return candles
      .filter((c) => c.openTime >= since && !(this.hidden && c.openTime >= this.hidden.from && c.openTime <= this.hidden.to))
      .slice(0, limit)
      .map((c) => ({ ...c }));
  }
}

/** Crashes in the middle of a page: writes the first half, then dies (as a killed process would). */
class CrashingRepository extends CandlesRepository {
  crashOnUpsert?: number;
  private upserts = 0;
  override async upsert(key: CandleSeriesKey, candles: readonly Candle[], fetchedAt?: number): Promise<number> {
    this.upserts++;
    if (this.upserts === this.crashOnUpsert) {
      await super.upsert(key, candles.slice(0, Math.floor(candles.length / 2)), fetchedAt);
      throw new Error('process killed mid-batch');
    }
    return super.upsert(key, candles, fetchedAt);
  }
}

describe('IngestionService (idempotent candle upserts into the database)', () => {
  let t: TestApp;
  let provider: ScriptedProvider;
  let repository: CrashingRepository;
  let ingestion: IngestionService;
  const options: IngestionOptions = { timeframes: ['1h', '1d'], backfillDays: { '1h': 5, '1d': 5 }, pageSize: 24, concurrency: 1 };
  const key: CandleSeriesKey = { exchange: 'scripted', symbol: 'BTC/USDT', timeframe: '1h' };
  const expectedHours = 5 * 24 + 1; // 5 days back to the open candle included

  const dump = async () =>
    t.dataSource.query(
      `SELECT symbol, timeframe, open_time, open::text, high::text, low::text, close::text, volume::text, updated_at
       FROM candles WHERE exchange = 'scripted' ORDER BY symbol, timeframe, open_time`,
    );

  const folder = makeReplayFolder(['BTC'], 48);

  beforeAll(async () => {
    // ROLE=api: the app's own worker stays idle; the test drives an IngestionService over a scripted source.
    t = await createTestApp({ env: { ROLE: 'api', MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir } });
  });
  afterAll(async () => {
    await t?.close();
    folder.remove();
  });
  beforeEach(async () => {
    await t.dataSource.query(`DELETE FROM candles WHERE exchange = 'scripted'`);
    provider = new ScriptedProvider(
      new Map([
        ['BTC/USDT', syntheticCandles(START - 10 * 24 * HOUR, 15 * 24 + 1, 40_000, 1)],
        ['ETH/USDT', syntheticCandles(START - 10 * 24 * HOUR, 15 * 24 + 1, 3_000, 2)],
      ]),
    );
    repository = new CrashingRepository(t.dataSource, new MarketIds('scripted'));
    ingestion = new IngestionService(new MarketDataRouter([provider]), repository, options);
  });

  it('backfills the configured depth and a second run changes nothing (same rows, same updated_at)', async () => {
    const first = await ingestion.syncAll(['BTC/USDT', 'ETH/USDT']);
    expect(first.every((r) => r.written > 0)).toBe(true);
    expect(await repository.count(key)).toBe(expectedHours);
    expect(await repository.count({ ...key, timeframe: '1d' })).toBe(6);
    expect(await repository.bounds(key)).toEqual({ first: START, last: NOW - 30 * 60_000 });
    const before = await dump();
    await ingestion.syncAll(['BTC/USDT', 'ETH/USDT']);
    expect(await dump()).toEqual(before);
  });

  it('stores prices exactly as given', async () => {
    await ingestion.syncSeries('BTC/USDT', '1h');
    const [row] = await repository.find(key, { from: new Date(START), limit: 1 });
    const source = provider.series.get('BTC/USDT')!.find((c) => c.openTime === START)!;
    expect(Number(row!.close)).toBe(source.close);
    expect(Number(row!.volume)).toBe(source.volume);
  });

  it('a run that dies on a failed request is completed by the next run, without holes or duplicates', async () => {
    provider.failOnRequest = 3;
    await expect(ingestion.syncSeries('BTC/USDT', '1h')).rejects.toThrow(/connection reset/);
    const partial = await repository.count(key);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(expectedHours);
    provider.failOnRequest = undefined;
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(expectedHours);
    expect(await repository.findGaps(key, START)).toEqual([]);
  });

  it('a process killed in the middle of a batch is completed by the rerun', async () => {
    repository.crashOnUpsert = 2;
    await expect(ingestion.syncSeries('BTC/USDT', '1h')).rejects.toThrow(/killed mid-batch/);
    expect(await repository.count(key)).toBe(24 + 12);
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(expectedHours);
    expect(await repository.findGaps(key, START)).toEqual([]);
  });

  it('detects a gap left by an exchange outage and refills it once the data is there', async () => {
    const hole = { from: START + 30 * HOUR, to: START + 40 * HOUR };
    provider.hidden = hole;
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(expectedHours - 11);
    expect(await repository.findGaps(key, START)).toEqual([hole]);

    // A range the source has no data for is asked once, not on every run: the next run only catches up.
    const requestsBefore = provider.requests;
    const stillMissing = await ingestion.syncSeries('BTC/USDT', '1h');
    expect(stillMissing.gapsRefilled).toBe(0);
    expect(provider.requests - requestsBefore).toBe(1);

    provider.hidden = undefined;
    const refill = new IngestionService(new MarketDataRouter([provider]), repository, options); // e.g. after a restart
    const result = await refill.syncSeries('BTC/USDT', '1h');
    expect(result.gapsRefilled).toBe(1);
    expect(await repository.findGaps(key, START)).toEqual([]);
    expect(await repository.count(key)).toBe(expectedHours);
  });

  it('refills history missing before the first stored candle (depth raised)', async () => {
    await new IngestionService(new MarketDataRouter([provider]), repository, { ...options, backfillDays: { '1h': 2, '1d': 2 } }).syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(2 * 24 + 1);
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(expectedHours);
    expect((await repository.bounds(key))!.first).toBe(START);
  });

  it('asks once for the history before a late listing, even as the depth window moves', async () => {
    const listed = START + 24 * HOUR;
    const series = provider.series.get('BTC/USDT')!;
    provider.series.set(
      'BTC/USDT',
      series.filter((c) => c.openTime >= listed),
    );
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(expectedHours - 24);
    // An hour later (a new candle, the depth start one hour on): only the catch-up request is made.
    provider.clock = NOW + HOUR;
    provider.series.get('BTC/USDT')!.push({ ...series.at(-1)!, openTime: series.at(-1)!.openTime + HOUR });
    const before = provider.requests;
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(provider.requests - before).toBe(1);
    expect(await repository.count(key)).toBe(expectedHours - 24 + 1);
  });

  it('updates the still-open candle in place', async () => {
    await ingestion.syncSeries('BTC/USDT', '1h');
    const series = provider.series.get('BTC/USDT')!;
    const open = series.at(-1)!;
    series[series.length - 1] = { ...open, close: open.close * 1.01, high: open.high * 1.02, volume: open.volume + 5 };
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect(await repository.count(key)).toBe(expectedHours);
    const [row] = await repository.find(key, { limit: 1 });
    expect(row!.openTime.getTime()).toBe(open.openTime);
    expect(Number(row!.close)).toBeCloseTo(open.close * 1.01, 8);
    expect(Number(row!.volume)).toBeCloseTo(open.volume + 5, 8);
  });

  it('stores the forming candle as not closed and closes it only when fetched after its close time', async () => {
    await ingestion.syncSeries('BTC/USDT', '1h');
    const closedOf = async () =>
      (
        await t.dataSource.query(
          `SELECT (extract(epoch FROM open_time) * 1000)::bigint AS t, closed FROM candles
         WHERE exchange = 'scripted' AND symbol = 'BTC/USDT' AND timeframe = '1h' ORDER BY open_time DESC LIMIT 2`,
        )
      ).map((r: { t: string; closed: boolean }) => ({ t: Number(r.t), closed: r.closed }));
    const forming = NOW - 30 * 60_000; // the 12:00 candle, fetched at 12:30
    expect(await closedOf()).toEqual([
      { t: forming, closed: false },
      { t: forming - HOUR, closed: true },
    ]);
    // Still before the close (12:59): the same values fetched again are still forming.
    provider.clock = forming + HOUR - 60_000;
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect((await closedOf())[0]).toEqual({ t: forming, closed: false });
    // After the close, the same values (no trade in the last minutes) are final now.
    provider.clock = forming + HOUR + 5_000;
    await ingestion.syncSeries('BTC/USDT', '1h');
    expect((await closedOf())[0]).toEqual({ t: forming, closed: true });
  });

  it('keeps syncing the other series when one fails', async () => {
    provider.failOnRequest = 1;
    const results = await ingestion.syncAll(['BTC/USDT', 'ETH/USDT']);
    expect(results.length).toBe(3); // 4 series, the first one failed
    expect(await repository.count({ ...key, symbol: 'ETH/USDT' })).toBe(expectedHours);
  });
});
