import type { Candle } from '@coincast/ml';
import { describe, expect, it } from 'vitest';
import { IntradayCandleCache } from '../../src/forecasts/intraday-candle-cache';

const STEP = 300_000;
const T0 = Date.UTC(2025, 4, 1);

const candle = (openTime: number, close = 100 + (openTime - T0) / STEP): Candle => ({ openTime, open: close, high: close, low: close, close, volume: 1 });

/** An in-memory candle table with the reader's contract, counting what it is asked. */
function fakeStore(symbols: string[], count: number) {
  const table = new Map<string, Candle[]>(symbols.map((s) => [s, Array.from({ length: count }, (_, i) => candle(T0 + i * STEP))]));
  const calls: Array<{ symbols: string[]; lastOpen: number; limit: number }> = [];
  const read = async (asked: readonly string[], lastOpen: number, limit: number) => {
    calls.push({ symbols: [...asked], lastOpen, limit });
    return fresh(asked, lastOpen, limit);
  };
  const fresh = (asked: readonly string[], lastOpen: number, limit: number) =>
    new Map(
      asked.map((s) => {
        const all = (table.get(s) ?? []).filter((c) => c.openTime <= lastOpen).sort((a, b) => a.openTime - b.openTime);
        return [s, all.slice(Math.max(0, all.length - limit))];
      }),
    );
  const append = (s: string, c: Candle) => table.get(s)!.push(c);
  const remove = (s: string, openTime: number) =>
    table.set(
      s,
      table.get(s)!.filter((c) => c.openTime !== openTime),
    );
  return { read, fresh, calls, append, remove, table };
}

