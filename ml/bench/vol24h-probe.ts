/**
 * Research probe for issue 6 (24h relPinball): how much of the naive pinball loss can better 24h volatility
 * scaling remove? Scores, on the 24h horizon only, split-conformal intervals (same rolling 90-day window as the
 * default model, median-centred) scaled by different variance forecasts, against the naive empirical interval:
 *
 *   garch   the default model's hour-of-week x GARCH(1,1) h-step variance (fitted by fitVolParams before --from)
 *   har     HAR-RV (Corsi 2009): log next-24h realised variance on log daily / weekly / monthly RV averages,
 *           pooled OLS over coins on the 2 years before --from (RV = Garman-Klass on hourly bars, or --rv sq)
 *   harx    HAR plus the last 6h RV and the GARCH forecast as regressors (a regression-based combination)
 *   pooled  harx scale, standardised-residual quantiles pooled over all coins at the same origin (shape noise)
 *   qavg    average of the garch and harx quantiles
 *   garch-1y, garch-2y, harx-1y, harx-2y   the same scales with a 1- / 2-year conformal window instead of 90 days
 *   oracle  NOT a forecast: the realised next-24h RV as the scale: an upper bound on what volatility scaling can do
 *
 * Everything except `oracle` is causal: fitted on targets known before --from, calibrated on outcomes known at the
 * origin. relPinball is the backtest's (0.1/0.5/0.9 pinball / naive pinball); `tails` is the same over 0.1 and
 * 0.9 only (the median term is identical for every model here: the last price).
 *
 *   npx tsx bench/vol24h-probe.ts [--coins BTC,ETH] [--from 2024-06-01] [--to 2025-06-01] [--step 6] [--rv gk|sq]
 */
import { historyUntil, loadHistories, parseDate } from '../src/data/candles';
import { quantileSorted } from '../src/math';
import { fitVolParams } from '../src/models/vol-model';
import { horizonVariance, volPath } from '../src/models/volatility';
import type { Candle } from '../src/types';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const H = 24; // steps (hours) of the horizon
const WINDOW = 90 * 24; // conformal / naive window in origins, as in the default model
const LEVELS = [0.1, 0.5, 0.9];
const from = parseDate(arg('from', '2024-06-01'));
const to = parseDate(arg('to', '2025-06-01'));
const step = Number(arg('step', '6'));
const rvKind = arg('rv', 'gk');
const coinsArg = arg('coins', '');
const histories = loadHistories(arg('data', '../../shared/data/candles'), coinsArg ? coinsArg.split(',') : undefined);
const vol = fitVolParams(histories, from).hourly;

/** One hourly bar's variance estimate: Garman-Klass from the range (less noisy) or the squared close-to-close return. */
function barVariance(c: Candle[], i: number): number {
  const r = Math.log(c[i]!.close / c[i - 1]!.close);
  if (rvKind === 'sq') return r * r;
  const hl = Math.log(c[i]!.high / c[i]!.low);
  const co = Math.log(c[i]!.close / c[i]!.open);
  const g = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co;
  return Number.isFinite(g) && g > 0 ? g : r * r;
}

interface Series {
  coin: string;
  time: number[]; // origin time of index t = close of candle t
  logClose: Float64Array;
  rv6: Float64Array; // last 6h RV x 4 (daily units)
  rvDay: Float64Array;
  rvWeek: Float64Array; // per-day average over 7 days
  rvMonth: Float64Array; // per-day average over 30 days
  rvNext: Float64Array; // realised RV over the next 24h (NaN where unknown)
  garchSd: Float64Array; // sd of the 24h log return from the default model's GARCH
}

