/**
 * Research probe (issue 15, item 3): do 5-minute realised measures sharpen the HAR scale at 1h / 4h / 24h?
 *
 * For every hourly candle it builds the hour's variance from its twelve 5-minute bars — realised variance (sum of
 * squared 5-minute log returns), bipower variation (jump-robust) and the sum of the 5-minute Garman–Klass values —
 * falling back to the hourly Garman–Klass value (rescaled per coin on the fit period) where the hour has fewer
 * than 12 five-minute bars. Each measure replaces the hourly bar variance inside the HAR regressors and target
 * (same regressors as the served model: last day / week / month / 6 h, GARCH, calendar), fitted by pooled OLS on
 * the two years before `--from`. The intervals are the served model's machinery (split-conformal on the HAR-scaled
 * residuals, same windows, strides and regime share); scored every `--step` hours in [from, to] against the
 * hourly-GK HAR (the served 1h / 24h scale) and GARCH (the served 4h scale), all on the same origins.
 *
 *   cd ml && npx tsx bench/rv5m-probe.ts [--from 2024-06-01 --to 2025-06-01] [--step 6]
 */
import { historyUntil, loadHistories, parseDate } from '../src/data/candles';
import { loadIntradayCandles } from '../src/intraday/data';
import { DEFAULT_CALIBRATION_STRIDE, DEFAULT_CALIBRATION_WINDOW, DEFAULT_REGIME_SHARE, fitVolParams } from '../src/models/vol-model';
import { conformalQuantiles, HAR_FIRST_INDEX, harInputs, horizonVariance, volPath, type VolPath } from '../src/models/volatility';
import { ols } from '../src/models/regression';
import type { Candle, Horizon } from '../src/types';
import { arg } from './args';

const DIR = '../../shared/data/candles';
const HOUR = 3_600_000;
const FIVE = 300_000;
const LEVELS = ['0.1', '0.5', '0.9'];
const HS: [Horizon, number][] = [
  ['1h', 1],
  ['4h', 4],
  ['24h', 24],
];
type Measure = 'gk1h' | 'rv5' | 'bv5' | 'gk5';

/** Per hourly candle: the 5-minute measures of its hour (NaN where the hour lacks any of its 12 bars). */
function hourMeasures(hourly: Candle[], five: Candle[]): Record<'rv5' | 'bv5' | 'gk5', Float64Array> {
  const n = hourly.length;
  const rv = new Float64Array(n).fill(NaN);
  const bv = new Float64Array(n).fill(NaN);
  const gk = new Float64Array(n).fill(NaN);
  const idx = new Map<number, number>();
  five.forEach((c, i) => idx.set(c.openTime, i));
  for (let t = 0; t < n; t++) {
    const T = hourly[t]!.openTime;
    const i0 = idx.get(T);
    if (i0 === undefined || i0 < 1) continue;
    if (five[i0 + 11]?.openTime !== T + 11 * FIVE || five[i0 - 1]!.openTime !== T - FIVE) continue;
    let s = 0;
    let b = 0;
    let g = 0;
    let prev = NaN;
    for (let k = 0; k < 12; k++) {
      const c = five[i0 + k]!;
      const r = Math.log(c.close / five[i0 + k - 1]!.close);
      s += r * r;
      if (k > 0) b += Math.abs(r) * Math.abs(prev);
      prev = r;
      const hl = Math.log(c.high / c.low);
      const co = Math.log(c.close / c.open);
      const v = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co;
      g += Number.isFinite(v) && v > 0 ? v : r * r;
    }
    rv[t] = s;
    bv[t] = (Math.PI / 2) * b * (12 / 11);
    gk[t] = g;
  }
  return { rv5: rv, bv5: bv, gk5: gk };
}

interface Series {
  coin: string;
  candles: Candle[];
  logCloses: Float64Array;
  path: VolPath;
  bars: Record<Measure, Float64Array>;
}

