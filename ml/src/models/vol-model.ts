import { DAY_MS, HORIZONS, HOUR_MS } from '../data/horizons';
import { historyUntil } from '../data/candles';
import type { CoinHistory, ForecastModel, Horizon, QuantileForecast } from '../types';
import { QUANTILE_LEVELS } from '../types';
import { forecastFromLogReturns, originContext, trimHistory, type CloseCache, type OriginContext } from './context';
import {
  conformalQuantiles,
  deseasonalisedReturns,
  fitGarch,
  fitDailyHar,
  fitHar,
  harInputsOf,
  harSd,
  type HarScale,
  fitSeasonal,
  horizonVariance,
  volPath,
  type VolConfig,
  type VolPath,
} from './volatility';

export interface VolModelParams {
  hourly: VolConfig;
  daily: VolConfig;
  /** Rolling conformal calibration window, in origins, per horizon. */
  calibrationWindow: Record<Horizon, number>;
  /** Candles the filter runs over before the calibration window starts. */
  warmup: number;
  /** Every stride-th origin of the calibration window is used (absent: 1). */
  calibrationStride?: Partial<Record<Horizon, number>>;
  /**
   * HAR regression that replaces the GARCH scale at 24h (fitted by fitVolParams; absent in older artifacts and
   * with too little data, where the 24h scale is GARCH's).
   */
  har24?: HarScale;
  /** HAR scales for other hourly horizons (fitted at 1h by fitVolParams; absent in older artifacts = GARCH). */
  harShort?: Partial<Record<Horizon, HarScale>>;
  /** HAR scales of the daily horizons (7d, 30d; DAILY_HAR_FEATURES; absent in older artifacts = GARCH). */
  harDaily?: Partial<Record<Horizon, HarScale>>;
  /**
   * Share of the calibration window used by regime-conditional calibration, per horizon (the residuals of origins
   * whose trailing-24-bar realised variance is nearest to the origin's; absent = the whole window, as in older
   * artifacts). See conformalQuantiles.
   */
  regimeShare?: Partial<Record<Horizon, number>>;
  /** Horizons calibrated with the finite-sample correction of conformalQuantiles (absent = none, as in older artifacts). */
  finiteSample?: Partial<Record<Horizon, boolean>>;
}

/**
 * Calibration windows: 90 days of hourly origins at 1h/4h (same as the baseline); one year at 24h (90 days hold only
 * ~90 independent 24h outcomes: the 0.1/0.9 quantiles are noisy, and the HAR scale leaves standardised residuals
 * close enough to stationary that a year mainly removes noise: bench/vol24h-probe.ts, variants harxs / harxs-1y);
 * four years of daily origins for 7d and 30d (two years hold only ~104 independent weekly outcomes, and small samples
 * of heavy-tailed residuals put the 0.1/0.9 quantiles too close to the centre: with two years 7d covered 77.0 % and
 * 76.9 % on the 2024-25 and 2023-24 windows; four years gave 77.4 % / 77.6 % and lower pinball on all three yearly
 * windows tried, 2022-23 included — see ml/README.md).
 */
export const DEFAULT_CALIBRATION_WINDOW: Record<Horizon, number> = { '1h': 2160, '4h': 2160, '24h': 8760, '7d': 1460, '30d': 1460 };

/**
 * The 24h window samples every 6th hourly origin: 1,460 residuals a year (24h returns 6 h apart still overlap by
 * 18 h, so little information is lost); the probe scores every origin / every 3rd / 4th / 6th alike within
 * +-0.0005 of relPinball, and the stride keeps the 1-year window cheap at predict time.
 */
export const DEFAULT_CALIBRATION_STRIDE: Partial<Record<Horizon, number>> = { '24h': 6 };

/**
 * Regime-conditional calibration at 24h: each origin's quantiles come from the third of the year's residuals whose
 * trailing-24h realised variance is nearest to its own. With the whole year pooled, the calm third of origins was
 * covered 75.8 % / 78.4 % and the volatile third 81.6 % / 81.7 % (2024-25 / 2023-24, garch-conformal, origins every
 * 6 h); with it 77.4 / 80.1 % and 80.2 / 80.6 % (tercile spread 5.8 → 3.5 and 3.3 → 0.6 points) for +0.0005 /
 * +0.001 relPinball. A half share gave 76.9 / 80.5 % on 2024-25. 1h/4h are calibrated across regimes already.
 */