const series: Series[] = histories.map((h) => {
  const c = historyUntil(h, to + 2 * DAY).hourly.filter((x) => x.openTime >= from - 3 * 365 * DAY);
  const n = c.length;
  const logClose = Float64Array.from(c, (x) => Math.log(x.close));
  const cum = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) cum[i + 1] = cum[i]! + barVariance(c, i);
  const sum = (a: number, b: number) => cum[b + 1]! - cum[a]!; // bars a..b inclusive
  const s: Series = {
    coin: h.coin,
    time: c.map((x) => x.openTime + HOUR),
    logClose,
    rv6: new Float64Array(n),
    rvDay: new Float64Array(n),
    rvWeek: new Float64Array(n),
    rvMonth: new Float64Array(n),
    rvNext: new Float64Array(n).fill(NaN),
    garchSd: new Float64Array(n),
  };
  for (let t = 720; t < n; t++) {
    s.rv6[t] = 4 * sum(t - 5, t);
    s.rvDay[t] = sum(t - 23, t);
    s.rvWeek[t] = sum(t - 167, t) / 7;
    s.rvMonth[t] = sum(t - 719, t) / 30;
    if (t + H < n) s.rvNext[t] = sum(t + 1, t + H);
  }
  const path = volPath(c, vol);
  for (let t = 0; t < n; t++) s.garchSd[t] = Math.sqrt(horizonVariance(path, vol, t, H));
  return s;
});

const lg = (x: number) => Math.log(Math.max(x, 1e-12));
const harRow = (s: Series, t: number) => [1, lg(s.rvDay[t]!), lg(s.rvWeek[t]!), lg(s.rvMonth[t]!)];
const harxRow = (s: Series, t: number) => [...harRow(s, t), lg(s.rv6[t]!), 2 * lg(s.garchSd[t]!)];

/** Least squares by the normal equations (a handful of regressors; Gauss-Jordan with partial pivoting). */
function ols(X: number[][], y: number[]): number[] {
  const k = X[0]!.length;
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  X.forEach((x, r) => {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) A[i]![j]! += x[i]! * x[j]!;
      A[i]![k]! += x[i]! * y[r]!;
    }
  });
  for (let i = 0; i < k; i++) {
    let piv = i;
    for (let r = i + 1; r < k; r++) if (Math.abs(A[r]![i]!) > Math.abs(A[piv]![i]!)) piv = r;
    [A[i], A[piv]] = [A[piv]!, A[i]!];
    for (let r = 0; r < k; r++) {
      if (r === i) continue;
      const f = A[r]![i]! / A[i]![i]!;
      for (let j = i; j <= k; j++) A[r]![j]! -= f * A[i]![j]!;
    }
  }
  return A.map((row, i) => row[k]! / row[i]!);
}

// Fit on the 2 years before `from`, only origins whose 24h target is known before `from` (causal).
const Xh: number[][] = [];
const Xx: number[][] = [];
const y: number[] = [];
for (const s of series)
  for (let t = 720; t < s.time.length; t++) {
    if (s.time[t]! + H * HOUR > from) break;
    if (s.time[t]! < from - 2 * 365 * DAY) continue;
    Xh.push(harRow(s, t));
    Xx.push(harxRow(s, t));
    y.push(lg(s.rvNext[t]!));
  }
const bHar = ols(Xh, y);
const bHarx = ols(Xx, y);
const dot = (b: number[], x: number[]) => b.reduce((a, v, i) => a + v * x[i]!, 0);
const harSd = (s: Series, t: number) => Math.exp(0.5 * dot(bHar, harRow(s, t)));
const harxSd = (s: Series, t: number) => Math.exp(0.5 * dot(bHarx, harxRow(s, t)));

