import { describe, expect, it } from 'vitest';
import { aggregateDaily, historyUntil } from '../src/data/candles';
import { DAY_MS, HORIZONS, HOUR_MS } from '../src/data/horizons';
import { seededRandom } from '../src/math';
import { naiveModel } from '../src/models/baselines';
import { decideHorizon, trainDefaultModel, type ValRow } from '../src/models/ensemble';
import { dieboldMariano, guardLag, guardTest, neweyWestVariance } from '../src/models/guard';
import { guardDecisions } from '../src/models/guard-decisions';
import type { Candle, CoinHistory, Horizon } from '../src/types';
import { ALL_HORIZONS, QUANTILE_LEVELS } from '../src/types';

const gaussian = (rnd: () => number) => () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());

describe('Diebold–Mariano with Newey–West variance, against hand-computed values', () => {
  it('Newey–West variance at lags 0 and 1', () => {
    const d = [1, 2, 3, 4];
    // mean 2.5, deviations -1.5 -0.5 0.5 1.5; gamma0 = (2.25+0.25+0.25+2.25)/4 = 1.25
    expect(neweyWestVariance(d, 0)).toBeCloseTo(1.25, 12);
    // gamma1 = (-0.5*-1.5 + 0.5*-0.5 + 1.5*0.5)/4 = (0.75 - 0.25 + 0.75)/4 = 0.3125; weight 1 - 1/2
    expect(neweyWestVariance(d, 1)).toBeCloseTo(1.25 + 2 * 0.5 * 0.3125, 12);
  });

  it('DM statistic = mean / sqrt(HAC variance / n); null with too few points or no variation', () => {
    const d = [-1, -2, 0, -1, -3, -1, 0, -2, -1, -1];
    const mean = -1.2;
    const v = d.reduce((a, x) => a + (x - mean) ** 2, 0) / d.length;
    expect(dieboldMariano(d, 0)).toBeCloseTo(mean / Math.sqrt(v / d.length), 12);
    expect(dieboldMariano([-1, -1, -1], 0)).toBeNull();
    expect(dieboldMariano(new Array(20).fill(0), 0)).toBeNull();
  });

  it("averages coins per origin time (one time = one observation), scales by each coin's naive loss, and sets the lag from the overlap", () => {
    const pairs = [];
    for (let t = 0; t < 40; t++) {
      // coin A: model loss 1 vs naive 2 (relative diff -0.5); coin B: losses x10 with relative diff -0.5 on even t, +0.5 on odd
      pairs.push({ coin: 'A', time: t, model: 1, naive: 2 });
      pairs.push({ coin: 'B', time: t, model: t % 2 ? 30 : 10, naive: 20 });
    }
    const g = guardTest(pairs, 24 * HOUR_MS, 6 * HOUR_MS);
    expect(g.n).toBe(40);
    expect(g.lag).toBe(3); // overlap 24/6 - 1 = 3 (rule of thumb ⌊4·0.4^(2/9)⌋ = 3)
    expect(g.effectiveN).toBe(10);
    // per time: A gives -0.5, B gives -0.5 / +0.5 → means -0.5 and 0 alternately
    expect(g.meanLossDiff).toBeCloseTo(-0.25, 12);
    expect(g.significant).toBe(false); // effective sample 10 < 30
    const g1 = guardTest(pairs, HOUR_MS, 6 * HOUR_MS);
    expect(g1.lag).toBe(3); // no overlap: the rule-of-thumb bandwidth
    expect(guardLag(30 * DAY_MS, DAY_MS, 1095)).toBe(29);
    expect(guardLag(HOUR_MS, 6 * HOUR_MS, 1460)).toBe(7);
    expect(g1.effectiveN).toBe(40);
    expect(g1.significant).toBe(true);
    // Significant but immaterial: a 0.5 % gain does not leave naive.
    const small = pairs.map((p) => ({ ...p, model: p.naive * (p.time % 2 ? 0.994 : 0.996) }));
    const gs = guardTest(small, HOUR_MS, 6 * HOUR_MS);
    expect(gs.statistic!).toBeLessThan(-1.96);
    expect(gs.significant).toBe(false);
  });
});

