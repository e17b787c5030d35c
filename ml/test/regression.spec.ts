import { describe, expect, it } from 'vitest';
import { historyUntil } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { quantileSorted, seededRandom } from '../src/math';
import { meanCheckLoss, ols, quantileRegression } from '../src/models/regression';
import { fitVolParams, volStates } from '../src/models/vol-model';
import {
  conformalQuantiles,
  DAILY_HAR_FEATURES,
  DAILY_HAR_FIRST_INDEX,
  dailyHarInputs,
  HAR_FEATURES,
  HAR_FIRST_INDEX,
  harInputs,
  harSd,
  horizonVariance,
  volPath,
  type VolConfig,
} from '../src/models/volatility';
import type { Candle } from '../src/types';
import { QUANTILE_LEVELS } from '../src/types';
import { syntheticHourly } from './synthetic';

describe('regressions', () => {
  it('OLS recovers the coefficients of a noiseless linear relation', () => {
    const X = [
      [1, 0, 2],
      [1, 1, -1],
      [1, 2, 0.5],
      [1, 3, 4],
      [1, -1, 1],
    ];
    const y = X.map((x) => 0.5 - 2 * x[1]! + 3 * x[2]!);
    const b = ols(X, y);
    [0.5, -2, 3].forEach((v, i) => expect(b[i]).toBeCloseTo(v, 8));
  });

  it('quantile regression: the 0.5 fit of five points is their median line, and the fit beats the true line in check loss', () => {
    // Intercept only: the tau-quantile of the sample minimises the check loss.
    const X = [[1], [1], [1], [1], [1]];
    expect(quantileRegression(X, [5, 1, 4, 2, 3], 0.5)[0]).toBeCloseTo(3, 4);
    // y = 1 + 2x + x * logistic noise: the tau-quantile is 1 + (2 + logit(tau)) x.
    const rnd = seededRandom(3);
    const Xs: number[][] = [];
    const ys: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = 1 + 3 * rnd();
      const u = Math.min(Math.max(rnd(), 1e-9), 1 - 1e-9);
      Xs.push([1, x]);
      ys.push(1 + 2 * x + x * Math.log(u / (1 - u)));
    }
    for (const tau of [0.1, 0.9]) {
      const b = quantileRegression(Xs, ys, tau);
      const truth = [1, 2 + Math.log(tau / (1 - tau))];
      expect(meanCheckLoss(Xs, ys, b, tau)).toBeLessThanOrEqual(meanCheckLoss(Xs, ys, truth, tau));
      expect(Math.abs(b[1]! - truth[1]!)).toBeLessThan(0.15);
      // About a share tau of the points lie below the fitted line.
      const below = Xs.filter((x, r) => ys[r]! < b[0]! + b[1]! * x[1]!).length / Xs.length;
      expect(Math.abs(below - tau)).toBeLessThan(0.01);
    }
  });
});

