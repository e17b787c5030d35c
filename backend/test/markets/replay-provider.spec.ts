import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregateCandles } from '../../src/markets/aggregate';
import { Candle } from '../../src/markets/candle';
import { partialCandle, priceAt } from '../../src/markets/replay/intra-candle-path';
import { listReplayFiles, parseCandleCsv } from '../../src/markets/replay/replay-csv';
import { ReplayMarketDataProvider, replayShift } from '../../src/markets/replay/replay-market-data.provider';
import { syntheticCandles } from '../support/fake-exchange';
import { candleCsv, makeReplayFolder } from '../support/replay-fixture';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const DATA_START = Date.UTC(2025, 0, 1);
const BTC = syntheticCandles(DATA_START, 60 * 24, 40_000, 3);
const DATA_END = BTC.at(-1)!.openTime + HOUR;

function provider(wall: { now: number }, speed = 1): ReplayMarketDataProvider {
  return ReplayMarketDataProvider.fromSeries([{ symbol: 'BTC/USDT', timeframe: '1h', candles: BTC }], {
    speed,
    wallClock: () => wall.now,
  });
}

describe('replayShift', () => {
  it('moves the data end just past now by whole weeks (keeps UTC days and weekdays)', () => {
    fc.assert(
      fc.property(fc.integer({ min: DATA_END, max: DATA_END + 3_000 * DAY }), (now) => {
        const shift = replayShift(DATA_END, now);
        expect(shift % WEEK).toBe(0);
        expect(DATA_END + shift).toBeGreaterThan(now);
        expect(DATA_END + shift - now).toBeLessThanOrEqual(WEEK);
      }),
    );
  });
});

describe('intra-candle price path', () => {
  const candleArb = fc
    .record({
      open: fc.double({ min: 1, max: 1e5, noNaN: true }),
      close: fc.double({ min: 1, max: 1e5, noNaN: true }),
      up: fc.double({ min: 0, max: 0.1, noNaN: true }),
      down: fc.double({ min: 0, max: 0.1, noNaN: true }),
      hour: fc.integer({ min: 0, max: 100_000 }),
    })
    .map(({ open, close, up, down, hour }): Candle => ({
      openTime: DATA_START + hour * HOUR,
      open,
      close,
      high: Math.max(open, close) * (1 + up),
      low: Math.min(open, close) * (1 - down),
      volume: 10,
    }));

  it('starts at the open, ends at the close, never leaves [low, high], and touches both', () => {
    fc.assert(
      fc.property(candleArb, fc.integer(), (candle, seed) => {
        expect(priceAt(candle, 0, seed)).toBeCloseTo(candle.open, 6);
        expect(priceAt(candle, 1, seed)).toBeCloseTo(candle.close, 6);
        const prices = Array.from({ length: 721 }, (_, s) => priceAt(candle, s / 720, seed));
        const range = candle.high - candle.low;
        for (const price of prices) {
          expect(price).toBeGreaterThanOrEqual(candle.low - 1e-9 * candle.high);
          expect(price).toBeLessThanOrEqual(candle.high * (1 + 1e-12));
        }
        // Sampled every 5 s of an hour, the path comes within 1% of the range of both extremes.
        expect(candle.high - Math.max(...prices)).toBeLessThanOrEqual(0.01 * range + 1e-9);
        expect(Math.min(...prices) - candle.low).toBeLessThanOrEqual(0.01 * range + 1e-9);
      }),
      { numRuns: 50 },
    );
  });

  it('partial candles report the extremes reached so far and a pro-rata volume', () => {
    fc.assert(
      fc.property(candleArb, fc.double({ min: 0, max: 1, noNaN: true }), (candle, fraction) => {
        const partial = partialCandle(candle, fraction, 7);
        const seen = Array.from({ length: 401 }, (_, i) => priceAt(candle, (fraction * i) / 400, 7));
        const slack = 0.01 * (candle.high - candle.low) + 1e-9;
        // Never below what was traded so far, and not above it by more than sampling misses.
        expect(partial.high).toBeGreaterThanOrEqual(Math.max(...seen) - 1e-9);
        expect(partial.high - Math.max(...seen)).toBeLessThanOrEqual(slack);
        expect(partial.low).toBeLessThanOrEqual(Math.min(...seen) + 1e-9);
        expect(Math.min(...seen) - partial.low).toBeLessThanOrEqual(slack);
        expect(partial.close).toBeCloseTo(priceAt(candle, fraction, 7), 9);
        expect(partial.volume).toBeCloseTo(candle.volume * fraction, 9);
      }),
      { numRuns: 100 },
    );
  });
});