export const DEFAULT_REGIME_SHARE: Partial<Record<Horizon, number>> = { '24h': 1 / 3 };

function regimeShareDefault(): Partial<Record<Horizon, number>> {
  return { ...DEFAULT_REGIME_SHARE };
}

export function defaultVolParams(): VolModelParams {
  return {
    hourly: { garch: { alpha: 0.08, beta: 0.9 }, seasonal: new Array(168).fill(1), levelWindow: 1440, rangeWeight: 1 },
    daily: { garch: { alpha: 0.1, beta: 0.85 }, seasonal: [1], levelWindow: 180, rangeWeight: 1 },
    calibrationWindow: { ...DEFAULT_CALIBRATION_WINDOW },
    calibrationStride: { ...DEFAULT_CALIBRATION_STRIDE },
    regimeShare: regimeShareDefault(),
    warmup: 300,
  };
}

export function volLookback(p: VolModelParams): { hourly: number; daily: number } {
  const cw = p.calibrationWindow;
  return {
    hourly: Math.max(cw['1h'], cw['4h'], cw['24h']) + 24 + p.hourly.levelWindow + p.warmup,
    daily: Math.max(cw['7d'], cw['30d']) + 30 + p.daily.levelWindow + 60,
  };
}

/** Fits seasonality and pooled GARCH parameters on candles strictly before `until`. */
export function fitVolParams(histories: CoinHistory[], until: number, trainYears = 2): VolModelParams {
  const p = defaultVolParams();
  const hourly = histories.map((h) => {
    const cut = historyUntil(h, until).hourly;
    return cut.slice(Math.max(0, cut.length - trainYears * 365 * 24));
  });
  const daily = histories.map((h) => {
    const cut = historyUntil(h, until).daily;
    return cut.slice(Math.max(0, cut.length - 4 * 365));
  });
  p.hourly.seasonal = fitSeasonal(hourly);
  p.hourly.garch = fitGarch(hourly.map((c) => deseasonalisedReturns(c, p.hourly.seasonal)));
  p.daily.garch = fitGarch(daily.map((c) => deseasonalisedReturns(c, [1])));
  // HAR rows cover the same years; the filter needs its warm-up candles before the first row.
  const harWarmup = p.hourly.levelWindow + p.warmup;
  const harSeries = histories.map((h) => {
    const cut = historyUntil(h, until).hourly;
    return cut.slice(Math.max(0, cut.length - trainYears * 365 * 24 - harWarmup));
  });
  const har = fitHar(harSeries, p.hourly, 24, trainYears * 365 * 24, harWarmup);
  if (har) p.har24 = har;
  // The same regression one hour ahead (bench/short-har-probe.ts, origins every 6 h, garch-conformal): 1h relPinball
  // 0.9565 → 0.9546 on 2024-25 and 0.9549 → 0.9510 on 2023-24; at 4h it helped on 2023-24 only (0.9710 → 0.9674,
  // 0.9602 → 0.9611), so 4h keeps GARCH.
  const har1 = fitHar(harSeries, p.hourly, 1, trainYears * 365 * 24, harWarmup);
  if (har1) p.harShort = { '1h': har1 };
  // 7d / 30d: the daily HAR regression on the same 4 years as the daily GARCH fit (bench/daily-har-probe.ts; see
  // DAILY_HAR_FEATURES for what it gained and where it lost).
  const dailyWarmup = p.daily.levelWindow + 60;
  const harDaily: Partial<Record<Horizon, HarScale>> = {};
  const dailyCuts = histories.map((x) => historyUntil(x, until).daily);
  for (const h of ['7d', '30d'] as const) {
    const steps = HORIZONS[h].steps;
    const series = dailyCuts.map((cut) => cut.slice(Math.max(0, cut.length - 4 * 365 - steps - dailyWarmup)));
    const fit = fitDailyHar(series, p.daily, steps, 4 * 365, dailyWarmup);
    if (fit) harDaily[h] = fit;
  }
  if (Object.keys(harDaily).length > 0) p.harDaily = harDaily;
  return p;
}

