import { describe, expect, it } from 'vitest';
import { historyUntil } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { closeArraysOf, sliceView } from '../src/data/series-cache';
import { empiricalReturnQuantiles, naiveModel } from '../src/models/baselines';
import { fitVolParams, volModel } from '../src/models/vol-model';
import { quantileSorted } from '../src/math';
import { conformalQuantiles, HAR_FEATURES, HAR_FIRST_INDEX, harInputs, horizonVariance, horizonVarianceParts, volPath } from '../src/models/volatility';
import { QUANTILE_LEVELS, type Candle, type CoinHistory, type ForecastModel, type Horizon } from '../src/types';
import { syntheticHourly } from './synthetic';

/** Synthetic coin with flat stretches (zero returns: many tied trailing-24h variances for the regime subset). */
function coinWithFlatStretches(seed: number): CoinHistory {
  const h = syntheticHourly(`F${seed}`, 420, seed);
  const hourly = h.hourly.map((c) => ({ ...c }));
  for (let start = 2000; start + 120 < hourly.length; start += 1500) {
    const p = hourly[start - 1]!.close;
    for (let i = start; i < start + 120; i++) hourly[i] = { ...hourly[i]!, open: p, high: p, low: p, close: p };
  }
  return { coin: h.coin, hourly, daily: h.daily };
}

/** The history a model sees at t, in plain arrays that are no view of anything: every value computed directly. */
function directCut(h: CoinHistory, t: number, lookback: ForecastModel['lookback']): CoinHistory {
  const cut = historyUntil(h, t, lookback);
  return { coin: cut.coin, hourly: cut.hourly.slice(), daily: cut.daily.slice() };
}

const HS: Horizon[] = ['1h', '4h', '24h', '7d', '30d'];