/** Longest conformal window probed (2 years of hourly origins); every model is scored on the same origins. */
const LONGEST_WINDOW = 2 * 365 * 24;
const FIRST_ORIGIN = LONGEST_WINDOW + H + 720;
type Scale = (s: Series, t: number) => number;
/** Standardised realised 24h returns of the `window` origins whose outcome is known at origin j, median-centred. */
function centredZ(s: Series, j: number, sd: Scale, window = WINDOW): Float64Array {
  const z = new Float64Array(window);
  for (let k = 0; k < window; k++) {
    const i = j - H - k;
    z[k] = (s.logClose[i + H]! - s.logClose[i]!) / sd(s, i);
  }
  z.sort();
  const med = quantileSorted(z, 0.5);
  return z.map((v) => v - med);
}
const conformal = (sd: Scale, window = WINDOW) => (s: Series, j: number) => {
  const z = centredZ(s, j, sd, window);
  return LEVELS.map((p) => quantileSorted(z, p) * sd(s, j));
};
const indexAt = series.map((s) => new Map(s.time.map((t, i) => [t, i])));
const pooled = (sd: Scale) => (s0: Series, j0: number) => {
  const parts: Float64Array[] = [];
  series.forEach((s, c) => {
    const j = indexAt[c]!.get(s0.time[j0]!);
    if (j !== undefined && j >= FIRST_ORIGIN) parts.push(centredZ(s, j, sd));
  });
  const all = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) all.set(p, (o += p.length) - p.length);
  all.sort();
  return LEVELS.map((p) => quantileSorted(all, p) * sd(s0, j0));
};
function naive(s: Series, j: number): number[] {
  const r = new Float64Array(WINDOW);
  for (let k = 0; k < WINDOW; k++) r[k] = s.logClose[j - k]! - s.logClose[j - k - H]!;
  r.sort();
  return LEVELS.map((p) => (p === 0.5 ? 0 : quantileSorted(r, p)));
}
const models: Record<string, (s: Series, j: number) => number[]> = {
  naive,
  garch: conformal((s, t) => s.garchSd[t]!),
  har: conformal(harSd),
  harx: conformal(harxSd),
  pooled: pooled(harxSd),
  qavg: (s, j) => {
    const a = conformal((s2, t) => s2.garchSd[t]!)(s, j);
    const b = conformal(harxSd)(s, j);
    return a.map((v, k) => (v + b[k]!) / 2);
  },
  'garch-1y': conformal((s, t) => s.garchSd[t]!, 365 * 24),
  'garch-2y': conformal((s, t) => s.garchSd[t]!, LONGEST_WINDOW),
  'harx-1y': conformal(harxSd, 365 * 24),
  'harx-2y': conformal(harxSd, LONGEST_WINDOW),
  oracle: conformal((s, t) => Math.sqrt(s.rvNext[t]!)),
};

/** Pinball loss of log-return quantiles at the given level indexes, in price units / origin price. */
function loss(q: number[], logRet: number, idx: number[]): number {
  const y = Math.exp(logRet);
  return idx.reduce((a, k) => {
    const d = y - Math.exp(q[k]!);
    return a + (d >= 0 ? LEVELS[k]! * d : (LEVELS[k]! - 1) * d);
  }, 0) / 3;
}

const names = Object.keys(models);
const rel: Record<string, number[]> = {};
const tails: Record<string, number[]> = {};
const cov: Record<string, number[]> = {};
for (const s of series) {
  const all: Record<string, number> = {};
  const tl: Record<string, number> = {};
  const inside: Record<string, number> = {};
  let n = 0;
  for (let j = FIRST_ORIGIN; j + H < s.time.length; j++) {
    const t = s.time[j]!;
    if (t < from || t + H * HOUR > to || (t / HOUR) % step !== 0) continue;
    n++;
    const r = s.logClose[j + H]! - s.logClose[j]!;
    for (const m of names) {
      const q = models[m]!(s, j);
      all[m] = (all[m] ?? 0) + loss(q, r, [0, 1, 2]);
      tl[m] = (tl[m] ?? 0) + loss(q, r, [0, 2]);
      inside[m] = (inside[m] ?? 0) + (r >= q[0]! && r <= q[2]! ? 1 : 0);
    }
  }
  const line = [s.coin.padEnd(5), String(n).padStart(5)];
  for (const m of names) {
    (rel[m] ??= []).push(all[m]! / all.naive!);
    (tails[m] ??= []).push(tl[m]! / tl.naive!);
    (cov[m] ??= []).push(inside[m]! / n);
    line.push(`${m} ${(all[m]! / all.naive!).toFixed(3)}`);
  }
  console.log(line.join('  '));
}
const median = (a: number[]) => {
  const s = [...a].sort((x, z) => x - z);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
console.log(`\nHAR (${rvKind}) coefficients [const, day, week, month]: ${bHar.map((b) => b.toFixed(3)).join(' ')}`);
console.log(`HARX coefficients [const, day, week, month, 6h, garch]: ${bHarx.map((b) => b.toFixed(3)).join(' ')}`);
console.log(`GARCH alpha ${vol.garch.alpha.toFixed(3)} beta ${vol.garch.beta.toFixed(3)}; ${y.length} training rows`);
console.log('\nmedian over coins | relPinball | tails-only rel. pinball | coverage80');
for (const m of names)
  console.log(`${m.padEnd(9)} | ${median(rel[m]!).toFixed(4)} | ${median(tails[m]!).toFixed(4)} | ${(100 * median(cov[m]!)).toFixed(1)} %`);
