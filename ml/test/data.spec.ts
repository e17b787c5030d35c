import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateDaily, closeAtTime, findGaps, historyUntil, loadCoinHistory, parseCandlesCsv } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { completeDaily, originContext } from '../src/models/context';
import { syntheticHourly } from './synthetic';

const csv = `timestamp,open,high,low,close,volume
2024-01-01T02:00:00Z,3,3,3,3,1
2024-01-01T00:00:00Z,1,1,1,1,1
2024-01-01T01:00:00Z,2,2,2,2,1
2024-01-01T01:00:00Z,2,2,2,2.5,1
2024-01-01T05:00:00Z,5,5,5,5,1
`;

describe('candle loading', () => {
  it('sorts, de-duplicates (last row wins) and finds gaps', () => {
    const c = parseCandlesCsv(csv);
    expect(c.map((x) => x.close)).toEqual([1, 2.5, 3, 5]);
    expect(c[0]!.openTime).toBe(Date.UTC(2024, 0, 1));
    expect(findGaps(c, HOUR_MS)).toEqual([{ after: Date.UTC(2024, 0, 1, 2), missing: 2 }]);
  });
  it('rejects unparseable rows', () => {
    expect(() => parseCandlesCsv('timestamp,open,high,low,close,volume\nnot-a-date,1,1,1,1,1\n')).toThrow(/bad candle/);
  });
  it('aggregates complete UTC days only (a partial last day is dropped)', () => {
    const h = syntheticHourly('T', 3, 1).hourly.slice(0, 24 * 2 + 5); // 2 full days + 5 hours
    const d = aggregateDaily(h);
    expect(d).toHaveLength(2);
    expect(d[0]!.open).toBe(h[0]!.open);
    expect(d[0]!.close).toBe(h[23]!.close);
    expect(d[0]!.high).toBe(Math.max(...h.slice(0, 24).map((x) => x.high)));
    expect(d[1]!.volume).toBeCloseTo(
      h.slice(24, 48).reduce((a, x) => a + x.volume, 0),
      6,
    );
  });
  it('historyUntil keeps only candles closed by t and the daily horizon ignores a forming day', () => {
    const h = syntheticHourly('T', 10, 2);
    const t = h.hourly[0]!.openTime + 5 * DAY_MS + 7 * HOUR_MS;
    const cut = historyUntil(h, t);
    expect(cut.hourly[cut.hourly.length - 1]!.openTime + HOUR_MS).toBe(t);
    expect(cut.daily[cut.daily.length - 1]!.openTime + DAY_MS).toBeLessThanOrEqual(t);
    // An exchange-style daily list that includes the forming day is trimmed by completeDaily.
    const withForming = { ...cut, daily: [...cut.daily, { ...cut.daily[0]!, openTime: cut.daily[cut.daily.length - 1]!.openTime + DAY_MS }] };
    expect(completeDaily(withForming)).toHaveLength(cut.daily.length);
    expect(originContext(cut, '1h')!.originTime).toBe(t);
    expect(closeAtTime(h.hourly, t, HOUR_MS)).toBe(cut.hourly[cut.hourly.length - 1]!.close);
  });
  const dir = process.env.COINCAST_CANDLES ?? join(__dirname, '../../../shared/data/candles');
  it.skipIf(!existsSync(join(dir, 'BTCUSDT_1h.csv')))('loads the real BTC files with their known gaps', () => {
    const h = loadCoinHistory(dir, 'BTC');
    expect(h.hourly.length).toBeGreaterThan(60_000);
    const gaps = findGaps(h.hourly, HOUR_MS);
    expect(gaps.reduce((a, g) => a + g.missing, 0)).toBe(122);
    expect(Math.max(...gaps.map((g) => g.missing))).toBe(33);
  });
});
