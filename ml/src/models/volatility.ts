/**
 * GARCH(1,1)-style volatility with a rolling variance target, intraday/weekly seasonality and split-conformal
 * calibration of the standardised h-step returns. Pure functions, no framework imports.
 *
 * Why: direction is close to unpredictable, but volatility clusters. Scaling the interval by a volatility
 * forecast and calibrating the scaled residuals on a rolling recent window gives intervals that are both
 * calibrated and sharper than the empirical trailing-return interval of the naive baseline.
 */
import { cacheOfLogCloses, rv24Of, type SeriesCache } from '../data/series-cache';
import { quantileSorted } from '../math';
import { ols } from './regression';
import type { Candle } from '../types';

export interface GarchParams {
  /** Reaction to the last squared (deseasonalised) return. */
  alpha: number;
  /** Persistence of the conditional variance. alpha + beta < 1. */
  beta: number;
}

export interface VolConfig {
  garch: GarchParams;
  /** Multiplicative volatility factor per seasonal slot (hour of week for hourly, 1 slot for daily). */
  seasonal: number[];
  /** Candles in the rolling window that sets the long-run variance target. */
  levelWindow: number;
  /**
   * Weight of the candle's high/low range (Garman-Klass estimate, rescaled to close-to-close units) in the GARCH
   * innovation; 0 = classic squared return. The range measures the same variance with far less noise.
   */
  rangeWeight?: number;
}

export const HOURS_PER_WEEK = 168;