/** Validation rows of a Gaussian random walk (constant vol): model and naive intervals are both the true one. */
function rows(h: Horizon, n: number, seed: number, skill: number): ValRow[] {
  const g = gaussian(seededRandom(seed));
  const step = HORIZONS[h].timeframe === 'hourly' ? 6 * HOUR_MS : DAY_MS;
  const sigma = 0.01 * Math.sqrt(HORIZONS[h].steps);
  const zq: Record<string, number> = { '0.05': -1.6449, '0.1': -1.2816, '0.25': -0.6745, '0.5': 0, '0.75': 0.6745, '0.9': 1.2816, '0.95': 1.6449 };
  const out: ValRow[] = [];
  for (const coin of ['A', 'B']) {
    for (let i = 0; i < n; i++) {
      // Predictable part x known at the origin; a member with skill sees it, one without sees noise.
      const x = g();
      const zReal = skill * x + Math.sqrt(1 - skill * skill) * g();
      const naiveQ: Record<string, number> = {};
      const conformal: Record<string, number> = {};
      // Both intervals: the true quantiles with independent estimation noise, like two empirical windows.
      for (const k of QUANTILE_LEVELS) naiveQ[k] = k === '0.5' ? 0 : sigma * zq[k]! * (1 + 0.03 * g());
      for (const k of QUANTILE_LEVELS) conformal[k] = k === '0.5' ? 0 : zq[k]! * (1 + 0.03 * g());
      out.push({
        coin,
        time: i * step,
        r: sigma * zReal,
        sigma,
        zReal,
        conformal,
        naiveQ,
        out: { point: { ridge: skill > 0 ? skill * x : 0.3 * g() }, quantiles: {} },
      });
    }
  }
  return out;
}

describe('guard decisions per horizon', () => {
  const validation = { from: '', to: '', originStepHours: 6 };
  it('real point skill at one horizon only: that horizon alone leaves naive for the point', () => {
    const decisions = Object.fromEntries(
      ALL_HORIZONS.map((h, i) => {
        const spacing = HORIZONS[h].timeframe === 'hourly' ? 6 * HOUR_MS : DAY_MS;
        const n = HORIZONS[h].timeframe === 'hourly' ? 1460 : 1095;
        return [h, decideHorizon(h, rows(h, n, 100 + i, h === '4h' ? 0.5 : 0), spacing, validation)];
      }),
    );
    for (const h of ALL_HORIZONS) {
      expect(decisions[h]!.guard!.pointIsNaive, h).toBe(h !== '4h');
      expect(decisions[h]!.guard!.n, h).toBeGreaterThan(1000);
    }
    expect(decisions['4h']!.shrink).toBeGreaterThan(0);
    expect(decisions['4h']!.point.ridge).toBe(1);
    expect(decisions['4h']!.guard!.point.statistic!).toBeLessThan(-1.96);
    // Equally good intervals (independent estimation noise) do not leave naive; at 4h the interval moves with the
    // skilled point, which is a real gain.
    for (const h of ALL_HORIZONS) expect(decisions[h]!.guard!.intervalIsNaive, h).toBe(h !== '4h');
  });

  it('a horizon with too few independent outcomes stays naive even with a large apparent gain', () => {
    // 30d every day for 600 days: 20 non-overlapping outcomes < 30.
    const d = decideHorizon('30d', rows('30d', 600, 7, 0.6), DAY_MS, validation);
    expect(d.guard!.point.effectiveN).toBeLessThan(30);
    expect(d.guard!.pointIsNaive).toBe(true);
  });
});

/** Gaussian random walk with constant volatility: nothing beats naive. */
function randomWalkCoin(coin: string, days: number, seed: number): CoinHistory {
  const g = gaussian(seededRandom(seed));
  const hourly: Candle[] = [];
  let p = 100;
  const start = Date.UTC(2022, 0, 3);
  for (let i = 0; i < days * 24; i++) {
    const o = p;
    p = p * Math.exp(0.006 * g());
    const w = Math.abs(g()) * 0.002;
    hourly.push({ openTime: start + i * HOUR_MS, open: o, high: Math.max(o, p) * Math.exp(w), low: Math.min(o, p) * Math.exp(-w), close: p, volume: 100 });
  }
  return { coin, hourly, daily: aggregateDaily(hourly) };
}

describe('guard on a trained ensemble', () => {
  it("random walk → naive everywhere: every horizon serves naive's point and interval, forecasts identical to naiveModel", async () => {
    const histories = [1, 2].map((s) => randomWalkCoin(`RW${s}`, 700, 300 + s));
    const until = histories[0]!.hourly[0]!.openTime + 640 * DAY_MS;
    const model = await trainDefaultModel(histories, {
      until,
      seed: 3,
      trainYears: 1,
      validation: { hourly: { days: 150, stepHours: 6 }, daily: { days: 300, stepHours: 24 } },
      maxNeuralSamples: 600,
      neuralEpochs: 2,
    });
    const g = guardDecisions(model)!;
    expect(Object.keys(g).sort()).toEqual([...ALL_HORIZONS].sort());
    for (const h of ALL_HORIZONS) {
      expect(g[h]!.pointIsNaive, h).toBe(true);
      expect(g[h]!.intervalIsNaive, h).toBe(true);
      expect(g[h]!.n, h).toBeGreaterThan(0);
    }
    expect(model.metadata.guard).toEqual(g);
    const naive = naiveModel();
    for (const t of [until + 3 * DAY_MS, until + 20 * DAY_MS + 7 * HOUR_MS]) {
      for (const h of histories) {
        const cut = historyUntil(h, t, model.lookback);
        expect(model.predict(cut, [...ALL_HORIZONS])).toEqual(naive.predict(cut, [...ALL_HORIZONS]));
      }
    }
  }, 600_000);
});
