/**
 * Sub-hour volatility: an intraday seasonality profile (5-minute slot of the day × day of the week), a HAR regression
 * of the next h steps' deseasonalised realised variance on the trailing 30 min / 2 h / 1 day / 1 week (5m series; 5 /
 * 30 / 120 / 1,440 minutes on the 1m series), and split-conformal quantiles of the standardised h-step returns over a
 * rolling window. Pure functions; every value at bar j uses candles up to j only.
 */
import { DAY_MS, FIVE_MINUTE_MS, type IntradaySeries } from '../data/horizons';
import { quantileSorted } from '../math';
import { ols } from '../models/regression';
import type { Candle } from '../types';
import { QUANTILE_LEVELS } from '../types';

/** Seasonal slots: 288 five-minute slots of the UTC day × 7 days (Monday = 0). */
export const SLOTS_PER_DAY = 288;
export const SEASONAL_SLOTS = 7 * SLOTS_PER_DAY;

/** Slot of a candle opening at t (a 1-minute candle takes the slot of the 5-minute bucket it falls in). */
export function seasonalSlot(openTime: number): number {
  const day = Math.floor(openTime / DAY_MS);
  const dow = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday (Monday = 0)
  const tod = Math.floor((openTime - day * DAY_MS) / FIVE_MINUTE_MS);
  return dow * SLOTS_PER_DAY + tod;
}

/** HAR windows in bars per series (30 min, 2 h, 1 day, 1 week on 5m; 5 min, 30 min, 2 h, 1 day on 1m). */
export const HAR_WINDOWS: Record<IntradaySeries, readonly number[]> = { '5m': [6, 24, 288, 2016], '1m': [5, 30, 120, 1440] };
export const INTRADAY_HAR_FEATURES: Record<IntradaySeries, readonly string[]> = {
  '5m': ['const', 'lnRv30m', 'lnRv2h', 'lnRv1d', 'lnRv1w'],
  '1m': ['const', 'lnRv5m', 'lnRv30m', 'lnRv2h', 'lnRv1d'],
};

export interface IntradayHar {
  steps: number;
  series: IntradaySeries;
  features: string[];
  coef: number[];
  rows: number;
  /** Fitted with the slopes summing to 1 (see fitIntradayHar). */
  scaleInvariant?: boolean;
}

const lnFloor = (x: number) => Math.log(Math.max(x, 1e-14));

/** Garman-Klass variance of one bar (0 for a flat bar). */
function gk(c: Candle): number {
  const hl = Math.log(c.high / c.low);
  const co = Math.log(c.close / c.open);
  const g = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co;
  return Number.isFinite(g) && g > 0 ? g : 0;
}

/** Per-bar inputs of a series: deseasonalised bar variance (prefix sums), HAR regressors, slots and log closes. */
export interface IntradayPath {
  n: number;
  series: IntradaySeries;
  candles: Candle[];
  logCloses: Float64Array;
  /** prefix[i] = sum of deseasonalised bar variances of bars 0..i−1. */
  prefix: Float64Array;
  /** f2prefix[i] = sum of the squared seasonal factors of bars 0..i−1. */
  f2prefix: Float64Array;
  /** lnMean[k][j] = ln mean deseasonalised bar variance of the HAR_WINDOWS[series][k] bars ending at j (NaN until used). */
  lnMean: Float64Array[];
  seasonal: readonly number[];
}

/** The path of a series (HAR regressors are computed from the variance prefix sums when first read). */
export function intradayPath(candles: Candle[], logCloses: Float64Array, seasonal: readonly number[], series: IntradaySeries): IntradayPath {
  const n = candles.length;
  const prefix = new Float64Array(n + 1);
  const f2prefix = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) {
    const c = candles[t]!;
    let v = gk(c);
    if (v === 0 && t > 0) {
      const r = logCloses[t]! - logCloses[t - 1]!;
      v = r * r;
    }
    const f = seasonal[seasonalSlot(c.openTime)] ?? 1;
    prefix[t + 1] = prefix[t]! + v / (f * f);
    f2prefix[t + 1] = f2prefix[t]! + f * f;
  }
  // Filled on first use (NaN = not computed yet): predict reads them only at the calibration origins it samples.
  const lnMean = HAR_WINDOWS[series].map(() => new Float64Array(n).fill(NaN));
  return { n, series, candles, logCloses, prefix, f2prefix, lnMean, seasonal };
}

/** ln mean deseasonalised bar variance of the k-th HAR window ending at bar j (cached in the path). */
function lnMeanAt(p: IntradayPath, k: number, j: number): number {
  const arr = p.lnMean[k]!;
  let v = arr[j]!;
  if (v !== v) {
    const a = Math.max(0, j + 1 - HAR_WINDOWS[p.series][k]!);
    v = arr[j] = lnFloor((p.prefix[j + 1]! - p.prefix[a]!) / (j + 1 - a));
  }
  return v;
}