describe('HAR 24h scale', () => {
  /** Candles whose Garman-Klass variance is exactly g per bar: open = close, high/low = e^(+-sqrt(2g)/2). */
  function constantRange(n: number, g: number): Candle[] {
    const half = Math.sqrt(2 * g) / 2;
    return Array.from({ length: n }, (_, i) => ({
      openTime: Date.UTC(2024, 0, 1) + i * HOUR_MS,
      open: 100,
      high: 100 * Math.exp(half),
      low: 100 * Math.exp(-half),
      close: 100,
      volume: 1,
    }));
  }
  const flat: VolConfig = { garch: { alpha: 0.1, beta: 0.85 }, seasonal: [1], levelWindow: 500 };

  it('regressors match hand-computed values and the sd is exp(half the fitted log variance)', () => {
    const g = 1e-4;
    const c = constantRange(1000, g);
    const path = volPath(c, flat);
    expect(path.barVar[0]).toBe(0);
    expect(path.barVar[5]).toBeCloseTo(g, 15);
    const inp = harInputs(c, path, flat, 24);
    expect(inp.row(HAR_FIRST_INDEX - 1)).toBeUndefined();
    const t = 900;
    const x = inp.row(t)!;
    const expected = [1, Math.log(24 * g), Math.log(24 * g), Math.log(24 * g), Math.log(24 * g), Math.log(horizonVariance(path, flat, t, 24)), 0];
    expected.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 9));
    const coef = [0.1, 0.4, 0.3, 0.1, 0.1, 0.1, 0.7];
    const sd = harSd({ steps: 24, coef, rows: 0 }, inp, t)!;
    expect(sd).toBeCloseTo(Math.exp(0.5 * coef.reduce((a, b, i) => a + b * expected[i]!, 0)), 12);
  });

  it('a custom scale standardises the conformal residuals (constant scale = raw returns / scale)', () => {
    const h = syntheticHourly('T', 60, 4).hourly;
    const p = volPath(h, flat);
    const lc = Float64Array.from(h, (x) => Math.log(x.close));
    const j = lc.length - 1;
    const a = conformalQuantiles(lc, p, flat, j, 24, 500, QUANTILE_LEVELS, { sdAt: () => 2, firstIndex: 0 });
    const b = conformalQuantiles(lc, p, flat, j, 24, 500, QUANTILE_LEVELS, { sdAt: () => 1, firstIndex: 0 });
    for (const q of QUANTILE_LEVELS) expect(a.z[q]).toBeCloseTo(b.z[q]! / 2, 12);
    // Origins before firstIndex are left out.
    expect(conformalQuantiles(lc, p, flat, j, 24, 500, QUANTILE_LEVELS, { sdAt: () => 1, firstIndex: j - 24 - 99 }).samples).toBe(100);
    expect(conformalQuantiles(lc, p, flat, j, 24, 500, QUANTILE_LEVELS, { sdAt: () => 1, firstIndex: 0, stride: 3 }).samples).toBe(167);
  });

  it('the finite-sample correction reads each level on the effective sample (n = residuals × stride / steps)', () => {
    const h = syntheticHourly('F', 60, 5).hourly;
    const p = volPath(h, flat);
    const lc = Float64Array.from(h, (x) => Math.log(x.close));
    const j = lc.length - 1;
    // 500 residuals, stride 1, 24h returns: n = 500 / 24; 0.9 is read at 0.9 + 0.9 / n, 0.1 at 0.1 − 0.9 / n.
    const zs = Float64Array.from({ length: 500 }, (_, k) => lc[j - 24 - k + 24]! - lc[j - 24 - k]!).sort();
    const n = 500 / 24;
    const med = quantileSorted(zs, 0.5);
    const fs = conformalQuantiles(lc, p, flat, j, 24, 500, QUANTILE_LEVELS, { sdAt: () => 1, firstIndex: 0, finiteSample: true });
    expect(fs.z['0.9']).toBeCloseTo(quantileSorted(zs, 0.9 + 0.9 / n) - med, 12);
    expect(fs.z['0.1']).toBeCloseTo(quantileSorted(zs, 0.1 - 0.9 / n) - med, 12);
    expect(fs.z['0.5']).toBe(0);
    const plain = conformalQuantiles(lc, p, flat, j, 24, 500, QUANTILE_LEVELS, { sdAt: () => 1, firstIndex: 0 });
    expect(fs.z['0.9']!).toBeGreaterThan(plain.z['0.9']!);
    expect(fs.z['0.1']!).toBeLessThan(plain.z['0.1']!);
  });

  it('fitVolParams fits the HAR regressions and the 24h and 1h forecasts use them (4h keeps the GARCH scale)', () => {
    const hs = [31, 32].map((s) => syntheticHourly(`H${s}`, 400, s));
    const until = hs[0]!.hourly[0]!.openTime + 380 * DAY_MS;
    const p = fitVolParams(hs, until);
    expect(p.har24).toBeDefined();
    expect(p.har24!.coef).toHaveLength(7);
    expect(p.har24!.features).toEqual([...HAR_FEATURES]);
    expect(p.har24!.coef.every(Number.isFinite)).toBe(true);
    const hist = historyUntil(hs[0]!, until + 5 * DAY_MS);
    const [s1, s4, s24] = volStates(p, hist, ['1h', '4h', '24h']);
    const j = s24!.ctx.candles.length - 1;
    const inp = harInputs(s24!.ctx.candles, s24!.path, p.hourly, 24);
    expect(s24!.sigma).toBeCloseTo(harSd(p.har24!, inp, j)!, 12);
    expect(p.harShort?.['1h']?.steps).toBe(1);
    const inp1 = harInputs(s1!.ctx.candles, s1!.path, p.hourly, 1);
    expect(s1!.sigma).toBeCloseTo(harSd(p.harShort!['1h']!, inp1, j)!, 12);
    expect(s4!.sigma).toBeCloseTo(Math.sqrt(horizonVariance(s4!.path, p.hourly, j, 4)), 12);
    // Without the regressions (an older artifact) the 24h and 1h scales are GARCH's.
    const old = volStates({ ...p, har24: undefined, harShort: undefined }, hist, ['1h', '24h']);
    expect(old[0]!.sigma).toBeCloseTo(Math.sqrt(horizonVariance(old[0]!.path, p.hourly, j, 1)), 12);
    expect(old[1]!.sigma).toBeCloseTo(Math.sqrt(horizonVariance(old[1]!.path, p.hourly, j, 24)), 12);
  });
});