describe('ReplayMarketDataProvider', () => {
  const now = Date.UTC(2026, 10, 23, 14, 20, 5);

  it('puts the candle containing "now" last, partial, on the shifted timeline', async () => {
    const replay = provider({ now });
    const candles = await replay.fetchCandles('BTC/USDT', '1h', now - 48 * HOUR, 1_000);
    expect(candles).toHaveLength(49);
    const last = candles.at(-1)!;
    expect(last.openTime).toBe(Date.UTC(2026, 10, 23, 14));
    candles.slice(1).forEach((c, i) => expect(c.openTime - candles[i]!.openTime).toBe(HOUR));
    const [ticker] = await replay.fetchTickers(['BTC/USDT']);
    expect(ticker!.price).toBeCloseTo(last.close, 9);
    expect(ticker!.timestamp).toBe(now);
    // The complete candles are the recorded ones, shifted by whole weeks.
    const recorded = BTC.find((c) => (candles[0]!.openTime - c.openTime) % WEEK === 0 && Math.abs(c.close - candles[0]!.close) < 1e-5);
    expect(recorded).toBeDefined();
    expect(String(last.close).replace(/^0\.0*|\./g, '').length).toBeLessThanOrEqual(10); // quoted like an exchange
  });

  it('moves the price every second, deterministically', async () => {
    const wall = { now };
    const a = provider(wall);
    const b = provider({ now });
    const first = (await a.fetchTickers(['BTC/USDT']))[0]!.price;
    expect((await b.fetchTickers(['BTC/USDT']))[0]!.price).toBe(first);
    const prices = new Set<number>([first]);
    for (let s = 1; s <= 10; s++) {
      wall.now = now + s * 1_000;
      prices.add((await a.fetchTickers(['BTC/USDT']))[0]!.price);
    }
    expect(prices.size).toBe(11);
  });

  it('reports the 24h change and the 24h volume from the replayed path', async () => {
    const replay = provider({ now });
    const [ticker] = await replay.fetchTickers(['BTC/USDT']);
    const dayAgo = await replay.fetchCandles('BTC/USDT', '1h', now - DAY - HOUR, 1);
    expect(dayAgo).toHaveLength(1);
    const hourly = await replay.fetchCandles('BTC/USDT', '1h', now - DAY, 100);
    const fraction = (now % HOUR) / HOUR;
    const volume = hourly.slice(1).reduce((sum, c) => sum + c.volume, 0) + hourly[0]!.volume * (1 - fraction);
    expect(ticker!.volume24h).toBeCloseTo(volume, 6);
    expect(Math.abs(ticker!.change24h)).toBeLessThan(50);
    expect(ticker!.change24h).not.toBe(0);
  });

  it('runs the clock `speed` times faster than the wall clock', async () => {
    const wall = { now };
    const replay = provider(wall, 60);
    wall.now = now + 60_000; // one wall minute = one replayed hour
    expect(replay.now()).toBe(now + HOUR);
    const candles = await replay.fetchCandles('BTC/USDT', '1h', now - HOUR, 10);
    expect(candles.at(-1)!.openTime).toBe(Date.UTC(2026, 10, 23, 15));
  });

  it('keeps producing contiguous hourly candles after the recorded data ends', async () => {
    const wall = { now };
    const replay = provider(wall);
    wall.now = now + 30 * DAY; // far past the end of the file
    const candles = await replay.fetchCandles('BTC/USDT', '1h', wall.now - 20 * DAY, 1_000);
    expect(candles.length).toBeGreaterThan(400);
    candles.slice(1).forEach((c, i) => {
      expect(c.openTime - candles[i]!.openTime).toBe(HOUR);
      expect(c.low).toBeLessThanOrEqual(c.high);
      expect(Number.isFinite(c.close) && c.close > 0).toBe(true);
    });
  });

  it('aggregates daily candles from the hourly ones, the current day partial', async () => {
    const replay = provider({ now });
    const daily = await replay.fetchCandles('BTC/USDT', '1d', now - 3 * DAY, 10);
    expect(daily.map((c) => c.openTime)).toEqual([3, 2, 1, 0].map((d) => Date.UTC(2026, 10, 23) - d * DAY));
    const hourly = await replay.fetchCandles('BTC/USDT', '1h', daily[1]!.openTime, 24);
    const expected = aggregateCandles(hourly, '1d')[0]!;
    for (const field of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) {
      expect(daily[1]![field]).toBeCloseTo(expected[field], 5);
    }
    const today = await replay.fetchCandles('BTC/USDT', '1h', Date.UTC(2026, 10, 23), 100);
    expect(daily.at(-1)!.volume).toBeCloseTo(
      today.reduce((s, c) => s + c.volume, 0),
      6,
    );
  });

  it('knows nothing of other symbols and of timeframes finer than its files', async () => {
    const replay = provider({ now });
    expect(await replay.fetchTickers(['ETH/USDT'])).toEqual([]);
    expect(await replay.fetchCandles('ETH/USDT', '1h', now - DAY, 10)).toEqual([]);
    const daily = ReplayMarketDataProvider.fromSeries([{ symbol: 'BNB/USDT', timeframe: '1d', candles: aggregateCandles(BTC, '1d') }], {
      speed: 1,
      wallClock: () => now,
    });
    expect(await daily.fetchCandles('BNB/USDT', '1h', now - DAY, 10)).toEqual([]);
    expect(await daily.fetchCandles('BNB/USDT', '1d', now - 3 * DAY, 10)).toHaveLength(4);
  });

  it('tracks by default only symbols with hourly candles (a daily-only file cannot feed live prices)', async () => {
    const mixed = ReplayMarketDataProvider.fromSeries(
      [
        { symbol: 'BTC/USDT', timeframe: '1h', candles: BTC },
        { symbol: 'BNB/USDT', timeframe: '1d', candles: aggregateCandles(BTC, '1d') },
      ],
      { speed: 1, wallClock: () => now },
    );
    expect(await mixed.defaultSymbols()).toEqual(['BTC/USDT']);
    expect((await mixed.listMarkets()).map((market) => market.symbol)).toEqual(['BNB/USDT', 'BTC/USDT']);
  });
});

