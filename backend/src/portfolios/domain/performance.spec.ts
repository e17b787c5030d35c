import { describe, expect, it } from 'vitest';
import { replayLedger } from './ledger';
import { computePerformance, serializePerformance } from './performance';
import { priceTable, tx } from './scenarios/scenario-helpers';

describe('computePerformance edge cases', () => {
  it('no transactions, or a range ending before the first one: empty series, zero TWR, no IRR', () => {
    const empty = computePerformance({ events: [], prices: new Map(), toDay: '2024-01-10', benchmarkAsset: 'BTC' });
    expect(empty).toEqual({ series: [], twr: 0, irr: null });
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [tx('p', 'buy', '2024-01-05T00:00:00Z', 'ETH', '1', '100')]);
    expect(computePerformance({ events: ledger.events, prices: new Map(), toDay: '2024-01-03', benchmarkAsset: 'BTC' }).series).toEqual([]);
  });

  it('without candles, trades mark the asset at their own price and the mark carries forward', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [
      tx('p', 'buy', '2024-01-01T12:00:00Z', 'XYZ', '2', '100'),
      tx('p', 'sell', '2024-01-03T12:00:00Z', 'XYZ', '1', '120'),
    ]);
    const perf = computePerformance({
      events: ledger.events,
      prices: new Map(),
      toDay: '2024-01-04',
      benchmarkAsset: 'BTC',
      fallbackPrices: new Map([['XYZ', 999]]),
    });
    expect(perf.series.map((p) => [p.date, p.value])).toEqual([
      ['2023-12-31', 0],
      ['2024-01-01', 200],
      ['2024-01-02', 200],
      ['2024-01-03', 120],
      ['2024-01-04', 120],
    ]);
    // Day 3: (120 + 120 out) / 200 = 1.2.
    expect(perf.twr).toBeCloseTo(0.2, 12);
    // No BTC price at all: the benchmark is unknown rather than zero (except the empty base day).
    expect(perf.series.slice(1).every((p) => p.benchmarkValue === null)).toBe(true);
  });

  it('an asset never priced before falls back to the given latest price', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [tx('p', 'deposit', '2024-01-01T12:00:00Z', 'XYZ', '2', '10')]);
    const perf = computePerformance({
      events: ledger.events,
      prices: new Map(),
      toDay: '2024-01-02',
      benchmarkAsset: 'BTC',
      fallbackPrices: new Map([['XYZ', 50]]),
    });
    expect(perf.series.map((p) => p.value)).toEqual([0, 100, 100]);
    expect(perf.twr).toBeCloseTo(0, 12);
  });

  it('serialises money with cents and rounds analytics', () => {
    const ledger = replayLedger({ id: 'p', costBasisMethod: 'fifo' }, [tx('p', 'buy', '2024-01-01T00:00:00Z', 'ETH', '1', '3')]);
    const prices = priceTable({ ETH: [['2024-01-01', '3', '3.3333333']], BTC: [['2024-01-01', '10', '10']] });
    const body = serializePerformance(computePerformance({ events: ledger.events, prices, toDay: '2024-01-01', benchmarkAsset: 'BTC' }));
    expect(body.series.at(-1)).toEqual({ date: '2024-01-01', value: '3.33', benchmarkValue: '3.00' });
    expect(body.twr).toBe(0.1111111);
  });
});