describe('HAR 7d / 30d scale', () => {
  const daily: VolConfig = { garch: { alpha: 0.1, beta: 0.85 }, seasonal: [1], levelWindow: 180 };

  it('daily regressors (day, week, month, quarter, GARCH) match hand-computed values', () => {
    // Daily bars with Garman-Klass variance g for the first 200 days and 4g after: the windows see different mixes.
    const bars: Candle[] = Array.from({ length: 300 }, (_, i) => {
      const g = i < 200 ? 1e-4 : 4e-4;
      const half = Math.sqrt(2 * g) / 2;
      return { openTime: Date.UTC(2022, 0, 1) + i * DAY_MS, open: 100, high: 100 * Math.exp(half), low: 100 * Math.exp(-half), close: 100, volume: 1 };
    });
    const path = volPath(bars, daily);
    const inp = dailyHarInputs(bars, path, daily, 7);
    expect(inp.row(DAILY_HAR_FIRST_INDEX - 1)).toBeUndefined();
    const t = 219; // 20 days of 4g (200..219) in the last month and the last quarter
    const g = 1e-4;
    const expected = [
      1,
      Math.log(4 * g),
      Math.log(4 * g),
      Math.log((20 * 4 * g + 10 * g) / 30),
      Math.log((20 * 4 * g + 70 * g) / 90),
      Math.log(horizonVariance(path, daily, t, 7)),
    ];
    const x = inp.row(t)!;
    expect(x).toHaveLength(DAILY_HAR_FEATURES.length);
    expected.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 9));
    expect(inp.rvSum(t + 1, t + 7)).toBeCloseTo(7 * 4 * g, 12);
  });

  it('fitVolParams fits the daily regressions and the 7d / 30d forecasts use them (older artifacts keep GARCH)', () => {
    const hs = [41, 42, 43].map((s) => syntheticHourly(`D${s}`, 700, s));
    const until = hs[0]!.hourly[0]!.openTime + 690 * DAY_MS;
    const p = fitVolParams(hs, until);
    expect(p.harDaily?.['7d']?.features).toEqual([...DAILY_HAR_FEATURES]);
    expect(p.harDaily?.['30d']?.steps).toBe(30);
    expect(p.harDaily!['7d']!.coef.every(Number.isFinite)).toBe(true);
    const hist = historyUntil(hs[1]!, until + 5 * DAY_MS);
    const [s7, s30] = volStates(p, hist, ['7d', '30d']);
    const j = s7!.ctx.candles.length - 1;
    expect(s7!.sigma).toBeCloseTo(harSd(p.harDaily!['7d']!, dailyHarInputs(s7!.ctx.candles, s7!.path, p.daily, 7), j)!, 12);
    expect(s30!.sigma).toBeCloseTo(harSd(p.harDaily!['30d']!, dailyHarInputs(s30!.ctx.candles, s30!.path, p.daily, 30), j)!, 12);
    const old = volStates({ ...p, harDaily: undefined }, hist, ['7d', '30d']);
    expect(old[0]!.sigma).toBeCloseTo(Math.sqrt(horizonVariance(old[0]!.path, p.daily, j, 7)), 12);
    expect(old[1]!.sigma).toBeCloseTo(Math.sqrt(horizonVariance(old[1]!.path, p.daily, j, 30)), 12);
  });
});