describe('replay folder', () => {
  const folder = makeReplayFolder(['BTC', 'ETH']);
  afterAll(() => folder.remove());

  it('lists one series per symbol at its finest timeframe and ignores other files', async () => {
    writeFileSync(path.join(folder.dir, 'BTCUSDT_1d.csv'), candleCsv(aggregateCandles(BTC, '1d')));
    writeFileSync(path.join(folder.dir, 'BNBUSDT_1d.csv'), candleCsv(aggregateCandles(BTC, '1d')));
    writeFileSync(path.join(folder.dir, 'BTCUSD_cryptocompare_1d.csv'), candleCsv(BTC.slice(0, 5)));
    const files = await listReplayFiles(folder.dir);
    expect(files.map((f) => `${f.symbol} ${f.timeframe}`)).toEqual(['BNB/USDT 1d', 'BTC/USDT 1h', 'ETH/USDT 1h']);
    const replay = await ReplayMarketDataProvider.fromFolder({ dir: folder.dir, speed: 1, wallClock: () => Date.now() }, ['ETH/USDT']);
    expect(await replay.defaultSymbols()).toEqual(['ETH/USDT']);
  });

  it('parses the CSV format exactly and rejects a broken line', () => {
    const text = 'timestamp,open,high,low,close,volume\n2018-01-01T01:00:00Z,2,3,1,2.5,10\n2018-01-01T00:00:00Z,1,2,0.5,1.5,7.25\n';
    expect(parseCandleCsv(text)).toEqual([
      { openTime: Date.UTC(2018, 0, 1, 0), open: 1, high: 2, low: 0.5, close: 1.5, volume: 7.25 },
      { openTime: Date.UTC(2018, 0, 1, 1), open: 2, high: 3, low: 1, close: 2.5, volume: 10 },
    ]);
    expect(() => parseCandleCsv(`${text}2018-01-01T02:00:00Z,2,3,x,2.5,10\n`, 'F.csv')).toThrow(/F.csv: invalid candle on line 4/);
    expect(() => parseCandleCsv('time,o,h,l,c,v\n')).toThrow(/expected header/);
  });
});