/** HAR regressor row at bar j. */
export function harRow(p: IntradayPath, j: number): number[] {
  return [1, ...p.lnMean.map((_, k) => lnMeanAt(p, k, j))];
}

function harDot(coef: readonly number[], p: IntradayPath, j: number): number {
  let s = coef[0]!;
  for (let k = 0; k < p.lnMean.length; k++) s += coef[k + 1]! * lnMeanAt(p, k, j);
  return s;
}

/** Sum of squared seasonal factors of the `steps` bars after an origin at the close of bar j. */
function seasonalAhead(p: IntradayPath, j: number, steps: number, intervalMs: number): number {
  // Inside the data with contiguous bars: the bars' own factors (prefix sums); at the end of the series: by time.
  if (j + steps < p.n && p.candles[j + steps]!.openTime - p.candles[j]!.openTime === steps * intervalMs) return p.f2prefix[j + steps + 1]! - p.f2prefix[j + 1]!;
  const start = p.candles[j]!.openTime + intervalMs;
  let s = 0;
  for (let i = 0; i < steps; i++) {
    const f = p.seasonal[seasonalSlot(start + i * intervalMs)] ?? 1;
    s += f * f;
  }
  return s;
}

/** Forecast sd of the h-step log return from the close of bar j. */
export function harSigma(har: IntradayHar, p: IntradayPath, j: number, intervalMs: number): number {
  return Math.sqrt(Math.exp(harDot(har.coef, p, j)) * seasonalAhead(p, j, har.steps, intervalMs));
}

/**
 * Intraday volatility profile: mean √(bar variance / the coin's trailing-week mean) per slot (5-minute slot × day of
 * week; a week, so the normaliser spans the whole weekly cycle and does not carry the weekend into Monday's level),
 * pooled over coins, shrunk towards the weekday (or weekend) time-of-day profile times the day's level within its
 * group (both estimated on many more bars), normalised to mean square 1. A 1m series uses its 5-minute bucket's slot.
 */
export function fitIntradaySeasonal(series: Candle[][], prior = 100): number[] {
  const sum = new Float64Array(SEASONAL_SLOTS);
  const cnt = new Float64Array(SEASONAL_SLOTS);
  for (const candles of series) {
    if (candles.length < 14 * SLOTS_PER_DAY) continue;
    const v = new Float64Array(candles.length);
    for (let t = 0; t < candles.length; t++) v[t] = gk(candles[t]!);
    let acc = 0;
    const win = 7 * SLOTS_PER_DAY;
    for (let t = 0; t < candles.length; t++) {
      acc += v[t]!;
      if (t >= win) acc -= v[t - win]!;
      if (t < win) continue;
      const scale = acc / win;
      if (!(scale > 0)) continue;
      const s = seasonalSlot(candles[t]!.openTime);
      sum[s]! += Math.min(Math.sqrt(v[t]! / scale), 10);
      cnt[s]! += 1;
    }
  }
  // Shrinkage target: the time-of-day profile of weekdays or of weekends (the US-session hours are busy on weekdays
  // only, an interaction a plain time-of-day × day-of-week product misses) times the day's level within its group.
  const group = (di: number) => (di >= 5 ? 1 : 0);
  const tod = [new Float64Array(SLOTS_PER_DAY), new Float64Array(SLOTS_PER_DAY)];
  const todN = [new Float64Array(SLOTS_PER_DAY), new Float64Array(SLOTS_PER_DAY)];
  const dow = new Float64Array(7);
  const dowN = new Float64Array(7);
  const grp = new Float64Array(2);
  const grpN = new Float64Array(2);
  let total = 0;
  let totalN = 0;
  for (let s = 0; s < SEASONAL_SLOTS; s++) {
    const ti = s % SLOTS_PER_DAY;
    const di = Math.floor(s / SLOTS_PER_DAY);
    const g = group(di);
    tod[g]![ti]! += sum[s]!;
    todN[g]![ti]! += cnt[s]!;
    dow[di]! += sum[s]!;
    dowN[di]! += cnt[s]!;
    grp[g]! += sum[s]!;
    grpN[g]! += cnt[s]!;
    total += sum[s]!;
    totalN += cnt[s]!;
  }
  if (totalN < 10 * SEASONAL_SLOTS) return new Array<number>(SEASONAL_SLOTS).fill(1);
  const m = total / totalN;
  const ratio = (a: number, n: number, ref: number) => (n > 0 && ref > 0 ? a / n / ref : 1);
  const f = new Array<number>(SEASONAL_SLOTS);
  for (let s = 0; s < SEASONAL_SLOTS; s++) {
    const ti = s % SLOTS_PER_DAY;
    const di = Math.floor(s / SLOTS_PER_DAY);
    const g = group(di);
    const gm = grpN[g]! > 0 ? grp[g]! / grpN[g]! : m;
    const base = ratio(tod[g]![ti]!, todN[g]![ti]!, m) * ratio(dow[di]!, dowN[di]!, gm);
    const raw = cnt[s]! > 0 ? sum[s]! / cnt[s]! / m : base;
    f[s] = (cnt[s]! * raw + prior * base) / (cnt[s]! + prior);
  }
  const rms = Math.sqrt(f.reduce((a, x) => a + x * x, 0) / f.length);
  return f.map((x) => x / rms);
}