/** Seasonal slot of a candle: hour of the week (Monday 00:00 UTC = 0) for hourly candles. */
export function hourOfWeek(openTime: number): number {
  // Arithmetic instead of Date: this runs for every candle of every forecast. 1970-01-05 00:00 UTC was a Monday.
  const h = Math.floor(openTime / 3_600_000) - 96;
  return ((h % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
}

export interface VolPath {
  n: number;
  /** Deseasonalised log return ending at candle t (index 0 is 0). */
  u: Float64Array;
  /** Conditional variance of u[t+1] known at the close of candle t. */
  vNext: Float64Array;
  /** Rolling long-run variance target at t. */
  level: Float64Array;
  /** Seasonal slot of candle t. */
  slot: Int32Array;
  /** Raw Garman-Klass variance of candle t (squared close-to-close return where the range is degenerate; 0 at t = 0). */
  barVar: Float64Array;
}

/**
 * Runs the filter over a candle series (causal: every value at t uses candles up to t only). `logCloses` (the
 * natural log of each close, when the caller has them) saves a logarithm per candle. A cut of a cached series
 * (data/series-cache.ts) reads its per-candle inputs from the series instead of computing them again.
 */
export function volPath(candles: Candle[], cfg: VolConfig, logCloses?: Float64Array): VolPath {
  const hit = logCloses ? cacheOfLogCloses(logCloses) : undefined;
  if (hit && hit.candles === candles) return volPathFromCache(hit.cache, hit.start, candles.length, cfg);
  const n = candles.length;
  const returnAt = logCloses ? (t: number) => logCloses[t]! - logCloses[t - 1]! : (t: number) => Math.log(candles[t]!.close / candles[t - 1]!.close);
  const { slot, u, gk, barVar } = volInputs(candles, cfg.seasonal, returnAt);
  return { n, u, ...garchFilter(u, gk, 0, n, cfg), slot, barVar };
}

/** Per-candle filter inputs for one seasonal profile (values at index 0, which has no return, are never read). */
interface VolInputs {
  slot: Int32Array;
  /** Log return over the seasonal factor of its hour. */
  u: Float64Array;
  /** Garman–Klass variance of the bar over the squared seasonal factor (u² where the bar has no usable range). */
  gk: Float64Array;
  /** Garman–Klass variance of the bar (r² where the bar has no usable range). */
  barVar: Float64Array;
}

function volInputs(candles: Candle[], seasonal: number[], returnAt: (t: number) => number): VolInputs {
  const n = candles.length;
  const slots = seasonal.length;
  const slot = new Int32Array(n);
  const u = new Float64Array(n);
  const gk = new Float64Array(n);
  const barVar = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    slot[t] = slots === 1 ? 0 : hourOfWeek(candles[t]!.openTime) % slots;
    if (t === 0) continue;
    const r = returnAt(t);
    const s = seasonal[slot[t]!]!;
    u[t] = r / s;
    const c = candles[t]!;
    const hl = Math.log(c.high / c.low);
    const co = Math.log(c.close / c.open);
    const g = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co;
    barVar[t] = Number.isFinite(g) && g > 0 ? g : r * r;
    gk[t] = Number.isFinite(g) && g > 0 ? g / (s * s) : u[t]! * u[t]!;
  }
  return { slot, u, gk, barVar };
}

/**
 * The rolling squared-return level and the GARCH recursion over u[0 .. n) (gk read at gkStart + t): the filter's
 * variance forecast for the next bar and its level at every candle.
 */
function garchFilter(u: Float64Array, gk: Float64Array, gkStart: number, n: number, cfg: VolConfig): { vNext: Float64Array; level: Float64Array } {
  const vNext = new Float64Array(n);
  const level = new Float64Array(n);
  const { alpha, beta } = cfg.garch;
  const w = cfg.levelWindow;
  const rw = cfg.rangeWeight ?? 0;
  let sumSq = 0;
  let sumGk = 0;
  let count = 0;
  let v = NaN;
  for (let t = 0; t < n; t++) {
    if (t > 0) {
      const ut = u[t]!;
      sumSq += ut * ut;
      sumGk += gk[gkStart + t]!;
      count++;
      if (t - w >= 1) {
        const uo = u[t - w]!;
        sumSq -= uo * uo;
        sumGk -= gk[gkStart + t - w]!;
        count--;
      }
    }
    // Floor keeps a flat (no-trade) stretch from producing a zero-width interval.
    const lv = Math.max(count > 0 ? sumSq / count : 0, 1e-10);
    level[t] = lv;
    if (t === 0) {
      v = lv;
    } else {
      if (!Number.isFinite(v)) v = lv;
      const ut = u[t]!;
      const sq = ut * ut;
      // Range innovation rescaled so that its rolling mean equals the squared-return level.
      const rng = sumGk > 0 ? (gk[gkStart + t]! * sumSq) / sumGk : sq;
      const innovation = rw > 0 ? rw * rng + (1 - rw) * sq : sq;
      v = (1 - alpha - beta) * lv + alpha * innovation + beta * v;
    }
    vNext[t] = Math.max(v, 1e-12);
  }
  return { vNext, level };
}

/** The filter inputs of a whole cached series for one seasonal profile, computed once. */
function baseVolInputs(cache: SeriesCache, seasonal: number[]): VolInputs {
  let list = cache.extra.get('vol') as (VolInputs & { seasonal: number[] })[] | undefined;
  if (!list) cache.extra.set('vol', (list = []));
  for (const e of list) {
    if (e.seasonal.length !== seasonal.length) continue;
    let same = true;
    for (let k = 0; k < seasonal.length && same; k++) same = e.seasonal[k] === seasonal[k];
    if (same) return e;
  }
  const lc = cache.logCloses;
  const e = { ...volInputs(cache.refs, seasonal, (t) => lc[t]! - lc[t - 1]!), seasonal: seasonal.slice() };
  list.push(e);
  // A handful of profiles per series at most (validation and final parameters); keep the newest.
  if (list.length > 4) list.shift();
  return e;
}

/**
 * volPath over the candles start .. start + n − 1 of a cached base series: the per-candle inputs come from the
 * base (the cut's first candle has no return: u and barVar start at 0 as in volPath), the recursion runs over the cut.
 */
function volPathFromCache(cache: SeriesCache, start: number, n: number, cfg: VolConfig): VolPath {
  const b = baseVolInputs(cache, cfg.seasonal);
  const u = new Float64Array(n);
  const barVar = new Float64Array(n);
  if (n > 1) {
    u.set(b.u.subarray(start + 1, start + n), 1);
    barVar.set(b.barVar.subarray(start + 1, start + n), 1);
  }
  return { n, u, ...garchFilter(u, b.gk, start, n, cfg), slot: b.slot.slice(start, start + n), barVar };
}

/**
 * Variance of the h-step log return from the close of candle j: sum over the next h steps of the seasonal factor
 * squared times the GARCH forecast, which decays geometrically from vNext[j] to the level.
 */
export function horizonVariance(path: VolPath, cfg: VolConfig, j: number, steps: number): number {
  const sums = slotSums(cfg, steps);
  const slot = path.slot[j]!;
  const lv = path.level[j]!;
  return lv * sums.flat[slot]! + (path.vNext[j]! - lv) * sums.decayed[slot]!;
}

/**
 * The h-step variance of horizonVariance as a product of three factors (for explanations): the rolling long-run
 * level per step, the calendar factor (mean squared seasonal factor over the next `steps` slots, times `steps`) and
 * the GARCH shock factor (1 + (vNext / level − 1) · decayed / flat: above 1 after large recent moves, below after calm).
 * level · calendar · shocks = horizonVariance(path, cfg, j, steps).
 */
export function horizonVarianceParts(path: VolPath, cfg: VolConfig, j: number, steps: number): { level: number; calendar: number; shocks: number } {
  const sums = slotSums(cfg, steps);
  const slot = path.slot[j]!;
  const lv = path.level[j]!;
  const flat = sums.flat[slot]!;
  return { level: lv, calendar: flat, shocks: 1 + ((path.vNext[j]! / lv - 1) * sums.decayed[slot]!) / flat };
}

/**
 * Per seasonal slot of the origin: the sum over the next `steps` slots of the squared seasonal factor, plain and
 * weighted by the GARCH decay. Makes the h-step variance O(1) per origin. Cached per (config, steps).
 */
const slotSumCache = new WeakMap<VolConfig, Map<number, { flat: Float64Array; decayed: Float64Array }>>();
function slotSums(cfg: VolConfig, steps: number): { flat: Float64Array; decayed: Float64Array } {
  let bySteps = slotSumCache.get(cfg);
  if (!bySteps) slotSumCache.set(cfg, (bySteps = new Map()));
  let r = bySteps.get(steps);
  if (r) return r;
  const phi = cfg.garch.alpha + cfg.garch.beta;
  const slots = cfg.seasonal.length;
  const flat = new Float64Array(slots);
  const decayed = new Float64Array(slots);
  for (let slot = 0; slot < slots; slot++) {
    let decay = 1;
    for (let k = 1; k <= steps; k++) {
      const sf = cfg.seasonal[(slot + k) % slots]!;
      flat[slot]! += sf * sf;
      decayed[slot]! += sf * sf * decay;
      decay *= phi;
    }
  }
  r = { flat, decayed };
  bySteps.set(steps, r);
  return r;
}

const GAUSS_Z: Record<string, number> = {
  '0.05': -1.6449,
  '0.1': -1.2816,
  '0.25': -0.6745,
  '0.5': 0,
  '0.75': 0.6745,
  '0.9': 1.2816,
  '0.95': 1.6449,
};

export interface ConformalResult {
  /** Quantiles of the standardised h-step return, centred on 0 at the median. */
  z: Record<string, number>;
  /** Number of calibration residuals used. */
  samples: number;
}

/**
 * Split-conformal calibration on a rolling recent window: the standardised realised h-step returns
 * z_i = R_i / sqrt(V_i) of the last `window` origins whose outcome is already known at origin j. Their empirical
 * quantiles (centred at the median: drift over a window is not a forecast) become the forecast's quantiles.
 */
export function conformalQuantiles(
  logCloses: Float64Array,
  path: VolPath,
  cfg: VolConfig,
  j: number,
  steps: number,
  window: number,
  levels: readonly string[],
  opts: {
    /** Scale of origin i's h-step return; default the GARCH h-step sd. */
    sdAt?: (i: number) => number;
    /** Origins before this index are not used. */
    firstIndex?: number;
    /** Use every stride-th origin of the window, counting back from the last (overlapping h-step returns are
     * strongly dependent, so a stride > 1 loses little and saves time). */
    stride?: number;
    /**
     * Regime-conditional (Mondrian-style) calibration: the share of the window's residuals whose trailing-24-bar
     * realised variance is nearest in rank to the origin's is used instead of all of them, so a calm origin gets the
     * residual spread of calm origins and a volatile one that of volatile origins.
     */
    regimeShare?: number;
    /**
     * Split-conformal finite-sample correction on the effective sample: with n = residuals used × stride / steps
     * (their non-overlapping outcomes), an upper level τ is read at τ + τ / n and a lower one at τ − (1 − τ) / n
     * (the ⌈τ(n + 1)⌉-th of n), so a window of few independent outcomes gets the wider interval its guarantee needs.
     */
    finiteSample?: boolean;
  } = {},
): ConformalResult {
  const lastOrigin = j - steps; // its target close is candle j: known at the origin
  const first = Math.max(1, opts.firstIndex ?? 1, lastOrigin - window + 1);
  const stride = Math.max(1, Math.floor(opts.stride ?? 1));
  const m = lastOrigin >= first ? Math.floor((lastOrigin - first) / stride) + 1 : 0;
  if (m < 30) return { z: { ...GAUSS_Z }, samples: Math.max(0, m) };
  let zs: Float64Array = new Float64Array(m);
  const sdAt = opts.sdAt;
  if (sdAt) {
    for (let k = 0; k < m; k++) {
      const i = lastOrigin - k * stride;
      const R = logCloses[i + steps]! - logCloses[i]!;
      zs[k] = R / sdAt(i);
    }
  } else {
    // horizonVariance(path, cfg, i, steps) written out with its slot sums looked up once.
    const { flat, decayed } = slotSums(cfg, steps);
    const { slot, level, vNext } = path;
    for (let k = 0; k < m; k++) {
      const i = lastOrigin - k * stride;
      const R = logCloses[i + steps]! - logCloses[i]!;
      const st = slot[i]!;
      const lv = level[i]!;
      zs[k] = R / Math.sqrt(lv * flat[st]! + (vNext[i]! - lv) * decayed[st]!);
    }
  }
  const share = opts.regimeShare;
  if (share !== undefined && share > 0 && share < 1 && Math.floor(share * m) >= 30 && j >= 24) {
    zs = regimeSubset(logCloses, zs, j, lastOrigin, stride, share);
  }
  zs.sort();
  const med = quantileSorted(zs, 0.5);
  const nEff = opts.finiteSample ? (zs.length * stride) / steps : Infinity;
  const level = (tau: number) => (tau > 0.5 ? Math.min(1, tau + tau / nEff) : tau < 0.5 ? Math.max(0, tau - (1 - tau) / nEff) : tau);
  const z: Record<string, number> = {};
  for (const q of levels) z[q] = quantileSorted(zs, level(Number(q))) - med;
  return { z, samples: m };
}

/** Trailing 24-bar sum of squared log returns ending at candle i (i ≥ 24). */
function trailingRv24(logCloses: Float64Array, i: number): number {
  let s = 0;
  for (let t = i - 23; t <= i; t++) {
    const r = logCloses[t]! - logCloses[t - 1]!;
    s += r * r;
  }
  return s;
}

/**
 * The residuals (zs[k] belongs to origin lastOrigin − k·stride) of the `share` of calibration origins whose trailing
 * 24-bar realised variance is nearest in rank to that of origin j. Origins too early for a 24-bar window are dropped.
 *
 * Ranks are by (realised variance, residual), ascending; the `share` block is centred on the rank of origin j's
 * variance. The block is found by sorting the variances alone and resolving ties at its two ends by the residual,
 * which selects exactly the items a sort of (variance, residual) pairs would (the order of the returned residuals
 * is irrelevant: the caller sorts them).
 */
function regimeSubset(logCloses: Float64Array, zs: Float64Array, j: number, lastOrigin: number, stride: number, share: number): Float64Array {
  const cached = cacheOfLogCloses(logCloses);
  const base = cached ? rv24Of(cached.cache) : undefined;
  const off = cached ? cached.start : 0;
  const rvAt = (i: number) => (base ? base[off + i]! : trailingRv24(logCloses, i));
  let len = 0;
  while (len < zs.length && lastOrigin - len * stride >= 24) len++;
  const want = Math.floor(share * len);
  if (want < 30) return zs;
  const rv = new Float64Array(len);
  for (let k = 0; k < len; k++) rv[k] = rvAt(lastOrigin - k * stride);
  const sortedRv = rv.slice().sort();
  const cur = rvAt(j);
  // Rank of the first item whose variance is >= the origin's.
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedRv[mid]! < cur) lo = mid + 1;
    else hi = mid;
  }
  const start = Math.max(0, Math.min(len - want, lo - (want >> 1)));
  const end = start + want - 1; // last rank in the block
  const a = sortedRv[start]!;
  const b = sortedRv[end]!;
  const out = new Float64Array(want);
  let o = 0;
  for (let k = 0; k < len; k++) if (rv[k]! > a && rv[k]! < b) out[o++] = zs[k]!;
  // Items tied at a boundary variance: ranks firstRank .. inside the tie group follow the residual.
  const takeTies = (value: number, fromRank: number, toRank: number) => {
    let first = fromRank;
    while (first > 0 && sortedRv[first - 1] === value) first--;
    const tied: number[] = [];
    for (let k = 0; k < len; k++) if (rv[k] === value) tied.push(zs[k]!);
    tied.sort((x, y) => x - y);
    for (let r = fromRank; r <= toRank; r++) out[o++] = tied[r - first]!;
  };
  if (a === b) takeTies(a, start, end);
  else {
    let lastA = start;
    while (lastA + 1 <= end && sortedRv[lastA + 1] === a) lastA++;
    takeTies(a, start, lastA);
    let firstB = end;
    while (firstB - 1 >= start && sortedRv[firstB - 1] === b) firstB--;
    takeTies(b, firstB, end);
  }
  return out;
}

