import { describe, expect, it } from 'vitest';
import { historyUntil } from '../src/data/candles';
import { DAY_MS } from '../src/data/horizons';
import { conformalQuantiles, deseasonalisedReturns, fitGarch, horizonVariance, hourOfWeek, volPath, type VolConfig } from '../src/models/volatility';
import { fitVolParams, volModel } from '../src/models/vol-model';
import { QUANTILE_LEVELS } from '../src/types';
import { syntheticHourly } from './synthetic';

const flat: VolConfig = { garch: { alpha: 0.1, beta: 0.85 }, seasonal: [1], levelWindow: 500 };

describe('volatility model', () => {
  it('hour of week starts on Monday 00:00 UTC', () => {
    expect(hourOfWeek(Date.UTC(2024, 0, 1, 0))).toBe(0); // 2024-01-01 is a Monday
    expect(hourOfWeek(Date.UTC(2024, 0, 7, 23))).toBe(167);
  });
  it('h-step variance is the closed-form GARCH sum with a flat profile', () => {
    const h = syntheticHourly('T', 40, 5).hourly;
    const p = volPath(h, flat);
    const j = h.length - 1;
    const lv = p.level[j]!;
    const v1 = p.vNext[j]!;
    let expected = 0;
    for (let k = 0; k < 4; k++) expected += lv + 0.95 ** k * (v1 - lv);
    expect(horizonVariance(p, flat, j, 4)).toBeCloseTo(expected, 15);
  });
  it('fits GARCH parameters close to those that generated the data', () => {
    const series = [1, 2, 3].map((s) => deseasonalisedReturns(syntheticHourly('T', 300, s).hourly, [1]));
    const g = fitGarch(series);
    expect(g.alpha + g.beta).toBeGreaterThan(0.88);
    expect(g.alpha + g.beta).toBeLessThan(0.99);
    expect(g.alpha).toBeGreaterThan(0.04);
    expect(g.alpha).toBeLessThan(0.2);
  });
  it('conformal quantiles are ordered, centred and give ~80% coverage out of sample on simulated data', () => {
    const hs = [11, 12].map((s) => syntheticHourly(`C${s}`, 240, s));
    const start = hs[0]!.hourly[0]!.openTime;
    const params = fitVolParams(hs, start + 120 * DAY_MS);
    const m = volModel(params);
    let inside = 0;
    let n = 0;
    for (const h of hs)
      for (let t = start + 121 * DAY_MS; t < start + 239 * DAY_MS; t += 7 * 3_600_000) {
        const f = m.predict(historyUntil(h, t, m.lookback), ['4h'])[0]!;
        const qs = QUANTILE_LEVELS.map((q) => f.quantiles[q]);
        expect([...qs].sort((a, b) => a - b)).toEqual(qs);
        const y = h.hourly.find((c) => c.openTime === f.targetTime - 3_600_000)!.close;
        inside += y >= f.quantiles['0.1'] && y <= f.quantiles['0.9'] ? 1 : 0;
        n++;
      }
    expect(inside / n).toBeGreaterThan(0.74);
    expect(inside / n).toBeLessThan(0.86);
    const p = volPath(hs[0]!.hourly, flat);
    const closes = Float64Array.from(hs[0]!.hourly.map((c) => Math.log(c.close)));
    const cq = conformalQuantiles(closes, p, flat, closes.length - 1, 4, 1000, QUANTILE_LEVELS);
    expect(cq.samples).toBe(1000);
    expect(cq.z['0.5']).toBe(0);
  });

  it('regime-conditional calibration: a calm origin gets the residual spread of calm origins, a volatile one that of volatile origins', () => {
    // Blocks of 200 bars alternate between 0.2 % and 1 % returns (with a unit scale, z = the 1-step return):
    // pooled, the 0.9 quantile mixes both; with regimeShare 1/3 it comes from the bars nearest in trailing RV.
    const n = 2400;
    const logCloses = new Float64Array(n);
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 3.4;
    for (let t = 1; t < n; t++) logCloses[t] = logCloses[t - 1]! + (Math.floor(t / 200) % 2 ? 0.01 : 0.002) * rnd();
    const path = volPath(
      Array.from(logCloses, (l, t) => ({ openTime: t * 3_600_000, open: Math.exp(l), high: Math.exp(l), low: Math.exp(l), close: Math.exp(l), volume: 1 })),
      flat,
      logCloses,
    );
    const opts = { sdAt: () => 1 };
    const calmJ = 2150; // inside the calm block 2000..2199
    const volJ = 2399; // inside the volatile block 2200..2399
    for (const j of [calmJ, volJ]) {
      const pooled = conformalQuantiles(logCloses, path, flat, j, 1, 1800, QUANTILE_LEVELS, opts);
      const regime = conformalQuantiles(logCloses, path, flat, j, 1, 1800, QUANTILE_LEVELS, { ...opts, regimeShare: 1 / 3 });
      expect(regime.samples).toBe(pooled.samples);
      if (j === calmJ) expect(regime.z['0.9']!).toBeLessThan(0.5 * pooled.z['0.9']!);
      else expect(regime.z['0.9']!).toBeGreaterThan(pooled.z['0.9']!); // the pooled tail is mostly volatile bars already
    }
  });
});
