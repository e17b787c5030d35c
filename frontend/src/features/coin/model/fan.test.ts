import { describe, expect, it } from 'vitest';
import { buildFan, describeAccuracy, horizonHours, type HorizonQuantiles } from './fan';
import { mergeCandle } from './candles';

const hour = 3_600_000;
const history = [0, 1, 2, 3].map((i) => ({ time: i * hour, price: 100 + i }));
const horizon = (h: number, median: number, spread: number): HorizonQuantiles => ({
  horizon: `${h}h`,
  targetTime: 3 * hour + h * hour,
  q05: median - 2 * spread,
  q10: median - spread,
  q50: median,
  q90: median + spread,
  q95: median + 2 * spread,
});

/** Parses "M1,2 L3,4 … Z" into points. */
const points = (path: string) => [...path.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

describe('buildFan', () => {
  it('anchors every band at the last price and nests the 80% band inside the 95% band', () => {
    const fan = buildFan(history, [horizon(1, 104, 1), horizon(24, 110, 5)], 400, 200, 0)!;
    const median = points(fan.medianPath);
    const band80 = points(fan.band80Path);
    const band95 = points(fan.band95Path);
    const lastHistory = points(fan.historyPath).at(-1)!;
    expect(median[0]).toEqual(lastHistory);
    expect(band80[0]).toEqual(lastHistory);
    // points: anchor, upper(1h), upper(24h), lower(24h), lower(1h). In SVG, smaller y = higher price.
    expect(band95[2]![1]).toBeLessThan(band80[2]![1]);
    expect(band95[3]![1]).toBeGreaterThan(band80[3]![1]);
    // the last horizon reaches the right edge
    expect(median.at(-1)![0]).toBeCloseTo(400, 0);
  });

  it('fits the widest interval inside the chart height', () => {
    const fan = buildFan(history, [horizon(24, 110, 20)], 400, 200, 0)!;
    for (const [, y] of points(fan.band95Path)) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(200);
    }
    expect(fan.yDomain[0]).toBeLessThan(110 - 40);
    expect(fan.yDomain[1]).toBeGreaterThan(110 + 40);
  });

  it('drops horizons whose target time is not after the last candle, and returns null without history', () => {
    const stale = { ...horizon(1, 104, 1), targetTime: hour };
    const fan = buildFan(history, [stale], 400, 200)!;
    expect(fan.medianPath).toBe('');
    expect(fan.markers).toEqual([]);
    expect(buildFan([], [horizon(1, 1, 1)], 400, 200)).toBeNull();
  });
});

describe('horizonHours', () => {
  it('parses minutes, hours, days and weeks', () => {
    expect(horizonHours('1h')).toBe(1);
    expect(horizonHours('24h')).toBe(24);
    expect(horizonHours('7d')).toBe(168);
    expect(horizonHours('1w')).toBe(168);
    expect(horizonHours('30m')).toBe(0.5);
    expect(horizonHours('soon')).toBe(Infinity);
  });
});

describe('describeAccuracy', () => {
  const fmt = (v: number) => v.toFixed(0);
  it('compares with the no-change guess and explains interval coverage', () => {
    const lines = describeAccuracy({ n: 40, mae: 300, naiveMae: 400, relMae: 0.75, coverage80: 0.62 }, '24h', fmt);
    expect(lines.join(' ')).toContain('last 40 forecasts 24h ahead');
    expect(lines.join(' ')).toContain('25% smaller than the miss of simply assuming the price will not change (400)');
    expect(lines.join(' ')).toContain('62% of the time — the ranges have been too narrow');
  });
  it('warns when the model is worse than the naive guess', () => {
    const lines = describeAccuracy({ n: 10, mae: 500, naiveMae: 400, relMae: 1.25, coverage80: 0.8 }, '1h', fmt);
    expect(lines.join(' ')).toContain('25% worse');
    expect(lines.join(' ')).toContain('close to the promised 80%');
  });
  it('says there is no track record yet', () => {
    expect(describeAccuracy(null, '7d', fmt)[0]).toMatch(/No 7d forecast has matured yet/);
  });
});

describe('mergeCandle', () => {
  const candle = (h: number, close: number) => ({ openTime: new Date(h * hour).toISOString(), open: 1, high: 1, low: 1, close, volume: 1 });
  it('replaces the forming candle and appends a new one', () => {
    const series = [candle(0, 1), candle(1, 2)];
    expect(mergeCandle(series, candle(1, 3)).map((c) => c.close)).toEqual([1, 3]);
    expect(mergeCandle(series, candle(2, 4)).map((c) => c.close)).toEqual([1, 2, 4]);
    expect(mergeCandle(series, candle(0, 9)).map((c) => c.close)).toEqual([9, 2]);
    expect(mergeCandle([], candle(0, 5))).toHaveLength(1);
  });
});