/** Gaussian negative log-likelihood of the filter's one-step forecasts (for fitting alpha/beta). */
function garchNll(us: Float64Array[], levels: number[], p: GarchParams): number {
  let nll = 0;
  for (let c = 0; c < us.length; c++) {
    const u = us[c]!;
    const lv = levels[c]!;
    let v = lv;
    for (let t = 0; t < u.length; t++) {
      const x = u[t]!;
      if (t > 50) nll += Math.log(v) + (x * x) / v;
      v = (1 - p.alpha - p.beta) * lv + p.alpha * x * x + p.beta * v;
    }
  }
  return nll;
}

/**
 * Pooled quasi-maximum-likelihood fit of (alpha, beta) across coins with variance targeting, by a coarse grid
 * then a local refinement (deterministic, no optimiser dependency). Each series is deseasonalised returns.
 */
export function fitGarch(series: Float64Array[]): GarchParams {
  const usable = series.filter((s) => s.length > 200);
  if (usable.length === 0) return { alpha: 0.08, beta: 0.9 };
  // Winsorise at 10 sd so a single exchange glitch does not dominate the likelihood.
  const levels = usable.map((u) => {
    let s = 0;
    for (const x of u) s += x * x;
    return s / u.length;
  });
  const clipped = usable.map((u, c) => {
    const lim = 10 * Math.sqrt(levels[c]!);
    return u.map((x) => Math.max(-lim, Math.min(lim, x)));
  });
  let best = { alpha: 0.08, beta: 0.9 };
  let bestNll = Infinity;
  const tryP = (alpha: number, persistence: number) => {
    if (alpha <= 0 || persistence >= 0.9995 || alpha >= persistence) return;
    const p = { alpha, beta: persistence - alpha };
    const nll = garchNll(clipped, levels, p);
    if (nll < bestNll) {
      bestNll = nll;
      best = p;
    }
  };
  for (const a of [0.02, 0.04, 0.06, 0.08, 0.1, 0.14, 0.2, 0.28]) for (const ph of [0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995]) tryP(a, ph);
  for (let iter = 0; iter < 3; iter++) {
    const { alpha, beta } = best;
    const ph = alpha + beta;
    const da = alpha * 0.25;
    const dp = (1 - ph) * 0.4;
    for (const a of [alpha - da, alpha, alpha + da]) for (const p2 of [ph - dp, ph, ph + dp]) tryP(a, p2);
  }
  return best;
}

