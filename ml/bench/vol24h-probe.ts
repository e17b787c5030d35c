/**
 * Research probe for issue 6 (24h relPinball): how much of the naive pinball loss can better 24h volatility
 * scaling / tail modelling remove? Scores, on the 24h horizon only, variants of the 24h interval against the naive
 * empirical interval on the same origins (16 coins' hourly files, 24h origins every --step hours in [from, to]).
 *
 * Scales (sd of the 24h log return at the origin):
 *   garch   the default model's hour-of-week x GARCH(1,1) h-step variance (fitted by fitVolParams before --from)
 *   har     HAR-RV (Corsi 2009): log next-24h realised variance on log daily / weekly / monthly RV averages,
 *           pooled OLS over coins on the 2 years before --from (RV = Garman-Klass on hourly bars, or --rv sq)
 *   harx    HAR plus the last 6h RV and the GARCH forecast as regressors (a regression-based combination)
 *   harm    harx plus the market-wide RV (cross-coin mean of log day / week / month RV at the same hour) and the
 *           calendar term log(seasonal variance of the next 24 hours) (needs the other coins at predict time)
 *   harxs   harx plus the calendar term only (single-coin): the scale the default model now uses at 24h
 *   harv    harxs plus abnormal quote volume (log of last-day and last-week volume over the 30-day average)
 * Calibrations of a scale S (everything median-centred unless said otherwise):
 *   S            split-conformal over the last 90 days of this coin's origins (the default model's calibration)
 *   S-1y, S-2y   the same with a 1- / 2-year window (harxs-1y-s3: every 3rd origin of the year: the default model)
 *   S-p90, S-p1y standardised residuals pooled over all coins, 90-day / 1-year window
 *   pooled       (old) harx scale, pooled over coins, 90 days, computed per coin (same as harx-p90)
 *   qavg         (old) average of the garch and harx quantiles
 *   S-qr0        fixed quantiles of z = r/S, pooled over coins on the 2 training years (quantile regression on 1)
 *   S-qr         linear quantile regression of z at 0.1 / 0.9 on [1, log(S^2/monthRV), r24/S, log(down/up
 *                semivariance over the week)] (asymmetric tails, leverage), pooled, 2 training years
 *   S-qrm        S-qr with its q0.5 too (a point-like median; everything else has q0.5 = last price)
 *   S-cqr, S-cqrp  S-qr conformalised (Romano et al. 2019, multiplicative): per coin / pooled 90-day window
 *   harxs-cqr1y  the same per coin over 1 year (-0: from S-qr0)
 *   harxs-mix, harxs-mix1y   quantile average of harxs (90 days / 1 year) and harxs-qr
 *   harxs-p1y+qrm  harxs-p1y tails with the harxs-qrm median
 *   oracle       NOT a forecast: the realised next-24h RV as the scale: an upper bound on what scaling can do
 *
 * Everything except `oracle` is causal: fitted on targets known before --from, calibrated on outcomes known at the
 * origin. relPinball is the backtest's (0.1/0.5/0.9 pinball / naive pinball); `tails` is the same over 0.1 and
 * 0.9 only (the median term is identical for every model with q0.5 = the last price).
 *
 *   npx tsx bench/vol24h-probe.ts [--coins BTC,ETH] [--from 2024-06-01] [--to 2025-06-01] [--step 6] [--rv gk|sq]
 *                                 [--models naive,garch,...] (default: all) [--fit-years 2]
 *                                 [--in-sample]  (fits on the test window itself: NOT causal, a bound on the features)
 * Rolling windows are kept sorted incrementally (exact); pooled windows hold a coin's residuals as of its last
 * candle when it has a gap at the scored hour. ~2 min per run for all models on an idle core.
 */
import { historyUntil, loadHistories, parseDate } from '../src/data/candles';
import { quantileSorted } from '../src/math';
import { fitVolParams } from '../src/models/vol-model';
import { dot, ols, quantileRegression } from '../src/models/regression';
import { horizonVariance, volPath } from '../src/models/volatility';
import type { Candle } from '../src/types';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * 24;
const H = 24; // steps (hours) of the horizon
const WINDOW = 90 * 24; // conformal / naive window in origins, as in the default model
const LEVELS = [0.1, 0.5, 0.9];
const from = parseDate(arg('from', '2024-06-01'));
const to = parseDate(arg('to', '2025-06-01'));
const step = Number(arg('step', '6'));
const rvKind = arg('rv', 'gk');
const coinsArg = arg('coins', '');
const histories = loadHistories(arg('data', '../../shared/data/candles'), coinsArg ? coinsArg.split(',') : undefined).filter((h) => h.hourly.length > 0);
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

