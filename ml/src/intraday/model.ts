/**
 * The sub-hour model (issue 21): naive point; interval = the HAR volatility scale × the intraday seasonality profile ×
 * split-conformal quantiles of the standardised h-step returns (volatility.ts), served only where the guard
 * (models/guard.ts: Diebold–Mariano with Newey–West variance against naive, per horizon) says it beats naive's
 * interval on a validation period before `until`; otherwise naive's interval, or the average of the two.
 */
import { DAY_MS, INTRADAY_HORIZON_SPECS, intradaySeriesMs, MINUTE_MS, type IntradaySeries } from '../data/horizons';
import { DEFAULT_GUARD, guardTest, naiveGuard, pinballLoss, type GuardSettings, type GuardTest, type HorizonGuard, type LossPair } from '../models/guard';
import type { CoinHistory, IntradayForecastModel, IntradayHorizon, QuantileForecast, TrainProgress } from '../types';
import { INTRADAY_HORIZONS, QUANTILE_LEVELS } from '../types';
import { intradayContext, intradayForecast, logClosesOf, seriesOf, trimIntraday, type LogCloseCache } from './context';
import { intradayHistoryUntil } from './data';
import { NAIVE_INTRADAY_LOOKBACK, naiveIntradayLogQuantiles } from './naive';
import { HAR_WINDOWS, fitIntradayHar, fitIntradaySeasonal, harSigma, intradayConformal, intradayPath, type IntradayHar, type IntradayPath } from './volatility';

export const INTRADAY_TYPE = 'intraday';
export const INTRADAY_VERSION = '1';

export interface IntradayParams {
  /** Volatility factor per 5-minute slot × day of week (SEASONAL_SLOTS), mean square 1. */
  seasonal: number[];
  /** HAR scale per horizon (absent: the horizon is served by naive). */
  har: Partial<Record<IntradayHorizon, IntradayHar>>;
  /** Conformal window in origins per horizon. */
  calibrationWindow: Record<IntradayHorizon, number>;
  /** Every stride-th origin of the window is used (absent: 1). */
  calibrationStride?: Partial<Record<IntradayHorizon, number>>;
  /** The guard's decision per horizon (absent: the model's interval, e.g. a hand-built model in a test). */
  guard?: Partial<Record<IntradayHorizon, HorizonGuard>>;
  info?: Record<string, unknown>;
}

/**
 * Conformal windows: 14 days of 5-minute origins (4,032), 7 days of 1-minute origins (10,080), of which every 2nd /
 * 5th origin is used (2,016 residuals each: neighbouring residuals are nearly the same information, and predict's
 * cost is mostly this loop).
 */
export const DEFAULT_INTRADAY_CALIBRATION: Record<IntradayHorizon, number> = { '1m': 7 * 1440, '5m': 14 * 288, '15m': 14 * 288, '30m': 14 * 288 };
/**
 * Series whose HAR regression is fitted scale-invariant (slopes summing to 1): none. Tried at 1m (README, "Sub-hour
 * horizons"): relPinball 0.9444 → 0.9438 on 2024-06..11 but 0.9270 → 0.9300 and coverage80 77.3 → 76.6 % on
 * 2024-12..2025-05, so not adopted.
 */
export const DEFAULT_SCALE_INVARIANT_HAR: readonly IntradaySeries[] = [];
export const DEFAULT_INTRADAY_STRIDE: Record<IntradayHorizon, number> = { '1m': 5, '5m': 2, '15m': 2, '30m': 2 };

/** Fewest candles of the series below which a horizon is served by naive (no HAR week yet). */
const MIN_BARS = 300;