/**
 * Hour-of-week volatility profile: mean absolute hourly return per slot relative to the overall mean, pooled over
 * coins after normalising each coin by its own scale. Shrunk towards 1 with few observations.
 */
export function fitSeasonal(hourlySeries: Candle[][]): number[] {
  const sum = new Float64Array(HOURS_PER_WEEK);
  const cnt = new Float64Array(HOURS_PER_WEEK);
  for (const candles of hourlySeries) {
    if (candles.length < 24 * 14) continue;
    const r: number[] = [];
    for (let t = 1; t < candles.length; t++) r.push(Math.abs(Math.log(candles[t]!.close / candles[t - 1]!.close)));
    // Normalise by a trailing 30-day mean absolute return so that high-volatility regimes do not dominate.
    const win = 24 * 30;
    let acc = 0;
    for (let t = 0; t < r.length; t++) {
      acc += r[t]!;
      if (t >= win) acc -= r[t - win]!;
      if (t < win) continue;
      const scale = acc / win;
      if (!(scale > 0)) continue;
      const s = hourOfWeek(candles[t + 1]!.openTime);
      sum[s]! += Math.min(r[t]! / scale, 10);
      cnt[s]! += 1;
    }
  }
  const raw = Array.from(sum, (s, i) => (cnt[i]! > 0 ? s / cnt[i]! : NaN));
  const valid = raw.filter((x) => Number.isFinite(x));
  if (valid.length < HOURS_PER_WEEK) return new Array(HOURS_PER_WEEK).fill(1);
  const meanAbs = valid.reduce((a, b) => a + b, 0) / valid.length;
  const prior = 200; // observations worth of shrinkage towards a flat profile
  const f = raw.map((x, i) => (cnt[i]! * (x / meanAbs) + prior) / (cnt[i]! + prior));
  // Normalise so the mean squared factor is 1 (the level is carried by the GARCH target).
  const ms = Math.sqrt(f.reduce((a, b) => a + b * b, 0) / f.length);
  return f.map((x) => x / ms);
}