/** Everything the volatility model knows at one origin for one horizon. */
export interface VolState {
  ctx: OriginContext;
  /** Standard deviation forecast of the h-step log return. */
  sigma: number;
  /** Conformal quantiles of the standardised h-step return (median 0). */
  z: Record<string, number>;
  path: VolPath;
  calibrationSamples: number;
}

/** The HAR regression that scales horizon h, if the parameters have one (older artifacts: none = GARCH). */
export function harScaleOf(p: VolModelParams, h: Horizon): HarScale | undefined {
  if (HORIZONS[h].timeframe !== 'hourly') return p.harDaily?.[h];
  return p.har24 && HORIZONS[h].steps === p.har24.steps ? p.har24 : p.harShort?.[h];
}

export function volStates(p: VolModelParams, fullHistory: CoinHistory, horizons: Horizon[]): VolState[] {
  const history = trimHistory(fullHistory, volLookback(p));
  const out: VolState[] = [];
  const paths: Partial<Record<'hourly' | 'daily', { path: VolPath; ctx0: OriginContext }>> = {};
  const cache: CloseCache = new Map();
  for (const h of horizons) {
    const spec = HORIZONS[h];
    const ctx = originContext(history, h, cache);
    if (!ctx) continue;
    const cfg = spec.timeframe === 'hourly' ? p.hourly : p.daily;
    let entry = paths[spec.timeframe];
    if (!entry) {
      entry = { path: volPath(ctx.candles, cfg, ctx.logCloses), ctx0: ctx };
      paths[spec.timeframe] = entry;
    }
    const j = ctx.candles.length - 1;
    const har = harScaleOf(p, h);
    const harIn = har ? harInputsOf(har, ctx.candles, entry.path, cfg, spec.steps) : undefined;
    const inputs = harIn?.inputs;
    const harSigma = har && inputs ? harSd(har, inputs, j) : undefined;
    if (har && inputs && harSigma !== undefined) {
      // HAR scale for the forecast and for every calibration origin (z_i = R_i / sd_i with the same model).
      const scale = {
        sdAt: (i: number) => harSd(har, inputs, i)!,
        firstIndex: harIn.firstIndex,
        stride: p.calibrationStride?.[h],
        regimeShare: p.regimeShare?.[h],
        finiteSample: p.finiteSample?.[h],
      };
      const cal = conformalQuantiles(ctx.logCloses, entry.path, cfg, j, spec.steps, p.calibrationWindow[h], QUANTILE_LEVELS, scale);
      out.push({ ctx, sigma: harSigma, z: cal.z, path: entry.path, calibrationSamples: cal.samples });
      continue;
    }
    const V = horizonVariance(entry.path, cfg, j, spec.steps);
    const cal = conformalQuantiles(ctx.logCloses, entry.path, cfg, j, spec.steps, p.calibrationWindow[h], QUANTILE_LEVELS, {
      stride: p.calibrationStride?.[h],
      regimeShare: p.regimeShare?.[h],
      finiteSample: p.finiteSample?.[h],
    });
    out.push({ ctx, sigma: Math.sqrt(V), z: cal.z, path: entry.path, calibrationSamples: cal.samples });
  }
  return out;
}

export function volForecast(s: VolState, pointLogReturn = 0): QuantileForecast {
  const q: Record<string, number> = {};
  for (const k of QUANTILE_LEVELS) q[k] = pointLogReturn + s.sigma * s.z[k]!;
  return forecastFromLogReturns(s.ctx, pointLogReturn, q);
}

export const VOL_MODEL_TYPE = 'garch-conformal';

/** The volatility model on its own: naive point, GARCH-scaled split-conformal intervals. */
export function volModel(p: VolModelParams, extra: Record<string, unknown> = {}): ForecastModel {
  return {
    type: VOL_MODEL_TYPE,
    version: '1',
    metadata: { type: VOL_MODEL_TYPE, params: p, ...extra },
    lookback: volLookback(p),
    predict(history: CoinHistory, horizons: Horizon[]): QuantileForecast[] {
      return volStates(p, history, horizons).map((s) => volForecast(s));
    },
  };
}

export { DAY_MS, HOUR_MS };