const fmt = (b: number[] | undefined) => (b ?? []).map((x) => x.toFixed(3)).join(' ');
const lg = (x: number) => Math.log(Math.max(x, 1e-12));

interface Series {
  coin: string;
  time: number[]; // origin time of index t = close of candle t
  logClose: Float64Array;
  rv6: Float64Array; // last 6h RV x 4 (daily units)
  rvDay: Float64Array;
  rvWeek: Float64Array; // per-day average over 7 days
  rvMonth: Float64Array; // per-day average over 30 days
  downWeek: Float64Array; // downside / upside semivariance (squared close-to-close returns) over 7 days
  upWeek: Float64Array;
  ret24: Float64Array; // log return over the last 24h
  seas24: Float64Array; // log of the mean squared hour-of-week factor over the next 24 hours (calendar)
  rvNext: Float64Array; // realised RV over the next 24h (NaN where unknown)
  garchSd: Float64Array; // sd of the 24h log return from the default model's GARCH
  mDay: Float64Array; // market: cross-coin mean of log rvDay / rvWeek / rvMonth at the same hour
  mWeek: Float64Array;
  mMonth: Float64Array;
  volDay: Float64Array; // log(24h quote volume / 30-day daily average)
  volWeek: Float64Array; // log(7-day daily average / 30-day daily average)
}

const fitYears = Number(arg('fit-years', '2'));
const series: Series[] = histories.map((h) => {
  const c = historyUntil(h, to + 2 * DAY).hourly.filter((x) => x.openTime >= from - (fitYears + 1) * 365 * DAY);
  const n = c.length;
  const logClose = Float64Array.from(c, (x) => Math.log(x.close));
  const cum = new Float64Array(n + 1);
  const cumDown = new Float64Array(n + 1);
  const cumUp = new Float64Array(n + 1);
  const cumVol = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) {
    cum[i + 1] = cum[i]! + barVariance(c, i);
    const r = logClose[i]! - logClose[i - 1]!;
    cumDown[i + 1] = cumDown[i]! + (r < 0 ? r * r : 0);
    cumUp[i + 1] = cumUp[i]! + (r > 0 ? r * r : 0);
    cumVol[i + 1] = cumVol[i]! + c[i]!.volume * c[i]!.close;
  }
  const sum = (a: number, b: number, cs = cum) => cs[b + 1]! - cs[a]!; // bars a..b inclusive
  const f = () => new Float64Array(n).fill(NaN);
  const s: Series = {
    coin: h.coin,
    time: c.map((x) => x.openTime + HOUR),
    logClose,
    rv6: f(),
    rvDay: f(),
    rvWeek: f(),
    rvMonth: f(),
    downWeek: f(),
    upWeek: f(),
    ret24: f(),
    seas24: f(),
    rvNext: f(),
    garchSd: f(),
    mDay: f(),
    mWeek: f(),
    mMonth: f(),
    volDay: f(),
    volWeek: f(),
  };
  const path = volPath(c, vol);
  for (let t = 720; t < n; t++) {
    s.rv6[t] = 4 * sum(t - 5, t);
    s.rvDay[t] = sum(t - 23, t);
    s.rvWeek[t] = sum(t - 167, t) / 7;
    s.rvMonth[t] = sum(t - 719, t) / 30;
    s.downWeek[t] = sum(t - 167, t, cumDown) / 7;
    s.upWeek[t] = sum(t - 167, t, cumUp) / 7;
    s.ret24[t] = logClose[t]! - logClose[t - 24]!;
    const vm = sum(t - 719, t, cumVol) / 30;
    s.volDay[t] = lg(sum(t - 23, t, cumVol) / vm);
    s.volWeek[t] = lg(sum(t - 167, t, cumVol) / 7 / vm);
    let ss = 0;
    for (let k = 1; k <= H; k++) ss += vol.seasonal[(path.slot[t]! + k) % vol.seasonal.length]! ** 2;
    s.seas24[t] = Math.log(ss / H);
    if (t + H < n) s.rvNext[t] = sum(t + 1, t + H);
  }
  for (let t = 0; t < n; t++) s.garchSd[t] = Math.sqrt(horizonVariance(path, vol, t, H));
  return s;
});