/** Deseasonalised log returns of a candle series (for fitting GARCH). */
export function deseasonalisedReturns(candles: Candle[], seasonal: number[]): Float64Array {
  const out = new Float64Array(Math.max(0, candles.length - 1));
  for (let t = 1; t < candles.length; t++) {
    const s = seasonal.length === 1 ? seasonal[0]! : seasonal[hourOfWeek(candles[t]!.openTime) % seasonal.length]!;
    out[t - 1] = Math.log(candles[t]!.close / candles[t - 1]!.close) / s;
  }
  return out;
}

/**
 * HAR-type forecast of the h-step variance (Corsi 2009, "HAR-RV", extended): a regression of the log realised
 * variance of the next `steps` hourly bars on, all known at the origin,
 *   [1, ln RV last day, ln RV last week (per day), ln RV last 30 days (per day), ln RV last 6 hours (x4),
 *    ln GARCH h-step variance, ln mean squared hour-of-week factor over the next `steps` hours (calendar)].
 * RV sums Garman-Klass variances of hourly bars (range-based, far less noisy than squared returns). Long-memory
 * volatility (week / month) is what GARCH(1,1)'s fast geometric decay misses at 24h; the calendar term brings the
 * weekend lull into the regression. Fitted by pooled OLS over coins on data before `until`.
 */