export function intradayLookback(p: IntradayParams): { hourly: number; daily: number; fiveMinute: number; minute: number } {
  const of = (series: IntradaySeries) => {
    const hs = INTRADAY_HORIZONS.filter((h) => INTRADAY_HORIZON_SPECS[h].series === series);
    const cw = Math.max(...hs.map((h) => p.calibrationWindow[h]));
    const steps = Math.max(...hs.map((h) => INTRADAY_HORIZON_SPECS[h].steps));
    const ws = HAR_WINDOWS[series];
    return cw + steps + ws[ws.length - 1]! + 1;
  };
  return {
    hourly: 0,
    daily: 0,
    fiveMinute: Math.max(of('5m'), NAIVE_INTRADAY_LOOKBACK.fiveMinute),
    minute: Math.max(of('1m'), NAIVE_INTRADAY_LOOKBACK.minute),
  };
}

/** Served log-return quantiles: the model's, naive's, or their average (the median is 0, the naive point). */
function served(
  source: HorizonGuard['intervalSource'],
  sigma: number,
  z: Record<string, number>,
  naiveQ: () => Record<string, number>,
): Record<string, number> {
  const q: Record<string, number> = {};
  const nq = source === 'model' ? undefined : naiveQ();
  for (const k of QUANTILE_LEVELS) {
    const mq = sigma * z[k]!;
    q[k] = k === '0.5' ? 0 : source === 'model' ? mq : source === 'naive' ? nq![k]! : 0.5 * (mq + nq![k]!);
  }
  return q;
}

/** The model's own (unguarded) log-return quantiles at the last bar of a path, or undefined with too little data. */
function modelLogQuantiles(p: IntradayParams, h: IntradayHorizon, path: IntradayPath): { sigma: number; z: Record<string, number> } | undefined {
  const har = p.har[h];
  if (!har || path.n < MIN_BARS) return undefined;
  const intervalMs = intradaySeriesMs(har.series);
  const j = path.n - 1;
  const sigma = harSigma(har, path, j, intervalMs);
  if (!(sigma > 0) || !Number.isFinite(sigma)) return undefined;
  return { sigma, z: intradayConformal(har, path, j, p.calibrationWindow[h], intervalMs, p.calibrationStride?.[h] ?? 1).z };
}

export interface IntradayModel extends IntradayForecastModel {
  readonly type: typeof INTRADAY_TYPE;
  readonly params: IntradayParams;
}

export function intradayModel(p: IntradayParams): IntradayModel {
  const lookback = intradayLookback(p);
  return {
    type: INTRADAY_TYPE,
    version: INTRADAY_VERSION,
    params: p,
    metadata: {
      type: INTRADAY_TYPE,
      version: INTRADAY_VERSION,
      description:
        'naive point; HAR realised-variance scale x intraday seasonality (5-min slot x day of week) x split-conformal quantiles, guarded against naive',
      params: p,
      guard: p.guard,
      quantileLevels: QUANTILE_LEVELS,
      ...(p.info ?? {}),
    },
    lookback,
    predict(full: CoinHistory, horizons: IntradayHorizon[]): QuantileForecast<IntradayHorizon>[] {
      const history = trimIntraday(full, lookback);
      const cache: LogCloseCache = new Map();
      const paths = new Map<IntradaySeries, IntradayPath>();
      const out: QuantileForecast<IntradayHorizon>[] = [];
      for (const h of horizons) {
        const ctx = intradayContext(history, h, cache);
        if (!ctx) continue;
        const source = p.guard ? (p.guard[h]?.intervalSource ?? 'naive') : 'model';
        let mq: { sigma: number; z: Record<string, number> } | undefined;
        if (source !== 'naive') {
          let path = paths.get(ctx.series);
          if (!path) paths.set(ctx.series, (path = intradayPath(ctx.candles, ctx.logCloses, p.seasonal, ctx.series)));
          mq = modelLogQuantiles(p, h, path);
        }
        const q = mq ? served(source, mq.sigma, mq.z, () => naiveIntradayLogQuantiles(ctx)) : naiveIntradayLogQuantiles(ctx);
        out.push(intradayForecast(ctx, 0, q));
      }
      return out;
    },
  };
}