// Market-wide volatility: cross-coin mean of log RV at the same hour (coins with data at that hour).
{
  const acc = new Map<number, number[]>();
  for (const s of series)
    for (let t = 720; t < s.time.length; t++) {
      const a = acc.get(s.time[t]!) ?? [0, 0, 0, 0];
      a[0]! += lg(s.rvDay[t]!);
      a[1]! += lg(s.rvWeek[t]!);
      a[2]! += lg(s.rvMonth[t]!);
      a[3]! += 1;
      acc.set(s.time[t]!, a);
    }
  for (const s of series)
    for (let t = 720; t < s.time.length; t++) {
      const a = acc.get(s.time[t]!)!;
      s.mDay[t] = a[0]! / a[3]!;
      s.mWeek[t] = a[1]! / a[3]!;
      s.mMonth[t] = a[2]! / a[3]!;
    }
}

const harRow = (s: Series, t: number) => [1, lg(s.rvDay[t]!), lg(s.rvWeek[t]!), lg(s.rvMonth[t]!)];
const harxRow = (s: Series, t: number) => [...harRow(s, t), lg(s.rv6[t]!), 2 * lg(s.garchSd[t]!)];
const harxsRow = (s: Series, t: number) => [...harxRow(s, t), s.seas24[t]!];
const harmRow = (s: Series, t: number) => [...harxsRow(s, t), s.mDay[t]!, s.mWeek[t]!, s.mMonth[t]!];
const harvRow = (s: Series, t: number) => [...harxsRow(s, t), s.volDay[t]!, s.volWeek[t]!];

/** --in-sample: fit the regressions on the test window itself (NOT causal: a bound on what the features can do). */
const inSample = process.argv.includes('--in-sample');
const fitStart = inSample ? from : from - fitYears * 365 * DAY;
const fitEnd = inSample ? to : from;
/** Training origins: the 2 years before `from` whose 24h target is known before `from` (causal). */
function trainingRows(every: number, fn: (s: Series, t: number) => void) {
  series.forEach((s) => {
    for (let t = 720; t < s.time.length; t++) {
      if (s.time[t]! + H * HOUR > fitEnd) break;
      if (s.time[t]! < fitStart || (s.time[t]! / HOUR) % every !== 0) continue;
      fn(s, t);
    }
  });
}

const rowFns = { har: harRow, harx: harxRow, harxs: harxsRow, harm: harmRow, harv: harvRow };
type ScaleName = 'garch' | keyof typeof rowFns | 'oracle';
const coef: Partial<Record<ScaleName, number[]>> = {};
for (const [name, row] of Object.entries(rowFns)) {
  const X: number[][] = [];
  const y: number[] = [];
  trainingRows(1, (s, t) => {
    X.push(row(s, t));
    y.push(lg(s.rvNext[t]!));
  });
  coef[name as ScaleName] = ols(X, y);
}
/** sd of the 24h log return per scale, per coin, per origin index. */
const sd: Record<ScaleName, Float64Array[]> = {} as never;
sd.garch = series.map((s) => s.garchSd);
sd.oracle = series.map((s) => s.rvNext.map(Math.sqrt));
for (const [name, row] of Object.entries(rowFns))
  sd[name as ScaleName] = series.map((s) => Float64Array.from(s.time, (_, t) => (t >= 720 ? Math.exp(0.5 * dot(coef[name as ScaleName]!, row(s, t))) : NaN)));

/** Realised 24h log return of origin i (NaN where the target is past the data). */
const ret = series.map((s) => Float64Array.from(s.time, (_, i) => (i + H < s.time.length ? s.logClose[i + H]! - s.logClose[i]! : NaN)));

// ---- quantile regression of the standardised return (pooled over coins, 2 training years, every 3h) ----
const qrFeatures = (s: Series, t: number, S: number) => [
  1,
  Math.log((S * S) / s.rvMonth[t]!),
  s.ret24[t]! / S,
  Math.log(Math.max(s.downWeek[t]!, 1e-14) / Math.max(s.upWeek[t]!, 1e-14)),
];
interface QrFit {
  b: Record<number, number[]>; // per level
}
function fitQr(scale: ScaleName, featureCount: number): QrFit {
  const X: number[][] = [];
  const y: number[] = [];
  trainingRows(3, (s, t) => {
    const c = series.indexOf(s);
    const S = sd[scale][c]![t]!;
    const z = ret[c]![t]! / S;
    if (!Number.isFinite(z)) return;
    X.push(qrFeatures(s, t, S).slice(0, featureCount));
    y.push(z);
  });
  const b: Record<number, number[]> = {};
  for (const p of LEVELS) b[p] = quantileRegression(X, y, p, { iterations: 150 });
  console.log(`QR ${scale} (${featureCount} features, ${y.length} rows): ${LEVELS.map((p) => `q${p} [${fmt(b[p])}]`).join('  ')}`);
  return { b };
}