/**
 * Pooled OLS of ln(mean deseasonalised bar variance of the next `steps` bars) on the HAR row, over the bars of every
 * series from its first full week (every `stride`-th bar; targets must lie inside the data and be contiguous).
 */
export function fitIntradayHar(
  paths: { path: IntradayPath; intervalMs: number }[],
  series: IntradaySeries,
  steps: number,
  stride = 3,
  scaleInvariant = false,
): IntradayHar | undefined {
  const X: number[][] = [];
  const y: number[] = [];
  const first = HAR_WINDOWS[series][HAR_WINDOWS[series].length - 1]!;
  for (const { path: p, intervalMs } of paths) {
    for (let j = first; j + steps < p.n; j += stride) {
      if (p.candles[j + steps]!.openTime - p.candles[j]!.openTime !== steps * intervalMs) continue;
      if (p.candles[j]!.openTime - p.candles[j - first]!.openTime > 2 * first * intervalMs) continue; // window spans a long gap
      X.push(harRow(p, j));
      y.push(lnFloor((p.prefix[j + steps + 1]! - p.prefix[j + 1]!) / steps));
    }
  }
  if (y.length < 500) return undefined;
  let coef: number[];
  if (scaleInvariant) {
    // Regressed in deviations from the longest window: ln v − x_L = c + Σ b_k (x_k − x_L), i.e. the slopes sum to 1
    // and the forecast scales with the coin's level (stored as the unconstrained row's coefficients).
    const L = X[0]!.length - 1;
    const b = ols(
      X.map((x) => [1, ...x.slice(1, L).map((v) => v - x[L]!)]),
      y.map((v, r) => v - X[r]![L]!),
    );
    coef = [...b, 1 - b.slice(1).reduce((a, v) => a + v, 0)];
  } else coef = ols(X, y);
  if (!coef.every(Number.isFinite)) return undefined;
  return { steps, series, features: [...INTRADAY_HAR_FEATURES[series]], coef, rows: y.length, ...(scaleInvariant ? { scaleInvariant: true } : {}) };
}

const GAUSS_Z: Record<string, number> = { '0.05': -1.6449, '0.1': -1.2816, '0.25': -0.6745, '0.5': 0, '0.75': 0.6745, '0.9': 1.2816, '0.95': 1.6449 };

/**
 * Split-conformal quantiles at bar j: the standardised realised h-step returns z_i = R_i / sd_i of the last `window`
 * origins whose target (bar i + steps) is at or before j and whose steps are contiguous (every `stride`-th, counting
 * back from the last), centred at their median.
 * Gaussian quantiles with fewer than 30 residuals.
 */
export function intradayConformal(
  har: IntradayHar,
  p: IntradayPath,
  j: number,
  window: number,
  intervalMs: number,
  stride = 1,
): { z: Record<string, number>; samples: number } {
  const steps = har.steps;
  const last = j - steps;
  const first = Math.max(0, last - window + 1);
  const zs = new Float64Array(Math.max(0, Math.floor((last - first) / stride) + 1));
  let m = 0;
  const span = steps * intervalMs;
  for (let i = last; i >= first; i -= stride) {
    if (p.candles[i + steps]!.openTime - p.candles[i]!.openTime !== span) continue;
    const sd = harSigma(har, p, i, intervalMs);
    if (!(sd > 0)) continue;
    zs[m++] = (p.logCloses[i + steps]! - p.logCloses[i]!) / sd;
  }
  if (m < 30) return { z: { ...GAUSS_Z }, samples: m };
  const s = zs.subarray(0, m).sort();
  const med = quantileSorted(s, 0.5);
  const z: Record<string, number> = {};
  for (const q of QUANTILE_LEVELS) z[q] = quantileSorted(s, Number(q)) - med;
  return { z, samples: m };
}