describe('per-series cache (data/series-cache.ts)', () => {
  const coins = [coinWithFlatStretches(3), coinWithFlatStretches(4)];
  const start = coins[0]!.hourly[0]!.openTime;
  const params = fitVolParams(coins, start + 300 * DAY_MS);
  const models = [volModel(params), naiveModel()];

  it('forecasts from cuts of a cached series are bit-identical to forecasts computed from plain arrays', () => {
    expect(params.har24).toBeDefined();
    // Consecutive hours (the sliding naive window), 6-hour steps, a jump back and a jump forward.
    const times: number[] = [];
    for (let k = 0; k < 30; k++) times.push(start + 330 * DAY_MS + k * HOUR_MS);
    for (let k = 0; k < 20; k++) times.push(start + 340 * DAY_MS + k * 6 * HOUR_MS);
    times.push(start + 310 * DAY_MS, start + 415 * DAY_MS, start + 360 * DAY_MS);
    for (const m of models)
      for (const h of coins)
        for (const t of times) {
          const cached = m.predict(historyUntil(h, t, m.lookback), HS);
          const direct = m.predict(directCut(h, t, m.lookback), HS);
          expect(cached.length).toBeGreaterThan(0);
          expect(JSON.stringify(cached)).toBe(JSON.stringify(direct));
        }
  });

  it('a full history passed to predict (cut by trimHistory) gives the forecast of the direct computation', () => {
    const m = models[0]!;
    const h = coins[1]!;
    const t = start + 401 * DAY_MS + 5 * HOUR_MS;
    const known = historyUntil(h, t);
    expect(JSON.stringify(m.predict(known, HS))).toBe(JSON.stringify(m.predict(directCut(h, t, m.lookback), HS)));
  });

  it('a base array whose candles are replaced after caching is read afresh', () => {
    const h: CoinHistory = { coin: 'M', hourly: coins[0]!.hourly.slice(), daily: coins[0]!.daily.slice() };
    const m = models[0]!;
    const t = start + 380 * DAY_MS;
    m.predict(historyUntil(h, t, m.lookback), HS); // builds the cache
    const i = h.hourly.findIndex((c) => c.openTime === t - 10 * HOUR_MS);
    const c = h.hourly[i]!;
    h.hourly[i] = { ...c, close: c.close * 1.05, high: c.high * 1.05 } satisfies Candle;
    const after = m.predict(historyUntil(h, t, m.lookback), HS);
    expect(JSON.stringify(after)).toBe(JSON.stringify(m.predict(directCut(h, t, m.lookback), HS)));
    // A cut taken before the change still reads its own (old) candles.
    const old = sliceView(coins[0]!.hourly, 0, i + 11);
    expect(closeArraysOf(old).closes[i]).toBe(c.close);
  });

  it('the sliding sorted window of the naive interval equals a fresh sort at every origin', () => {
    const h = coins[0]!;
    for (let k = 0; k < 400; k += k < 100 ? 1 : 37) {
      const t = start + 200 * DAY_MS + k * HOUR_MS;
      const view = historyUntil(h, t, { hourly: 2185, daily: 0 }).hourly;
      const a = empiricalReturnQuantiles(closeArraysOf(view).logCloses, 4, 2160);
      const b = empiricalReturnQuantiles(
        Float64Array.from(view, (c) => Math.log(c.close)),
        4,
        2160,
      );
      expect(a).toEqual(b);
    }
  });

  it('regime-conditional conformal quantiles with tied variances equal those of a sort of (variance, residual) pairs', () => {
    const h = coins[1]!.hourly;
    const lc = Float64Array.from(h, (c) => Math.log(c.close));
    const cfg = params.hourly;
    const path = volPath(h, cfg, lc);
    const steps = 24;
    const window = 1460 * 6;
    const rv = (i: number) => {
      let s = 0;
      for (let t = i - 23; t <= i; t++) {
        const r = lc[t]! - lc[t - 1]!;
        s += r * r;
      }
      return s;
    };
    let tiesCutHigh = false;
    let tiesCutLow = false;
    let checked = 0;
    const check = (j: number, share: number) => {
      const got = conformalQuantiles(lc, path, cfg, j, steps, window, QUANTILE_LEVELS, { stride: 6, regimeShare: share });
      // Reference: the straightforward algorithm (sort (variance, residual) pairs, take the block centred on the rank
      // of the origin's variance, quantiles centred at the median).
      const items: { rv: number; z: number }[] = [];
      const last = j - steps;
      for (let i = last; i >= Math.max(1, last - window + 1) && i >= 24; i -= 6)
        items.push({ rv: rv(i), z: (lc[i + steps]! - lc[i]!) / Math.sqrt(horizonVariance(path, cfg, i, steps)) });
      const want = Math.floor(share * items.length);
      if (want < 30) return; // too few for a subset: conformalQuantiles uses every residual
      checked++;
      items.sort((a, b) => a.rv - b.rv || a.z - b.z);
      const cur = rv(j);
      const lo = items.findIndex((x) => x.rv >= cur);
      const rank = lo < 0 ? items.length : lo;
      const from = Math.max(0, Math.min(items.length - want, rank - (want >> 1)));
      const block = Float64Array.from(items.slice(from, from + want), (x) => x.z).sort();
      const med = quantileSorted(block, 0.5);
      for (const q of QUANTILE_LEVELS) expect(got.z[q]).toBe(quantileSorted(block, Number(q)) - med);
      // A tie group cut by the block's upper / lower edge: the residual decides which of the tied items are in.
      const high = items[from + want - 1]!.rv;
      if (items.slice(from + want).some((x) => x.rv === high) && items.slice(from, from + want).filter((x) => x.rv === high).length > 1) tiesCutHigh = true;
      const low = items[from]!.rv;
      if (from > 0 && items[from - 1]!.rv === low && items[from + 1]!.rv === low) tiesCutLow = true;
    };
    for (const [j, share] of [
      [3000, 1 / 3],
      [4563, 1 / 3],
      [9000, 1 / 3],
      [8100, 1 / 3],
      [9600, 0.04],
      [8100, 0.04],
      [7000, 0.04],
    ] as const)
      check(j, share);
    // Origins across the series (low-variance origins put the block's lower edge inside the tie group of rv = 0).
    for (let j = 1500; j < lc.length; j += 53) for (const share of [0.04, 0.1]) check(j, share);
    // Ties cut by both block boundaries must actually occur for this test to mean something (the flat stretches give rv = 0).
    expect(checked).toBeGreaterThan(100);
    expect(tiesCutHigh).toBe(true);
    expect(tiesCutLow).toBe(true);
  });

  it('HAR regressor rows equal their definition (rvSum, horizonVariance, calendar factor)', () => {
    const h = coins[0]!.hourly;
    const cfg = params.hourly;
    const path = volPath(
      h,
      cfg,
      Float64Array.from(h, (c) => Math.log(c.close)),
    );
    const lnFloor = (x: number) => Math.log(Math.max(x, 1e-12));
    for (const steps of [1, 4, 24]) {
      const inp = harInputs(h, path, cfg, steps);
      expect(inp.row(HAR_FIRST_INDEX - 1)).toBeUndefined();
      for (let t = HAR_FIRST_INDEX; t < h.length; t += 97) {
        const want = [
          1,
          lnFloor(inp.rvSum(t - 23, t)),
          lnFloor(inp.rvSum(t - 167, t) / 7),
          lnFloor(inp.rvSum(t - 719, t) / 30),
          lnFloor(4 * inp.rvSum(t - 5, t)),
          lnFloor(horizonVariance(path, cfg, t, steps)),
          Math.log(horizonVarianceParts(path, cfg, t, steps).calendar / steps),
        ];
        expect(want.length).toBe(HAR_FEATURES.length);
        expect(inp.row(t)).toEqual(want);
        const coef = [0.1, 0.2, -0.3, 0.4, 0.5, -0.6, 0.7];
        expect(inp.dotRow(coef, t)).toBe(want.reduce((acc, x, k) => acc + coef[k]! * x, 0));
      }
    }
  });
});