// ---- rolling sorted windows ----
class SortedWindow {
  private a = new Float64Array(1024);
  n = 0;
  private find(v: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (this.a[m]! < v) lo = m + 1;
      else hi = m;
    }
    return lo;
  }
  add(v: number) {
    if (!Number.isFinite(v)) return;
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    const i = this.find(v);
    this.a.copyWithin(i + 1, i, this.n);
    this.a[i] = v;
    this.n++;
  }
  remove(v: number) {
    if (!Number.isFinite(v)) return;
    const i = this.find(v);
    if (this.a[i] !== v) throw new Error('remove: value not in window');
    this.a.copyWithin(i, i + 1, this.n);
    this.n--;
  }
  q(p: number) {
    return quantileSorted(this.a.subarray(0, this.n), p);
  }
}

/**
 * Rolling calibration window over values v[coin][i] for origins i in [j-H-window+1, j-H] (outcome known at j).
 * `at(c, j)` must be called with non-decreasing j per coin (scoring order) for per-coin windows.
 */
function rolling(v: Float64Array[], window: number) {
  const state = v.map(() => ({ w: new SortedWindow(), lo: 0, hi: -1 }));
  return (c: number, j: number): SortedWindow => {
    const st = state[c]!;
    const lo = Math.max(0, j - H - window + 1);
    const hi = j - H;
    if (st.hi < 0) {
      for (let i = lo; i <= hi; i++) st.w.add(v[c]![i]!);
    } else {
      if (hi < st.hi) throw new Error('rolling: origins must be scored in order');
      for (let i = st.hi + 1; i <= hi; i++) st.w.add(v[c]![i]!);
      for (let i = st.lo; i < lo; i++) st.w.remove(v[c]![i]!);
    }
    st.lo = lo;
    st.hi = hi;
    return st.w;
  };
}

// Scored origins per coin (the same for every model).
const LONGEST_WINDOW = 2 * YEAR;
const FIRST_ORIGIN = LONGEST_WINDOW + H + 720;
const scored = series.map((s) => {
  const out: number[] = [];
  for (let j = FIRST_ORIGIN; j + H < s.time.length; j++) {
    const t = s.time[j]!;
    if (t < from || t + H * HOUR > to || (t / HOUR) % step !== 0) continue;
    out.push(j);
  }
  return out;
});

/** Pooled-over-coins rolling quantiles of v at each scored time (coin-independent), precomputed in time order. */
function pooledQuantiles(v: Float64Array[], window: number, levels: number[]): Map<number, number[]> {
  const times = [...new Set(scored.flatMap((js, c) => js.map((j) => series[c]!.time[j]!)))].sort((a, b) => a - b);
  const idx = series.map((s) => new Map(s.time.map((t, i) => [t, i])));
  const w = new SortedWindow();
  const st = series.map(() => ({ lo: 0, hi: -1 }));
  const out = new Map<number, number[]>();
  for (const T of times) {
    series.forEach((_, c) => {
      const j = idx[c]!.get(T);
      if (j === undefined || j < FIRST_ORIGIN) return;
      const lo = Math.max(0, j - H - window + 1);
      const hi = j - H;
      const s = st[c]!;
      if (s.hi < 0) for (let i = lo; i <= hi; i++) w.add(v[c]![i]!);
      else {
        for (let i = s.hi + 1; i <= hi; i++) w.add(v[c]![i]!);
        for (let i = s.lo; i < lo; i++) w.remove(v[c]![i]!);
      }
      s.lo = lo;
      s.hi = hi;
    });
    out.set(
      T,
      levels.map((p) => w.q(p)),
    );
  }
  return out;
}

type Model = (c: number, j: number) => number[];
const zOf = (S: Float64Array[]) => ret.map((r, c) => r.map((x, i) => x / S[c]![i]!));

/**
 * Median-centred split-conformal quantiles of z = r / S over a per-coin rolling window; with `stride`, only origins
 * at hours that are multiples of it (scored origins are multiples of 6 h, so this is every stride-th origin before).
 */