export function isIntradayModel(m: { type: string }): m is IntradayModel {
  return m.type === INTRADAY_TYPE && 'params' in m;
}

export interface IntradayValidation {
  /** Days before `until` whose origins validate the horizon. */
  days: number;
  /** Spacing of validation origins, in minutes. */
  stepMinutes: number;
}

/**
 * Validation periods: 60 days of hourly origins for 5m/15m/30m (1,440 origin times, as many non-overlapping
 * outcomes); 180 days every 30 minutes at 1m, because the 1-minute files cover about a third of their span (the
 * guard needs ≥ 30 non-overlapping outcomes, and averages over the coins that have data at a time).
 */
export const DEFAULT_INTRADAY_VALIDATION: Record<IntradaySeries, IntradayValidation> = {
  '5m': { days: 60, stepMinutes: 60 },
  '1m': { days: 180, stepMinutes: 30 },
};

export interface IntradayTrainOptions {
  until: number;
  onProgress?: (p: TrainProgress) => void;
  /** Days of candles before the fitting cut-off used for the seasonality profile (default 365) and the HAR (180). */
  seasonalDays?: number;
  harDays?: number;
  validation?: Partial<Record<IntradaySeries, IntradayValidation>>;
  guard?: GuardSettings;
  calibrationWindow?: Partial<Record<IntradayHorizon, number>>;
  calibrationStride?: Partial<Record<IntradayHorizon, number>>;
  /** Series whose HAR slopes are constrained to sum to 1 (default DEFAULT_SCALE_INVARIANT_HAR). */
  scaleInvariantHar?: readonly IntradaySeries[];
  horizons?: readonly IntradayHorizon[];
}

/** Fits the seasonality profile and the HAR scales on candles strictly before `cut`. */
export function fitIntradayParams(histories: CoinHistory[], cut: number, opts: IntradayTrainOptions): IntradayParams {
  const seasonalDays = opts.seasonalDays ?? 365;
  const harDays = opts.harDays ?? 180;
  const window = (series: IntradaySeries, days: number) =>
    histories
      .map((h) => intradayHistoryUntil(h, cut))
      .map((h) => (seriesOf(h, series) ?? []).filter((c) => c.openTime >= cut - days * DAY_MS))
      .filter((c) => c.length > 0);
  const seasonal = fitIntradaySeasonal(window('5m', seasonalDays));
  const har: Partial<Record<IntradayHorizon, IntradayHar>> = {};
  const horizons = opts.horizons ?? INTRADAY_HORIZONS;
  for (const series of ['5m', '1m'] as const) {
    const hs = horizons.filter((h) => INTRADAY_HORIZON_SPECS[h].series === series);
    if (!hs.length) continue;
    // The 1m files have long gaps: their HAR is fitted on a year of whatever 1-minute data exists.
    const candles = window(series, series === '1m' ? Math.max(harDays, 365) : harDays);
    const paths = candles.map((c) => ({ path: intradayPath(c, logClosesOf(c), seasonal, series), intervalMs: intradaySeriesMs(series) }));
    for (const h of hs) {
      const fit = fitIntradayHar(
        paths,
        series,
        INTRADAY_HORIZON_SPECS[h].steps,
        series === '1m' ? 5 : 3,
        (opts.scaleInvariantHar ?? DEFAULT_SCALE_INVARIANT_HAR).includes(series),
      );
      if (fit) har[h] = fit;
    }
  }
  return {
    seasonal,
    har,
    calibrationWindow: { ...DEFAULT_INTRADAY_CALIBRATION, ...(opts.calibrationWindow ?? {}) },
    calibrationStride: { ...DEFAULT_INTRADAY_STRIDE, ...(opts.calibrationStride ?? {}) },
  };
}