describe('IntradayCandleCache (the sub-hour slot reads only the candles closed since the previous slot)', () => {
  it('serves the same windows as a fresh read while the slots advance, with one small top-up query per slot', async () => {
    const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT', 'DOGE/USDT', 'BNB/USDT'];
    const store = fakeStore(symbols, 3_000);
    const cache = new IntradayCandleCache(store.read, { stepMs: STEP, fullReadBatch: 5 });
    let last = T0 + 2_999 * STEP;
    expect(await cache.latest(symbols, last, 2_022)).toEqual(store.fresh(symbols, last, 2_022));
    // The first use reads every market's window in full, in batches of 5.
    expect(store.calls.map((c) => [c.symbols.length, c.limit])).toEqual([
      [5, 2_022],
      [2, 2_022],
    ]);

    for (let slot = 1; slot <= 5; slot++) {
      store.calls.length = 0;
      last += STEP;
      for (const s of symbols) store.append(s, candle(last));
      const got = await cache.latest(symbols, last, 2_022);
      expect(got).toEqual(store.fresh(symbols, last, 2_022));
      expect(got.get('BTC/USDT')).toHaveLength(2_022);
      // One query for all markets asking for the one new candle (plus the staggered re-reads: none this early).
      const topUps = store.calls.filter((c) => c.limit === 1);
      expect(topUps).toHaveLength(1);
      expect(topUps[0]!.symbols.sort()).toEqual([...symbols].sort());
    }
  });

  it('picks up a candle that was late at the first try of a slot on its retry', async () => {
    const store = fakeStore(['BTC/USDT', 'ETH/USDT'], 500);
    const cache = new IntradayCandleCache(store.read, { stepMs: STEP });
    let last = T0 + 499 * STEP;
    await cache.latest(['BTC/USDT', 'ETH/USDT'], last, 288);
    last += STEP;
    store.append('BTC/USDT', candle(last)); // ETH's candle is still being ingested
    const first = await cache.latest(['BTC/USDT', 'ETH/USDT'], last, 288);
    expect(first.get('ETH/USDT')!.at(-1)!.openTime).toBe(last - STEP);
    store.append('ETH/USDT', candle(last));
    const retry = await cache.latest(['BTC/USDT', 'ETH/USDT'], last, 288);
    expect(retry.get('ETH/USDT')!.at(-1)!.openTime).toBe(last);
    expect(retry).toEqual(store.fresh(['BTC/USDT', 'ETH/USDT'], last, 288));
  });

  it('reads in full for a longer window or an older slot (catch-up), and keeps the newer window for the next slot', async () => {
    const store = fakeStore(['BTC/USDT'], 8_000);
    const cache = new IntradayCandleCache(store.read, { stepMs: STEP });
    const last = T0 + 7_999 * STEP;
    await cache.latest(['BTC/USDT'], last, 2_022);
    store.calls.length = 0;
    expect(await cache.latest(['BTC/USDT'], last, 6_055)).toEqual(store.fresh(['BTC/USDT'], last, 6_055));
    expect(store.calls).toEqual([{ symbols: ['BTC/USDT'], lastOpen: last, limit: 6_055 }]);

    store.calls.length = 0;
    const older = last - 10 * STEP;
    expect(await cache.latest(['BTC/USDT'], older, 2_022)).toEqual(store.fresh(['BTC/USDT'], older, 2_022));
    expect(store.calls).toHaveLength(1);

    store.calls.length = 0;
    store.append('BTC/USDT', candle(last + STEP));
    expect(await cache.latest(['BTC/USDT'], last + STEP, 2_022)).toEqual(store.fresh(['BTC/USDT'], last + STEP, 2_022));
    expect(store.calls).toEqual([{ symbols: ['BTC/USDT'], lastOpen: last + STEP, limit: 1 }]);
  });

  it('picks up a gap filled later behind the newest candle within the refresh time, re-reading few markets a slot', async () => {
    const symbols = Array.from({ length: 24 }, (_, i) => `C${i}/USDT`);
    const store = fakeStore(symbols, 1_000);
    const hole = T0 + 990 * STEP;
    for (const s of symbols) store.remove(s, hole);
    const cache = new IntradayCandleCache(store.read, { stepMs: STEP, refreshMs: 12 * STEP, fullReadBatch: 100 });
    let last = T0 + 999 * STEP;
    await cache.latest(symbols, last, 288);
    // The ingestion fills the hole afterwards.
    for (const s of symbols)
      store.table.set(
        s,
        [...store.table.get(s)!, candle(hole)].sort((a, b) => a.openTime - b.openTime),
      );
    const fullReadsPerSlot: number[] = [];
    for (let slot = 1; slot <= 12; slot++) {
      store.calls.length = 0;
      last += STEP;
      for (const s of symbols) store.append(s, candle(last));
      await cache.latest(symbols, last, 288);
      fullReadsPerSlot.push(store.calls.filter((c) => c.limit === 288).reduce((n, c) => n + c.symbols.length, 0));
    }
    // Every market re-read once within the refresh time, spread over the slots (24 markets / 12 slots).
    expect(fullReadsPerSlot.reduce((a, b) => a + b, 0)).toBe(24);
    expect(Math.max(...fullReadsPerSlot)).toBeLessThanOrEqual(2);
    expect(await cache.latest(symbols, last, 288)).toEqual(store.fresh(symbols, last, 288));
  });

  it('keeps at most maxMarkets markets (least recently used go first) and serves markets without candles', async () => {
    const store = fakeStore(['A/USDT', 'B/USDT', 'C/USDT'], 100);
    const cache = new IntradayCandleCache(store.read, { stepMs: STEP, maxMarkets: 2 });
    const last = T0 + 99 * STEP;
    await cache.latest(['A/USDT', 'B/USDT'], last, 50);
    await cache.latest(['A/USDT'], last, 50);
    await cache.latest(['C/USDT'], last, 50);
    expect(cache.size).toBe(2);
    store.calls.length = 0;
    await cache.latest(['A/USDT', 'C/USDT'], last, 50);
    expect(store.calls).toHaveLength(0); // both still cached; B went
    const none = await cache.latest(['NEW/USDT'], last, 50);
    expect(none.get('NEW/USDT')).toEqual([]);
  });
});