function conformal(scale: ScaleName, window = WINDOW, stride = 1): Model {
  const S = sd[scale];
  const z = zOf(S).map((zc, c) => (stride === 1 ? zc : zc.map((v, i) => ((series[c]!.time[i]! / HOUR) % stride === 0 ? v : NaN))));
  const win = rolling(z, window);
  return (c, j) => {
    const w = win(c, j);
    const med = w.q(0.5);
    return LEVELS.map((p) => (w.q(p) - med) * S[c]![j]!);
  };
}
function pooledConformal(scale: ScaleName, window: number): Model {
  const S = sd[scale];
  const qs = pooledQuantiles(zOf(S), window, LEVELS);
  return (c, j) => {
    const q = qs.get(series[c]!.time[j]!)!;
    return q.map((v) => (v - q[1]!) * S[c]![j]!);
  };
}
/** Quantile-regression quantiles (q0.5 = 0 unless withMedian). */
function qrModel(scale: ScaleName, featureCount: number, withMedian = false): { model: Model; raw: (c: number, j: number, p: number) => number; fit: QrFit } {
  const fit = fitQr(scale, featureCount);
  const S = sd[scale];
  const raw = (c: number, j: number, p: number) => S[c]![j]! * dot(fit.b[p]!, qrFeatures(series[c]!, j, S[c]![j]!).slice(0, featureCount));
  return { model: (c, j) => LEVELS.map((p) => (p === 0.5 && !withMedian ? 0 : raw(c, j, p))), raw, fit };
}
/** Conformalised quantile regression, multiplicative: tail quantile = c_p |q_p| with c_p the p-quantile of r/|q_p|. */
function cqr(q: ReturnType<typeof qrModel>, pooled: boolean, window = WINDOW): Model {
  const ratio = (p: number) => ret.map((r, c) => r.map((x, i) => (i >= 720 ? x / Math.abs(q.raw(c, i, p)) : NaN)));
  const lo = ratio(0.1);
  const hi = ratio(0.9);
  if (pooled) {
    const ql = pooledQuantiles(lo, window, [0.1]);
    const qh = pooledQuantiles(hi, window, [0.9]);
    return (c, j) => {
      const T = series[c]!.time[j]!;
      return [ql.get(T)![0]! * Math.abs(q.raw(c, j, 0.1)), 0, qh.get(T)![0]! * Math.abs(q.raw(c, j, 0.9))];
    };
  }
  const wl = rolling(lo, window);
  const wh = rolling(hi, window);
  return (c, j) => [wl(c, j).q(0.1) * Math.abs(q.raw(c, j, 0.1)), 0, wh(c, j).q(0.9) * Math.abs(q.raw(c, j, 0.9))];
}
const naiveWin = rolling(ret, WINDOW);
const naive: Model = (c, j) => {
  const w = naiveWin(c, j);
  return LEVELS.map((p) => (p === 0.5 ? 0 : w.q(p)));
};

/** Quantile averaging of two models. */
const average =
  (a: Model, b: Model): Model =>
  (c, j) => {
    const x = a(c, j);
    const y = b(c, j);
    return x.map((v, k) => (v + y[k]!) / 2);
  };