async function main() {
  const from = parseDate(arg('from', '2024-06-01'));
  const to = parseDate(arg('to', '2025-06-01'));
  const step = Number(arg('step', '6'));
  const histories = loadHistories(DIR);
  const p = fitVolParams(histories, from);
  const cfg = p.hourly;
  const fitRows = 2 * 365 * 24;
  const series: Series[] = [];
  for (const h of histories) {
    const candles = historyUntil(h, to + 30 * 86_400_000).hourly;
    const five = loadIntradayCandles(DIR, h.coin, '5m');
    const logCloses = Float64Array.from(candles, (c) => Math.log(c.close));
    const path = volPath(candles, cfg, logCloses);
    const m = hourMeasures(candles, five);
    const bars = { gk1h: path.barVar } as Record<Measure, Float64Array>;
    // Fallback scale per coin, from the hours before `from` that have both measures.
    for (const k of ['rv5', 'bv5', 'gk5'] as const) {
      let a = 0;
      let b = 0;
      for (let t = 0; t < candles.length && candles[t]!.openTime + HOUR <= from; t++)
        if (Number.isFinite(m[k][t]!)) {
          a += m[k][t]!;
          b += path.barVar[t]!;
        }
      const c = b > 0 ? a / b : 1;
      bars[k] = Float64Array.from(m[k], (v, t) => (Number.isFinite(v) ? v : c * path.barVar[t]!));
    }
    const have = Array.from(m.rv5).filter(Number.isFinite).length;
    console.error(`${h.coin}: ${candles.length} hours, ${have} with 5m bars`);
    series.push({ coin: h.coin, candles, logCloses, path, bars });
  }
  const inputsOf = (s: Series, k: Measure, steps: number) => harInputs(s.candles, { ...s.path, barVar: s.bars[k] }, cfg, steps);
  for (const [h, steps] of HS) {
    const variants: Measure[] = ['gk1h', 'rv5', 'bv5', 'gk5'];
    const fits = new Map<Measure, number[]>();
    for (const k of variants) {
      const X: number[][] = [];
      const y: number[] = [];
      for (const s of series) {
        const inp = inputsOf(s, k, steps);
        const end = s.candles.findIndex((c) => c.openTime + HOUR > from); // first origin at or after `from`
        const last = (end < 0 ? s.candles.length : end) - 1;
        for (let t = Math.max(HAR_FIRST_INDEX, p.warmup + cfg.levelWindow, last - steps - fitRows); t + steps <= last; t++) {
          X.push(inp.row(t)!);
          y.push(Math.log(Math.max(inp.rvSum(t + 1, t + steps), 1e-12)));
        }
      }
      fits.set(k, ols(X, y));
    }
    const score: Record<string, { pin: number[]; naive: number[]; cov: number[] }> = {};
    for (const name of ['garch', ...variants]) score[name] = { pin: [], naive: [], cov: [] };
    for (const s of series) {
      const acc: Record<string, { pin: number; naive: number; cov: number; n: number }> = {};
      for (const name of Object.keys(score)) acc[name] = { pin: 0, naive: 0, cov: 0, n: 0 };
      const inps = new Map(variants.map((k) => [k, inputsOf(s, k, steps)]));
      const { candles, logCloses } = s;
      for (let j = 0; j + steps < candles.length; j++) {
        const origin = candles[j]!.openTime + HOUR;
        if (origin < from || origin + steps * HOUR > to || (origin / HOUR) % step !== 0) continue;
        if (candles[j + steps]!.openTime !== candles[j]!.openTime + steps * HOUR) continue;
        const R = logCloses[j + steps]! - logCloses[j]!;
        // Naive: empirical quantiles of the trailing 90 days of h-step log returns known at j.
        const past: number[] = [];
        for (let i = j - steps; i >= Math.max(0, j - steps - 2159); i--) past.push(logCloses[i + steps]! - logCloses[i]!);
        past.sort((a, b) => a - b);
        const nq = LEVELS.map((l) => past[Math.min(past.length - 1, Math.floor(Number(l) * past.length))]!);
        nq[1] = 0;
        const pinOf = (q: number[]) =>
          LEVELS.reduce((a, l, k) => {
            const tau = Number(l);
            const d = Math.exp(R) - Math.exp(q[k]!);
            return a + Math.max(tau * d, (tau - 1) * d);
          }, 0) / LEVELS.length;
        const naivePin = pinOf(nq);
        const opts = { stride: DEFAULT_CALIBRATION_STRIDE[h], regimeShare: DEFAULT_REGIME_SHARE[h] };
        const window = DEFAULT_CALIBRATION_WINDOW[h];
        for (const name of Object.keys(score)) {
          let sd: number;
          let z: Record<string, number>;
          if (name === 'garch') {
            sd = Math.sqrt(horizonVariance(s.path, cfg, j, steps));
            z = conformalQuantiles(logCloses, s.path, cfg, j, steps, window, LEVELS, opts).z;
          } else {
            const inp = inps.get(name as Measure)!;
            const coef = fits.get(name as Measure)!;
            const sdAt = (i: number) => Math.exp(0.5 * inp.dotRow(coef, i));
            sd = sdAt(j);
            z = conformalQuantiles(logCloses, s.path, cfg, j, steps, window, LEVELS, { ...opts, sdAt, firstIndex: HAR_FIRST_INDEX }).z;
          }
          const q = LEVELS.map((l) => sd * z[l]!);
          const a = acc[name]!;
          a.pin += pinOf(q);
          a.naive += naivePin;
          a.cov += R >= q[0]! && R <= q[2]! ? 1 : 0;
          a.n++;
        }
      }
      for (const [name, a] of Object.entries(acc)) {
        score[name]!.pin.push(a.pin / a.naive);
        score[name]!.cov.push(a.cov / a.n);
      }
    }
    const med = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
    };
    for (const [name, sc] of Object.entries(score))
      console.log(`${h.padEnd(4)} ${name.padEnd(6)} relPinball ${med(sc.pin).toFixed(4)} cov80 ${(100 * med(sc.cov)).toFixed(1)} %`);
    for (const [k, c] of fits) console.log(`     ${k} coef ${c.map((x) => x.toFixed(3)).join(' ')}`);
  }
}
void main();
