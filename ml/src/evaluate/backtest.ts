import { forecastAt } from '../data/candles';
import { DAY_MS, HORIZONS, HOUR_MS } from '../data/horizons';
import { median } from '../math';
import { naiveModel } from '../models/baselines';
import type { CoinHistory, ForecastModel, Horizon, QuantileForecast } from '../types';
import { QUANTILE_LEVELS } from '../types';
import { scoreForecasts, trailingRealisedVol, volTercileMetrics, type PointAndIntervalMetrics, type ScoredForecast, type TercileMetrics } from './metrics';

export interface BacktestProgress {
  coin: string;
  horizons: Horizon[];
  originsDone: number;
  originsTotal: number;
  /** Seconds left for the whole backtest, extrapolated from the pace so far. */
  etaSeconds: number;
  message: string;
}

export interface BacktestOptions {
  histories: CoinHistory[];
  /** First origin (epoch ms). */
  from: number;
  /** Last target time (epoch ms): origins whose outcome falls after it are not scored. */
  to: number;
  horizons: Horizon[];
  /** A fitted model, or a trainer that is called with data strictly before each retraining time. */
  model?: ForecastModel;
  train?: (histories: CoinHistory[], until: number) => Promise<ForecastModel>;
  /** Retrain every K days (walk-forward); 0 = train once before `from`. */
  retrainDays?: number;
  /** Spacing of hourly-horizon origins, in hours (daily horizons use every day). */
  originStepHours?: number;
  /** Coins whose forecasts are kept for charts. */
  keepSeriesFor?: string[];
  onProgress?: (p: BacktestProgress) => void;
}

export interface MetricsBlock {
  mae: number;
  mape: number;
  rmse: number;
  coverage80: number;
  coverage50: number;
  coverage90: number;
  /** pinball3: mean pinball at 0.1/0.5/0.9 over the origin price (what relPinball divides). */
  pinball: number;
  /** pinball over all seven quantile levels over the origin price (the backend's live-scoring set). */
  pinball7: number;
  /**
   * Coverage80 and pinball per tercile of trailing-24h realised vol at the origin, calm → volatile; terciles are
   * cut per coin (and horizon) over its scored origins. Absent where no hourly candles give the vol.
   */
  byVolTercile?: TercileMetrics[];
}

export interface BacktestResult {
  coin: string;
  horizon: Horizon;
  origins: number;
  model: MetricsBlock;
  naive: MetricsBlock;
  relMae: number;
  relPinball: number;
  directionalAccuracy: number;
}

export interface SummaryRow {
  horizon: Horizon;
  coins: number;
  origins: number;
  relMae: number;
  relPinball: number;
  coverage80: number;
  naiveCoverage80: number;
  coverage50: number;
  coverage90: number;
  mape: number;
  naiveMape: number;
  pinball: number;
  naivePinball: number;
  directionalAccuracy: number;
  /** Median over coins of each tercile's coverage80 and pinball (calm → volatile). */
  byVolTercile?: { model: { coverage80: number; pinball: number }[]; naive: { coverage80: number; pinball: number }[] };
}

export interface SeriesPoint {
  originTime: number;
  targetTime: number;
  actual: number;
  point: number;
  q05: number;
  q10: number;
  q90: number;
  q95: number;
}

export interface BacktestReport {
  from: string;
  to: string;
  model: { type: string; version: string; metadata: Record<string, unknown> };
  retrainDays: number;
  originStepHours: number;
  results: BacktestResult[];
  summary: SummaryRow[];
  series: Record<string, Partial<Record<Horizon, SeriesPoint[]>>>;
  elapsedSeconds: number;
  /** Quantile levels each pinball field averages (pinball / relPinball: three; pinball7: all seven). */
  pinballSets: { pinball: readonly string[]; pinball7: readonly string[] };
}

export const PINBALL_SETS = { pinball: ['0.1', '0.5', '0.9'], pinball7: QUANTILE_LEVELS } as const;

function block(m: PointAndIntervalMetrics, byVolTercile?: TercileMetrics[]): MetricsBlock {
  return {
    mae: m.mae,
    mape: m.mape,
    rmse: m.rmse,
    coverage80: m.coverage80,
    coverage50: m.coverage50,
    coverage90: m.coverage90,
    pinball: m.pinball,
    pinball7: m.pinball7,
    ...(byVolTercile ? { byVolTercile } : {}),
  };
}