const builders: Record<string, () => Model> = {
  naive: () => naive,
  garch: () => conformal('garch'),
  har: () => conformal('har'),
  harx: () => conformal('harx'),
  pooled: () => pooledConformal('harx', WINDOW),
  qavg: () => {
    const a = conformal('garch');
    const b = conformal('harx');
    return (c, j) => {
      const x = a(c, j);
      const y = b(c, j);
      return x.map((v, k) => (v + y[k]!) / 2);
    };
  },
  'garch-1y': () => conformal('garch', YEAR),
  'garch-2y': () => conformal('garch', 2 * YEAR),
  'harx-1y': () => conformal('harx', YEAR),
  'harx-2y': () => conformal('harx', 2 * YEAR),
  harxs: () => conformal('harxs'),
  'harxs-2y': () => conformal('harxs', 2 * YEAR),
  harm: () => conformal('harm'),
  'harm-1y': () => conformal('harm', YEAR),
  'harm-2y': () => conformal('harm', 2 * YEAR),
  'garch-p90': () => pooledConformal('garch', WINDOW),
  'garch-p1y': () => pooledConformal('garch', YEAR),
  'harxs-p90': () => pooledConformal('harxs', WINDOW),
  'harxs-p1y': () => pooledConformal('harxs', YEAR),
  'harm-p90': () => pooledConformal('harm', WINDOW),
  'harm-p1y': () => pooledConformal('harm', YEAR),
  'garch-qr0': () => qrModel('garch', 1).model,
  'garch-qr': () => qrModel('garch', 4).model,
  'harxs-qr0': () => qrModel('harxs', 1).model,
  'harxs-qr': () => qrModel('harxs', 4).model,
  'harxs-qrm': () => qrModel('harxs', 4, true).model,
  'harxs-cqr': () => cqr(qrModel('harxs', 4), false),
  'harxs-cqrp': () => cqr(qrModel('harxs', 4), true),
  'harm-qr0': () => qrModel('harm', 1).model,
  'harm-qr': () => qrModel('harm', 4).model,
  'harm-cqr': () => cqr(qrModel('harm', 4), false),
  'harm-cqrp': () => cqr(qrModel('harm', 4), true),
  harv: () => conformal('harv'),
  'harv-p1y': () => pooledConformal('harv', YEAR),
  'harv-qr': () => qrModel('harv', 4).model,
  'harv-qrm': () => qrModel('harv', 4, true).model,
  'harxs-p1y+qrm': () => {
    const a = pooledConformal('harxs', YEAR);
    const b = qrModel('harxs', 4, true).model;
    return (c, j) => {
      const x = a(c, j);
      x[1] = b(c, j)[1]!;
      return x;
    };
  },
  'harxs-1y': () => conformal('harxs', YEAR),
  'harxs-1y-s3': () => conformal('harxs', YEAR, 3),
  'harxs-1y-s4': () => conformal('harxs', YEAR, 4),
  'harxs-1y-s6': () => conformal('harxs', YEAR, 6),
  'harxs-cqr1y': () => cqr(qrModel('harxs', 4), false, YEAR),
  'harxs-cqr1y-0': () => cqr(qrModel('harxs', 1), false, YEAR),
  'harxs-mix': () => average(conformal('harxs'), qrModel('harxs', 4).model),
  'harxs-mix1y': () => average(conformal('harxs', YEAR), qrModel('harxs', 4).model),
  oracle: () => conformal('oracle'),
};
const names = arg('models', Object.keys(builders).join(',')).split(',');
if (!names.includes('naive')) names.unshift('naive');
const models: Record<string, Model> = {};
for (const m of names) {
  if (!builders[m]) throw new Error(`unknown model ${m}; known: ${Object.keys(builders).join(',')}`);
  models[m] = builders[m]!();
}

/** Pinball loss of log-return quantiles at the given level indexes, in price units / origin price. */
function loss(q: number[], logRet: number, idx: number[]): number {
  const y = Math.exp(logRet);
  return (
    idx.reduce((a, k) => {
      const d = y - Math.exp(q[k]!);
      return a + (d >= 0 ? LEVELS[k]! * d : (LEVELS[k]! - 1) * d);
    }, 0) / 3
  );
}

const rel: Record<string, number[]> = {};
const tails: Record<string, number[]> = {};
const cov: Record<string, number[]> = {};
series.forEach((s, c) => {
  const all: Record<string, number> = {};
  const tl: Record<string, number> = {};
  const inside: Record<string, number> = {};
  const n = scored[c]!.length;
  if (n === 0) return;
  for (const j of scored[c]!) {
    const r = ret[c]![j]!;
    for (const m of names) {
      const q = models[m]!(c, j);
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
});
const median = (a: number[]) => {
  const s = [...a].sort((x, z) => x - z);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
console.log(`\nwindow ${arg('from', '2024-06-01')}..${arg('to', '2025-06-01')}, step ${step}h, RV ${rvKind}`);
console.log(`HAR coefficients [const, day, week, month]: ${fmt(coef.har)}`);
console.log(`HARX coefficients [.., 6h, garch]: ${fmt(coef.harx)}`);
console.log(`HARXS coefficients [.., seasonal]: ${fmt(coef.harxs)}`);
console.log(`HARM coefficients [.., market day, week, month]: ${fmt(coef.harm)}`);
console.log(`HARV coefficients [harxs.., volume day, week]: ${fmt(coef.harv)}`);
console.log(`GARCH alpha ${vol.garch.alpha.toFixed(3)} beta ${vol.garch.beta.toFixed(3)}`);
console.log('\nmedian over coins | relPinball | tails-only rel. pinball | coverage80');
for (const m of names)
  console.log(`${m.padEnd(11)} | ${median(rel[m]!).toFixed(4)} | ${median(tails[m]!).toFixed(4)} | ${(100 * median(cov[m]!)).toFixed(1)} %`);