export interface HarScale {
  /** Horizon in steps (hourly bars; daily bars for the daily scale) the regression forecasts. */
  steps: number;
  /** Regressor names (HAR_FEATURES, or DAILY_HAR_FEATURES for 7d / 30d), for the artifact's metadata. */
  features?: string[];
  /** Coefficients on `features` (HAR_FEATURES where absent). */
  coef: number[];
  /** Training rows the coefficients were fitted on. */
  rows: number;
}

export const HAR_FEATURES = ['const', 'lnRvDay', 'lnRvWeek', 'lnRvMonth', 'lnRv6h', 'lnGarchVar', 'lnSeasonal'] as const;
/** First candle index with a full 30-day RV history. */
export const HAR_FIRST_INDEX = 720;

const lnFloor = (x: number) => Math.log(Math.max(x, 1e-12));

export interface HarInputs {
  /** Sum of bar variances over bars a..b inclusive. */
  rvSum(a: number, b: number): number;
  /** Regressor row at origin t (close of candle t), or undefined before HAR_FIRST_INDEX. */
  row(t: number): number[] | undefined;
  /** coef . row(t) without allocating (NaN before HAR_FIRST_INDEX). */
  dotRow(coef: number[], t: number): number;
}

/** Cumulative sums of a path's bar variances (shared by the HAR inputs of every horizon on that path). */
const barVarCumCache = new WeakMap<VolPath, Float64Array>();
function barVarCum(path: VolPath, n: number): Float64Array {
  let cum = barVarCumCache.get(path);
  if (cum && cum.length === n + 1) return cum;
  const bv = path.barVar;
  cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i]! + bv[i]!;
  barVarCumCache.set(path, cum);
  return cum;
}

/** ln(mean squared seasonal factor over the next `steps` slots) per origin slot (the HAR calendar regressor). */
const calendarLogCache = new WeakMap<VolConfig, Map<number, Float64Array>>();
function calendarLogs(cfg: VolConfig, steps: number): Float64Array {
  let bySteps = calendarLogCache.get(cfg);
  if (!bySteps) calendarLogCache.set(cfg, (bySteps = new Map()));
  let r = bySteps.get(steps);
  if (r) return r;
  const flat = slotSums(cfg, steps).flat;
  r = new Float64Array(flat.length);
  for (let k = 0; k < flat.length; k++) r[k] = Math.log(flat[k]! / steps);
  bySteps.set(steps, r);
  return r;
}