function intervalLoss(q: Record<string, number>, r: number): number {
  let l = 0;
  for (const k of QUANTILE_LEVELS) if (k !== '0.5') l += pinballLoss(q[k]!, r, Number(k));
  return l / (QUANTILE_LEVELS.length - 1);
}

/** One validation outcome: the model's and naive's log-return quantiles at an origin and the realised log return. */
interface IntradayValRow {
  coin: string;
  time: number;
  r: number;
  sigma: number;
  z: Record<string, number>;
  naiveQ: Record<string, number>;
}

/**
 * Validation rows of the horizons of one series: forecasts made exactly as served (history cut at the origin and
 * trimmed to the lookback), scored where the candles closing at the origin and at the target exist.
 */
async function validationRows(
  histories: CoinHistory[],
  p: IntradayParams,
  series: IntradaySeries,
  hs: readonly IntradayHorizon[],
  from: number,
  until: number,
  stepMs: number,
): Promise<Map<IntradayHorizon, IntradayValRow[]>> {
  const lookback = intradayLookback(p);
  const rows = new Map<IntradayHorizon, IntradayValRow[]>(hs.map((h) => [h, []]));
  const intervalMs = intradaySeriesMs(series);
  for (const full of histories) {
    // Yield between coins: training runs inside worker threads and test runners that must stay responsive.
    await yieldToLoop();
    const all = seriesOf(full, series);
    if (!all || all.length === 0) continue;
    const byOpen = new Map<number, number>();
    for (let i = 0; i < all.length; i++) if (all[i]!.openTime >= from - intervalMs && all[i]!.openTime < until) byOpen.set(all[i]!.openTime, i);
    let k = 0;
    for (let t = Math.ceil(from / stepMs) * stepMs; t < until; t += stepMs) {
      if (++k % 200 === 0) await yieldToLoop();
      const io = byOpen.get(t - intervalMs);
      if (io === undefined) continue;
      const cut = intradayHistoryUntil(full, t, { fiveMinute: lookback.fiveMinute, minute: lookback.minute });
      const cache: LogCloseCache = new Map();
      let path: IntradayPath | undefined;
      for (const h of hs) {
        const spec = INTRADAY_HORIZON_SPECS[h];
        if (t + spec.ms > until) continue;
        const it = byOpen.get(t + spec.ms - intervalMs);
        if (it === undefined) continue;
        const ctx = intradayContext(cut, h, cache);
        if (!ctx || ctx.originTime !== t) continue;
        path ??= intradayPath(ctx.candles, ctx.logCloses, p.seasonal, series);
        const mq = modelLogQuantiles(p, h, path);
        if (!mq) continue;
        rows
          .get(h)!
          .push({ coin: full.coin, time: t, r: Math.log(all[it]!.close / all[io]!.close), sigma: mq.sigma, z: mq.z, naiveQ: naiveIntradayLogQuantiles(ctx) });
      }
    }
  }
  return rows;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The guard for one horizon: the model's interval, or its average with naive's, must beat naive's significantly. */
export function decideIntradayHorizon(
  h: IntradayHorizon,
  rows: IntradayValRow[],
  spacingMs: number,
  validation: HorizonGuard['validation'],
  settings: GuardSettings = DEFAULT_GUARD,
): HorizonGuard {
  if (rows.length === 0) return naiveGuard(validation, settings);
  const hMs = INTRADAY_HORIZON_SPECS[h].ms;
  const test = (loss: (r: IntradayValRow) => number, base: (r: IntradayValRow) => number): GuardTest =>
    guardTest(
      rows.map((r): LossPair => ({ coin: r.coin, time: r.time, model: loss(r), naive: base(r) })),
      hMs,
      spacingMs,
      settings,
    );
  const naiveLoss = (r: IntradayValRow) => intervalLoss(r.naiveQ, r.r);
  // The point has no candidate beside naive's (no member showed point skill at these horizons): its test is naive
  // against itself, recorded for the shape of the decision.
  const absNaive = (r: IntradayValRow) => Math.abs(r.r);
  const pointTest = test(absNaive, absNaive);
  const candidates = (['model', 'blend'] as const).map((source) => ({
    source,
    t: test(
      (r) =>
        intervalLoss(
          served(source, r.sigma, r.z, () => r.naiveQ),
          r.r,
        ),
      naiveLoss,
    ),
  }));
  const passing = candidates.filter((c) => c.t.significant).sort((a, b) => a.t.meanLossDiff - b.t.meanLossDiff);
  const chosen: { source: HorizonGuard['intervalSource']; t: GuardTest } = passing[0] ?? { source: 'naive', t: candidates[0]!.t };
  return {
    pointIsNaive: true,
    intervalIsNaive: chosen.source === 'naive',
    intervalSource: chosen.source,
    point: pointTest,
    interval: chosen.t,
    intervalCandidates: Object.fromEntries(candidates.map((c) => [c.source, c.t])),
    statistic: chosen.t.statistic,
    n: chosen.t.n,
    validation,
    criticalValue: settings.criticalValue,
    minEffectiveN: settings.minEffectiveN,
    minRelativeGain: settings.minRelativeGain,
  };
}

/**
 * Trains the sub-hour model on candles strictly before `until`: parameters fitted on the data before each series'
 * validation period, the guard decided on that period (forecasts made exactly as served), then the parameters
 * refitted on everything before `until` (the seasonality profile and four HAR coefficients per horizon; the guard
 * decides on the method, as the hourly model's volatility parameters are refitted after its validation).
 */
export async function trainIntradayModel(histories: CoinHistory[], opts: IntradayTrainOptions): Promise<IntradayModel> {
  const started = Date.now();
  const settings = opts.guard ?? DEFAULT_GUARD;
  const horizons = opts.horizons ?? INTRADAY_HORIZONS;
  const guard: Partial<Record<IntradayHorizon, HorizonGuard>> = {};
  for (const series of ['5m', '1m'] as const) {
    const hs = horizons.filter((h) => INTRADAY_HORIZON_SPECS[h].series === series);
    if (!hs.length) continue;
    const v = { ...DEFAULT_INTRADAY_VALIDATION[series], ...(opts.validation?.[series] ?? {}) };
    const from = opts.until - v.days * DAY_MS;
    const stepMs = v.stepMinutes * MINUTE_MS;
    opts.onProgress?.({ stage: 'intraday', message: `fitting on candles before ${new Date(from).toISOString().slice(0, 10)} for the ${series} guard` });
    await yieldToLoop();
    const pre = fitIntradayParams(histories, from, { ...opts, horizons: hs });
    const validation = { from: new Date(from).toISOString(), to: new Date(opts.until).toISOString(), originStepHours: v.stepMinutes / 60 };
    opts.onProgress?.({ stage: 'intraday', message: `validating ${hs.join(',')} (${v.days} days, origins every ${v.stepMinutes} min)` });
    const rows = await validationRows(histories, pre, series, hs, from, opts.until, stepMs);
    for (const h of hs) guard[h] = decideIntradayHorizon(h, rows.get(h) ?? [], stepMs, validation, settings);
  }
  await yieldToLoop();
  const params = fitIntradayParams(histories, opts.until, opts);
  params.guard = guard;
  params.info = { trainedUntil: new Date(opts.until).toISOString(), coins: histories.map((h) => h.coin), trainSeconds: (Date.now() - started) / 1000 };
  return intradayModel(params);
}

/** The guard's decision per horizon of an intraday model (undefined for the naive baseline). */
export function intradayGuardDecisions(model: IntradayForecastModel): Partial<Record<IntradayHorizon, HorizonGuard>> | undefined {
  const g = model.metadata.guard;
  return g && typeof g === 'object' ? (g as Partial<Record<IntradayHorizon, HorizonGuard>>) : undefined;
}