/** Close of the candle that closes at time t, or undefined when that candle is missing (gap). */
function closeAt(candles: CoinHistory['hourly'], t: number, intervalMs: number, startHint: number): number | undefined {
  const open = t - intervalMs;
  let lo = startHint;
  let hi = candles.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = candles[mid]!.openTime;
    if (o === open) return candles[mid]!.close;
    if (o < open) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Walk-forward backtest: each forecast sees only candles closed at or before its origin. */
export async function backtest(opts: BacktestOptions): Promise<BacktestReport> {
  const started = Date.now();
  const step = (opts.originStepHours ?? 1) * HOUR_MS;
  const retrainMs = (opts.retrainDays ?? 0) * DAY_MS;
  const naive = naiveModel();
  const hourlyH = opts.horizons.filter((h) => HORIZONS[h].timeframe === 'hourly');
  const dailyH = opts.horizons.filter((h) => HORIZONS[h].timeframe === 'daily');

  // Origin schedule shared by all coins.
  const hourlyOrigins: number[] = [];
  const minMs = (hs: Horizon[]) => Math.min(...hs.map((h) => HORIZONS[h].ms));
  if (hourlyH.length) for (let t = opts.from; t + minMs(hourlyH) <= opts.to; t += step) hourlyOrigins.push(t);
  const dailyOrigins: number[] = [];
  const firstDay = Math.ceil(opts.from / DAY_MS) * DAY_MS;
  if (dailyH.length) for (let t = firstDay; t + minMs(dailyH) <= opts.to; t += DAY_MS) dailyOrigins.push(t);
  const totalCalls = opts.histories.length * (hourlyOrigins.length + dailyOrigins.length);

  let model = opts.model;
  let trainedAt = opts.from;
  const trainingEvents: { until: string; seconds: number }[] = [];
  const ensureModel = async (t: number) => {
    if (!opts.train) return;
    if (!model || (retrainMs > 0 && t >= trainedAt + retrainMs)) {
      trainedAt = model ? trainedAt + Math.floor((t - trainedAt) / retrainMs) * retrainMs : opts.from;
      const t0 = Date.now();
      model = await opts.train(opts.histories, trainedAt);
      trainingEvents.push({ until: new Date(trainedAt).toISOString(), seconds: (Date.now() - t0) / 1000 });
    }
  };
  await ensureModel(opts.from);
  if (!model) throw new Error('backtest needs a model or a trainer');
  // The ETA extrapolates the forecasting pace only (the first training is not a per-origin cost).
  const forecastingStarted = Date.now();

  // scored[coin][horizon] = {model: ScoredForecast[], naive: ScoredForecast[]}
  const scored = new Map<string, Map<Horizon, { model: ScoredForecast[]; naive: ScoredForecast[]; vol: number[] }>>();
  const series: BacktestReport['series'] = {};
  const keep = new Set(opts.keepSeriesFor ?? []);
  let calls = 0;
  let lastReport = 0;

  // Walk origins in time order across coins so that retraining happens once per period for all coins.
  type Job = { t: number; kind: 'hourly' | 'daily' };
  const jobs: Job[] = [...hourlyOrigins.map((t) => ({ t, kind: 'hourly' as const })), ...dailyOrigins.map((t) => ({ t, kind: 'daily' as const }))].sort(
    (a, b) => a.t - b.t || (a.kind < b.kind ? -1 : 1),
  );

  for (const job of jobs) {
    await ensureModel(job.t);
    const m = model!;
    const hs = job.kind === 'hourly' ? hourlyH : dailyH;
    for (const coinHistory of opts.histories) {
      calls++;
      const candles = job.kind === 'hourly' ? coinHistory.hourly : coinHistory.daily;
      const interval = job.kind === 'hourly' ? HOUR_MS : DAY_MS;
      const lastPrice = closeAt(candles, job.t, interval, 0);
      if (lastPrice === undefined) continue; // no candle closing at the origin (gap or not listed yet)
      // The full arrays go in; forecastAt cuts them at the origin (the look-ahead test passes future candles here).
      const fm = forecastAt(m, coinHistory, job.t, hs);
      const fn = forecastAt(naive, coinHistory, job.t, hs);
      const vol = trailingRealisedVol(coinHistory.hourly, job.t) ?? NaN;
      for (const h of hs) {
        const f = fm.find((x) => x.horizon === h);
        const n = fn.find((x) => x.horizon === h);
        if (!f || !n || f.originTime !== job.t || f.targetTime > opts.to) continue;
        const actual = closeAt(candles, job.t + HORIZONS[h].ms, interval, 0);
        if (actual === undefined) continue;
        let byH = scored.get(coinHistory.coin);
        if (!byH) scored.set(coinHistory.coin, (byH = new Map()));
        let s = byH.get(h);
        if (!s) byH.set(h, (s = { model: [], naive: [], vol: [] }));
        s.model.push({ forecast: f, actual });
        s.naive.push({ forecast: n, actual });
        s.vol.push(vol);
        if (keep.has(coinHistory.coin)) ((series[coinHistory.coin] ??= {})[h] ??= []).push(seriesPoint(f, actual));
      }
      if (opts.onProgress && (Date.now() - lastReport > 2000 || calls === totalCalls)) {
        lastReport = Date.now();
        const elapsed = (Date.now() - forecastingStarted) / 1000;
        opts.onProgress({
          coin: coinHistory.coin,
          horizons: hs,
          originsDone: calls,
          originsTotal: totalCalls,
          etaSeconds: calls > 0 ? (elapsed / calls) * (totalCalls - calls) : NaN,
          message: `${new Date(job.t).toISOString().slice(0, 13)}Z ${coinHistory.coin} [${hs.join(',')}]`,
        });
      }
    }
  }

  const results: BacktestResult[] = [];
  for (const coinHistory of opts.histories) {
    for (const h of opts.horizons) {
      const s = scored.get(coinHistory.coin)?.get(h);
      if (!s || s.model.length === 0) continue;
      const mm = scoreForecasts(s.model);
      const nm = scoreForecasts(s.naive);
      const hasVol = s.vol.filter(Number.isFinite).length >= 3;
      const terciles = (xs: ScoredForecast[]) => (hasVol ? volTercileMetrics(xs.map((x, i) => ({ ...x, vol: s.vol[i]! }))) : undefined);
      results.push({
        coin: coinHistory.coin,
        horizon: h,
        origins: s.model.length,
        model: block(mm, terciles(s.model)),
        naive: block(nm, terciles(s.naive)),
        relMae: mm.mae / nm.mae,
        relPinball: mm.pinball / nm.pinball,
        directionalAccuracy: mm.directionalAccuracy,
      });
    }
  }
  const m = model!;
  return {
    from: new Date(opts.from).toISOString(),
    to: new Date(opts.to).toISOString(),
    model: { type: m.type, version: m.version, metadata: { ...m.metadata, trainingEvents } },
    retrainDays: opts.retrainDays ?? 0,
    originStepHours: step / HOUR_MS,
    results,
    summary: summarise(results, opts.horizons),
    series,
    elapsedSeconds: (Date.now() - started) / 1000,
    pinballSets: PINBALL_SETS,
  };
}

function seriesPoint(f: QuantileForecast, actual: number): SeriesPoint {
  return {
    originTime: f.originTime,
    targetTime: f.targetTime,
    actual,
    point: f.point,
    q05: f.quantiles['0.05'],
    q10: f.quantiles['0.1'],
    q90: f.quantiles['0.9'],
    q95: f.quantiles['0.95'],
  };
}

type MedianedMetrics = Pick<MetricsBlock, 'coverage80' | 'coverage50' | 'coverage90' | 'mape' | 'pinball'>;

/** The summary figures of one horizon: median over coins of each per-coin result (hourly/daily and sub-hour backtests). */
export function medianRow<H extends string>(
  h: H,
  r: ReadonlyArray<{ origins: number; relMae: number; relPinball: number; directionalAccuracy: number; model: MedianedMetrics; naive: MedianedMetrics }>,
): Omit<SummaryRow, 'horizon' | 'byVolTercile'> & { horizon: H } {
  const med = (f: (x: (typeof r)[number]) => number) => median(r.map(f));
  return {
    horizon: h,
    coins: r.length,
    origins: r.reduce((a, x) => a + x.origins, 0),
    relMae: med((x) => x.relMae),
    relPinball: med((x) => x.relPinball),
    coverage80: med((x) => x.model.coverage80),
    naiveCoverage80: med((x) => x.naive.coverage80),
    coverage50: med((x) => x.model.coverage50),
    coverage90: med((x) => x.model.coverage90),
    mape: med((x) => x.model.mape),
    naiveMape: med((x) => x.naive.mape),
    pinball: med((x) => x.model.pinball),
    naivePinball: med((x) => x.naive.pinball),
    directionalAccuracy: med((x) => x.directionalAccuracy),
  };
}

/** Median over coins, per horizon, of each figure. */
export function summarise(results: BacktestResult[], horizons: Horizon[]): SummaryRow[] {
  return horizons
    .map((h) => {
      const r = results.filter((x) => x.horizon === h);
      const withT = r.filter((x) => x.model.byVolTercile && x.naive.byVolTercile);
      const tercileMedians = (side: 'model' | 'naive') =>
        [0, 1, 2].map((k) => ({
          coverage80: median(withT.map((x) => x[side].byVolTercile![k]!.coverage80)),
          pinball: median(withT.map((x) => x[side].byVolTercile![k]!.pinball)),
        }));
      return {
        ...medianRow(h, r),
        ...(withT.length ? { byVolTercile: { model: tercileMedians('model'), naive: tercileMedians('naive') } } : {}),
      };
    })
    .filter((r) => r.coins > 0);
}