/**
 * HAR regressors over a candle series and its filter path (causal: the row at t uses candles up to t and the
 * calendar only). Bar variances are the path's Garman-Klass values.
 */
export function harInputs(candles: Candle[], path: VolPath, cfg: VolConfig, steps: number): HarInputs {
  const cum = barVarCum(path, candles.length);
  const rvSum = (a: number, b: number) => cum[b + 1]! - cum[a]!;
  const sums = slotSums(cfg, steps);
  const flat = sums.flat;
  const decayed = sums.decayed;
  const calendar = calendarLogs(cfg, steps);
  const { slot, level, vNext } = path;
  const inRange = (t: number) => t >= HAR_FIRST_INDEX && t < candles.length;
  // The one definition of the regressors (order of HAR_FEATURES); the fit and the forecast both read it. out[5] is
  // horizonVariance(path, cfg, t, steps) written out (the same expression) and out[6] its calendar term, tabulated.
  // rvSum(a, b) is cum[b + 1] − cum[a], written out.
  const fill = (t: number, out: Float64Array) => {
    const st = slot[t]!;
    const lv = level[t]!;
    const c = cum[t + 1]!;
    out[0] = 1;
    out[1] = lnFloor(c - cum[t - 23]!);
    out[2] = lnFloor((c - cum[t - 167]!) / 7);
    out[3] = lnFloor((c - cum[t - 719]!) / 30);
    out[4] = lnFloor(4 * (c - cum[t - 5]!));
    out[5] = lnFloor(lv * flat[st]! + (vNext[t]! - lv) * decayed[st]!);
    out[6] = calendar[st]!;
  };
  return harInputsFrom(rvSum, HAR_FEATURES.length, inRange, fill);
}

/** HarInputs over a regressor-filling function (one scratch row, no allocation in dotRow). */
function harInputsFrom(
  rvSum: (a: number, b: number) => number,
  features: number,
  inRange: (t: number) => boolean,
  fill: (t: number, out: Float64Array) => void,
): HarInputs {
  const scratch = new Float64Array(features);
  return {
    rvSum,
    row(t: number) {
      if (!inRange(t)) return undefined;
      fill(t, scratch);
      return Array.from(scratch);
    },
    dotRow(b: number[], t: number) {
      if (!inRange(t)) return NaN;
      fill(t, scratch);
      let sum = 0;
      for (let k = 0; k < scratch.length; k++) sum += b[k]! * scratch[k]!;
      return sum;
    },
  };
}

/** Standard deviation of the h-step log return from the HAR regression at origin t (undefined if no row). */
export function harSd(har: HarScale, inputs: HarInputs, t: number): number | undefined {
  const s = inputs.dotRow(har.coef, t);
  return Number.isNaN(s) ? undefined : Math.exp(0.5 * s);
}

/**
 * Pooled OLS fit of the HAR regression on hourly series (each already cut before the fit's end): rows are the
 * origins in the last `rowsPerSeries` candles of each series whose h-step target lies inside the series, after a
 * filter warm-up. Undefined when fewer than 1000 rows exist.
 */
export function fitHar(hourlySeries: Candle[][], cfg: VolConfig, steps: number, rowsPerSeries: number, warmup: number): HarScale | undefined {
  const series = hourlySeries.filter((c) => c.length >= HAR_FIRST_INDEX + warmup + steps + 100);
  return fitPooledHar(series, steps, Math.max(HAR_FIRST_INDEX, warmup), rowsPerSeries, HAR_FEATURES, (c) => harInputs(c, volPath(c, cfg), cfg, steps));
}

