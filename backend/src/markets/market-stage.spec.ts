import { describe, expect, it } from 'vitest';
import { backfillEtaSeconds, backfillShare, expectedCandles, historyDays, marketStage } from './market-stage';

const HOUR = 3_600_000;

describe('market stages and backfill progress', () => {
  it('a market is backfilling, then collecting until 2 days of hourly history are stored, then forecasting', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(marketStage('backfilling', now - 100 * 24 * HOUR, now)).toBe('backfilling');
    expect(marketStage('tracking', undefined, now)).toBe('collecting');
    expect(marketStage('tracking', now - 47 * HOUR, now)).toBe('collecting');
    expect(marketStage('tracking', now - 48 * HOUR, now)).toBe('forecasting');
    expect(historyDays(now - 36 * HOUR, now)).toBe(1.5);
    expect(historyDays(undefined, now)).toBe(0);
  });

  it('expects depth / step candles per timeframe, plus the forming one', () => {
    expect(Object.fromEntries(expectedCandles(['1h', '1d', '5m'], { '1h': 2, '1d': 30 }))).toEqual({ '1h': 49, '1d': 31, '5m': 7 * 288 + 1 });
  });

  it('only grows, counts a finished series as done even when the exchange had fewer candles, and is 1 only when all are done', () => {
    const running = backfillShare([
      { expected: 100, fetched: 50, done: false },
      { expected: 100, fetched: 0, done: false },
    ]);
    expect(running).toBe(0.25);
    // A young market: the hourly series ended after 10 of the 100 expected candles.
    const young = backfillShare([
      { expected: 100, fetched: 10, done: true },
      { expected: 100, fetched: 0, done: false },
    ]);
    expect(young).toBe(0.5);
    expect(backfillShare([{ expected: 100, fetched: 500, done: false }])).toBeLessThan(1);
    expect(
      backfillShare([
        { expected: 100, fetched: 10, done: true },
        { expected: 5, fetched: 0, done: true },
      ]),
    ).toBe(1);
  });

  it('estimates the time left from the pace so far', () => {
    const now = 1_000_000;
    expect(backfillEtaSeconds(now - 10_000, 0.25, now)).toBe(30);
    expect(backfillEtaSeconds(now - 10_000, 0.001, now)).toBeNull();
    expect(backfillEtaSeconds(null, 0.5, now)).toBeNull();
    expect(backfillEtaSeconds(now - 10_000, 1, now)).toBe(0);
  });
});
