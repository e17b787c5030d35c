import { describe, expect, it } from 'vitest';
import { buildFan, describePoint, describeSkill, horizonHours, horizonWords, isSubHour, type HorizonQuantiles } from './fan';
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
  it('anchors every band at the last price and nests the 80% band inside the 90% band', () => {
    const fan = buildFan(history, [horizon(1, 104, 1), horizon(24, 110, 5)], 400, 200, 0)!;
    const median = points(fan.medianPath);
    const band80 = points(fan.band80Path);
    const band90 = points(fan.band90Path);
    const lastHistory = points(fan.historyPath).at(-1)!;
    expect(median[0]).toEqual(lastHistory);
    expect(band80[0]).toEqual(lastHistory);
    // points: anchor, upper(1h), upper(24h), lower(24h), lower(1h). In SVG, smaller y = higher price.
    expect(band90[2]![1]).toBeLessThan(band80[2]![1]);
    expect(band90[3]![1]).toBeGreaterThan(band80[3]![1]);
    // the last horizon reaches the right edge
    expect(median.at(-1)![0]).toBeCloseTo(400, 0);
  });

  it('fits the widest interval inside the chart height', () => {
    const fan = buildFan(history, [horizon(24, 110, 20)], 400, 200, 0)!;
    for (const [, y] of points(fan.band90Path)) {
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

describe('buildFan anchored at the forecast origin (issue 16)', () => {
  it('starts the bands at the origin (the candle the forecast started from), not at the newest price', () => {
    const origin = { time: 1 * hour, price: 101 };
    const fan = buildFan(history, [horizon(24, 101, 5)], 400, 200, { origin, padding: 0 })!;
    const band = points(fan.band80Path);
    const lastHistory = points(fan.historyPath).at(-1)!;
    expect(band[0]).toEqual([Number(fan.origin.x.toFixed(1)), Number(fan.origin.y.toFixed(1))]);
    expect(band[0]).not.toEqual(lastHistory);
  });

  it('draws no median line when the point is the naive "no change" guess', () => {
    const fan = buildFan(history, [horizon(1, 103, 1), horizon(24, 103, 5)], 400, 200, { showMedian: false })!;
    expect(fan.medianPath).toBe('');
    expect(fan.band80Path).not.toBe('');
    expect(fan.markers.every((m) => m.value === 103)).toBe(true); // labels sit at the origin price
  });
});

describe('describeSkill and describePoint', () => {
  const skill = { scored: 40, relPinball: 0.9, coverage80: 0.62, naiveCoverage80: 0.75, calibration: [] };
  it('says how often the 80 % range held, next to the baseline, and the score against "no change"', () => {
    const text = describeSkill(skill, '24h', { pointIsNaive: true, intervalIsNaive: false }).join(' ');
    expect(text).toContain('40 forecasts 24h ahead reached their target time');
    expect(text).toContain('inside the 80% range 62% of the time (the ranges have been too narrow)');
    expect(text).toContain('"no change" baseline held it 75% of the time');
    expect(text).toContain('10% better than the "no change" baseline');
  });
  it('never calls the baseline "about as good as assuming no change": it says it IS that baseline', () => {
    const text = describeSkill({ ...skill, relPinball: 1 }, '1h', { pointIsNaive: true, intervalIsNaive: true }).join(' ');
    expect(text).toContain('These forecasts are the baseline itself');
    expect(text).not.toMatch(/about as good/);
  });
  it('warns when worse, and says when there is no track record', () => {
    expect(describeSkill({ ...skill, relPinball: 1.2 }, '1h', { pointIsNaive: false, intervalIsNaive: false }).join(' ')).toContain('20% worse');
    expect(describeSkill(null, '7d', { pointIsNaive: true, intervalIsNaive: true })[0]).toMatch(/No 7d forecast has reached its target time/);
  });
  it('states a naive point plainly', () => {
    expect(describePoint({ horizon: '24h', pointIsNaive: true, intervalIsNaive: false }, '1 and 2')).toMatch(
      /best guess no change — no model has beaten that; the range is where the value is/,
    );
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

describe('sub-hour horizons in words', () => {
  it('says the horizon as an investor would, and tells the sub-hour ones apart', () => {
    expect(horizonWords('5m')).toBe('next 5 minutes');
    expect(horizonWords('15m')).toBe('next 15 minutes');
    expect(horizonWords('1h')).toBe('next hour');
    expect(horizonWords('7d')).toBe('next 7 days');
    expect(['5m', '15m', '30m', '1h', '24h'].map(isSubHour)).toEqual([true, true, true, false, false]);
  });
});