/** Pooled OLS of ln RV over the next `steps` bars on a HAR regressor row, over the last rows of each series. */
function fitPooledHar(
  series: Candle[][],
  steps: number,
  firstRow: number,
  rowsPerSeries: number,
  features: readonly string[],
  inputsOf: (candles: Candle[]) => HarInputs,
): HarScale | undefined {
  const X: number[][] = [];
  const y: number[] = [];
  for (const candles of series) {
    const n = candles.length;
    const inp = inputsOf(candles);
    for (let t = Math.max(firstRow, n - steps - rowsPerSeries); t + steps < n; t++) {
      X.push(inp.row(t)!);
      y.push(lnFloor(inp.rvSum(t + 1, t + steps)));
    }
  }
  if (y.length < 1000) return undefined;
  const coef = ols(X, y);
  if (!coef.every(Number.isFinite)) return undefined;
  return { steps, features: [...features], coef, rows: y.length };
}

/**
 * The HAR scale of the daily horizons (7d, 30d): a regression of the log realised variance of the next `steps`
 * daily bars on [1, ln RV last day, ln RV last week (per day), ln RV last 30 days (per day), ln RV last 90 days
 * (per day), ln GARCH h-day variance], with daily Garman–Klass bar variances. The quarter term carries the slow
 * volatility regime that sets how wide a week or a month can swing; GARCH(1,1) reverts to its 180-day level within
 * days. Probe: bench/daily-har-probe.ts (averaged with naive's quantiles, the interval the guard serves at 7d / 30d):
 * relPinball 0.9899 → 0.9890 and 1.0006 → 0.9942 at 7d, 0.9899 → 0.9883 and 0.9963 → 0.9773 at 30d, coverage80
 * 76.7 → 77.3 / 76.9 → 79.3 % (7d) and 77.4 → 78.0 / 74.9 → 78.8 % (30d) on 2024-25 / 2023-24; worse on 2022-23
 * (0.9892 → 0.9934 at 7d, 0.9742 → 0.9873 at 30d, coverage 86 → 88 % at 30d), the year both intervals over-cover.
 */
export const DAILY_HAR_FEATURES = ['const', 'lnRvDay', 'lnRvWeek', 'lnRvMonth', 'lnRvQuarter', 'lnGarchVar'] as const;
/** First daily candle index with a full 90-day RV history. */
export const DAILY_HAR_FIRST_INDEX = 90;

/** HAR regressors of the daily scale (DAILY_HAR_FEATURES) over a daily candle series and its filter path (causal). */
export function dailyHarInputs(candles: Candle[], path: VolPath, cfg: VolConfig, steps: number): HarInputs {
  const cum = barVarCum(path, candles.length);
  const rvSum = (a: number, b: number) => cum[b + 1]! - cum[a]!;
  const inRange = (t: number) => t >= DAILY_HAR_FIRST_INDEX && t < candles.length;
  const fill = (t: number, out: Float64Array) => {
    const c = cum[t + 1]!;
    out[0] = 1;
    out[1] = lnFloor(c - cum[t]!);
    out[2] = lnFloor((c - cum[t - 6]!) / 7);
    out[3] = lnFloor((c - cum[t - 29]!) / 30);
    out[4] = lnFloor((c - cum[t - 89]!) / 90);
    out[5] = lnFloor(horizonVariance(path, cfg, t, steps));
  };
  return harInputsFrom(rvSum, DAILY_HAR_FEATURES.length, inRange, fill);
}

/**
 * Pooled OLS fit of the daily HAR regression on daily series (each already cut before the fit's end): the origins
 * in the last `rowsPerSeries` candles of each series whose h-day target lies inside it, after `warmup` candles.
 * Undefined when fewer than 1000 rows exist.
 */
export function fitDailyHar(dailySeries: Candle[][], cfg: VolConfig, steps: number, rowsPerSeries: number, warmup: number): HarScale | undefined {
  const firstRow = Math.max(DAILY_HAR_FIRST_INDEX, warmup);
  return fitPooledHar(dailySeries, steps, firstRow, rowsPerSeries, DAILY_HAR_FEATURES, (c) => dailyHarInputs(c, volPath(c, cfg), cfg, steps));
}

/** The HAR inputs a scale was fitted with (daily ones name lnRvQuarter), and the first origin index they cover. */
export function harInputsOf(har: HarScale, candles: Candle[], path: VolPath, cfg: VolConfig, steps: number): { inputs: HarInputs; firstIndex: number } {
  return har.features?.includes('lnRvQuarter')
    ? { inputs: dailyHarInputs(candles, path, cfg, steps), firstIndex: DAILY_HAR_FIRST_INDEX }
    : { inputs: harInputs(candles, path, cfg, steps), firstIndex: HAR_FIRST_INDEX };
}
