/**
 * Explanations of a forecast's range: the decomposition of the predicted log variance, relative to the coin's usual
 * level, into the terms of the volatility model that sets the scale. Pure functions, no framework imports.
 *
 * "Usual" is the coin's own: the mean, over its origins of the year before the forecast (every 6th hour for the
 * hourly horizons, every day for 7d/30d), of the log variance the same model predicts at the same horizon — the
 * geometric mean of its predicted variance. For the HAR scale (1h, 24h, 7d, 30d) that is exactly the regression at the year's
 * mean inputs, so each term is coef_k · (x_k − mean x_k) and the terms add up to ln(variance / usual variance). For
 * the GARCH scale (4h) the variance is level × calendar × shocks (horizonVarianceParts) and each factor's
 * log is taken relative to its own yearly mean, which again adds up exactly.
 *
 * What is explained is the volatility forecast (the sd that scales the calibrated quantiles). The served range is
 * that sd times the conformal quantiles — or, where the guard decided so, naive's historical range or the average
 * of both: `intervalSource` says which, so a naive-served range is never passed off as the model's.
 */
import { DAY_MS, HORIZONS, HOUR_MS } from '../data/horizons';
import { ensembleStateOf } from '../models/ensemble';
import { guardDecisions } from '../models/guard-decisions';
import { originContext, trimHistory } from '../models/context';
import { harScaleOf, volLookback, VOL_MODEL_TYPE, type VolModelParams } from '../models/vol-model';
import { HAR_FEATURES, harInputsOf, horizonVarianceParts, volPath, type HarScale } from '../models/volatility';
import type { CoinHistory, ForecastModel, Horizon } from '../types';

/** What a term of the explanation stands for (words are the caller's: see ExplanationTerm.label for a default). */
export type ExplanationTermKey =
  /** HAR: realised volatility of the last 24 hours. */
  | 'lastDay'
  /** HAR: realised volatility of the last 7 days. */
  | 'lastWeek'
  /** HAR: realised volatility of the last 30 days. */
  | 'lastMonth'
  /** HAR: realised volatility of the last 6 hours. */
  | 'last6h'
  /** HAR (7d / 30d): realised volatility of the last 90 days. */
  | 'lastQuarter'
  /** HAR: the GARCH forecast as a regressor; GARCH scale: the shock factor (recent large or small moves). */
  | 'garch'
  /** Hour-of-week volatility profile over the forecast window (night, weekend lull, US open...). */
  | 'calendar'
  /** GARCH scale: the rolling long-run variance target (the last 60 days of hourly, 180 days of daily returns). */
  | 'level';

export interface ExplanationTerm {
  key: ExplanationTermKey;
  /** Plain-English default label. */
  label: string;
  /** Contribution to ln(predicted variance / usual variance). The terms sum to `totalLogVariance`. */
  logVariance: number;
  /** The term's effect on the width of the range on its own: exp(½ · logVariance) − 1 (0.1 = 10 % wider). */
  rangeEffect: number;
}

export interface ForecastExplanation {
  horizon: Horizon;
  /** Epoch ms of the origin explained (close of the last candle used). */
  originTime: number;
  /** Which volatility model sets the scale at this horizon ('none': the model has no volatility scale, e.g. naive). */
  scale: 'har' | 'garch' | 'none';
  /** ln(predicted variance / the coin's usual predicted variance) = the sum of the terms' logVariance. */
  totalLogVariance: number;
  /** exp(½ · totalLogVariance) − 1: how much wider (+) or narrower (−) than usual the model's range is. */
  rangeVsUsual: number;
  /** Predicted sd of the h-step log return, and the usual one (exp of the mean log sd over the year). */
  sd: number;
  usualSd: number;
  /** How "usual" was measured: origins averaged and the span they cover (days). */
  usual: { origins: number; days: number; definition: string };
  /** Largest effect first. Empty when scale is 'none'. */
  terms: ExplanationTerm[];
  /** Whose range is served: the model's, the average of the model's and naive's, or naive's own (see the guard). */
  intervalSource: 'model' | 'blend' | 'naive';
  /** True when the served point is the last price (no model beat "no change"). */
  pointIsNaive: boolean;
}

const USUAL_DAYS = 365;
const HOURLY_USUAL_STRIDE = 6;
/** Least span of origins a "usual" level may rest on (days). */
const MIN_USUAL_DAYS = 60;

const USUAL_DEFINITION =
  "the geometric mean of the variance this model predicted for this coin and horizon over the past year's origins (every 6 h for hourly horizons, daily for 7d/30d)";

const HAR_TERM_KEYS: Record<string, ExplanationTermKey | undefined> = {
  lnRvDay: 'lastDay',
  lnRvWeek: 'lastWeek',
  lnRvMonth: 'lastMonth',
  lnRv6h: 'last6h',
  lnRvQuarter: 'lastQuarter',
  lnGarchVar: 'garch',
  lnSeasonal: 'calendar',
};

function labelOf(key: ExplanationTermKey, timeframe: 'hourly' | 'daily'): string {
  switch (key) {
    case 'lastDay':
      return "the last day's volatility";
    case 'lastWeek':
      return "last week's volatility";
    case 'lastMonth':
      return "the last month's volatility";
    case 'last6h':
      return 'the last 6 hours';
    case 'lastQuarter':
      return "the last three months' volatility";
    case 'garch':
      return 'recent price swings';
    case 'calendar':
      return 'time of day and week';
    case 'level':
      return timeframe === 'hourly' ? "the last two months' volatility" : "the last six months' volatility";
  }
}

/** The volatility parameters of a model, if it has a volatility scale (ensemble, garch-conformal). */
function volParamsOf(model: ForecastModel<string>): VolModelParams | undefined {
  const st = ensembleStateOf(model as ForecastModel);
  if (st) return st.vol;
  if (model.type === VOL_MODEL_TYPE) return model.metadata.params as VolModelParams | undefined;
  return undefined;
}

function sourceOf(model: ForecastModel<string>, horizon: Horizon): { intervalSource: ForecastExplanation['intervalSource']; pointIsNaive: boolean } {
  if (model.type === 'naive') return { intervalSource: 'naive', pointIsNaive: true };
  const g = guardDecisions(model as ForecastModel)?.[horizon];
  if (g) return { intervalSource: g.intervalSource, pointIsNaive: g.pointIsNaive };
  const st = ensembleStateOf(model as ForecastModel);
  // Ensembles saved before the guard serve the model's interval and the shrunk point; garch-conformal has naive's point.
  const w = st?.weights[horizon];
  return { intervalSource: 'model', pointIsNaive: !w || w.shrink === 0 };
}

function finish(
  horizon: Horizon,
  originTime: number,
  scale: 'har' | 'garch',
  lnVar: number,
  usualLnVar: number,
  raw: { key: ExplanationTermKey; logVariance: number }[],
  origins: number,
  days: number,
  src: ReturnType<typeof sourceOf>,
): ForecastExplanation {
  const tf = HORIZONS[horizon].timeframe;
  const terms = raw
    .map((t) => ({ key: t.key, label: labelOf(t.key, tf), logVariance: t.logVariance, rangeEffect: Math.expm1(0.5 * t.logVariance) }))
    .sort((a, b) => Math.abs(b.logVariance) - Math.abs(a.logVariance));
  const total = terms.reduce((a, t) => a + t.logVariance, 0);
  return {
    horizon,
    originTime,
    scale,
    totalLogVariance: total,
    rangeVsUsual: Math.expm1(0.5 * total),
    sd: Math.exp(0.5 * lnVar),
    usualSd: Math.exp(0.5 * usualLnVar),
    usual: { origins, days, definition: USUAL_DEFINITION },
    terms,
    ...src,
  };
}

/**
 * The explanation of `model`'s forecast at `horizon` from `history` (the same candles predict would see; nothing
 * after the origin is read). Undefined when the model is not one this explains (drift, ets, intraday) or the
 * history is too short for 60 days of comparison (up to a year is used).
 */
export function explainForecast(model: ForecastModel<string>, history: CoinHistory, horizon: Horizon): ForecastExplanation | undefined {
  return explainForecasts(model, history, [horizon])[0];
}

/** explainForecast for several horizons of one history (the filter runs once per timeframe). */
export function explainForecasts(model: ForecastModel<string>, history: CoinHistory, asked: Horizon[]): ForecastExplanation[] {
  const out: ForecastExplanation[] = [];
  // Sub-hour horizons have their own model (ml/src/intraday): not explained here.
  const horizons = asked.filter((h) => Object.hasOwn(HORIZONS, h));
  const p = volParamsOf(model);
  if (!p) {
    if (model.type !== 'naive') return out;
    for (const h of horizons) {
      const ctx = originContext(history, h);
      if (!ctx) continue;
      out.push({
        horizon: h,
        originTime: ctx.originTime,
        scale: 'none',
        totalLogVariance: 0,
        rangeVsUsual: 0,
        sd: NaN,
        usualSd: NaN,
        usual: { origins: 0, days: 0, definition: USUAL_DEFINITION },
        terms: [],
        intervalSource: 'naive',
        pointIsNaive: true,
      });
    }
    return out;
  }
  const trimmed = trimHistory(history, volLookback(p));
  const paths = new Map<string, ReturnType<typeof volPath>>();
  for (const h of horizons) {
    const spec = HORIZONS[h];
    const ctx = originContext(trimmed, h);
    if (!ctx) continue;
    const cfg = spec.timeframe === 'hourly' ? p.hourly : p.daily;
    let path = paths.get(spec.timeframe);
    if (!path) paths.set(spec.timeframe, (path = volPath(ctx.candles, cfg, ctx.logCloses)));
    const j = ctx.candles.length - 1;
    const stride = spec.timeframe === 'hourly' ? HOURLY_USUAL_STRIDE : 1;
    const perDay = spec.timeframe === 'hourly' ? DAY_MS / HOUR_MS : 1;
    const src = sourceOf(model, h);
    const har: HarScale | undefined = harScaleOf(p, h);
    if (har) {
      const { inputs, firstIndex } = harInputsOf(har, ctx.candles, path, cfg, spec.steps);
      const x = inputs.row(j);
      if (x) {
        const mean = new Array<number>(x.length).fill(0);
        let m = 0;
        for (let i = j - stride; i >= firstIndex && i > j - USUAL_DAYS * perDay; i -= stride) {
          const r = inputs.row(i)!;
          for (let k = 0; k < r.length; k++) mean[k]! += r[k]!;
          m++;
        }
        if ((m * stride) / perDay >= MIN_USUAL_DAYS) {
          for (let k = 0; k < mean.length; k++) mean[k]! /= m;
          const names = har.features ?? [...HAR_FEATURES];
          const raw: { key: ExplanationTermKey; logVariance: number }[] = [];
          let lnVar = 0;
          let usual = 0;
          for (let k = 0; k < x.length; k++) {
            lnVar += har.coef[k]! * x[k]!;
            usual += har.coef[k]! * mean[k]!;
            const key = HAR_TERM_KEYS[names[k]!];
            if (key) raw.push({ key, logVariance: har.coef[k]! * (x[k]! - mean[k]!) });
          }
          out.push(finish(h, ctx.originTime, 'har', lnVar, usual, raw, m, (m * stride) / perDay, src));
        }
        continue;
      }
    }
    const parts = (i: number) => horizonVarianceParts(path, cfg, i, spec.steps);
    const now = parts(j);
    const sum = { level: 0, calendar: 0, shocks: 0 };
    let m = 0;
    // The level needs its window filled before it means anything: skip origins inside the first levelWindow candles.
    for (let i = j - stride; i >= cfg.levelWindow && i > j - USUAL_DAYS * perDay; i -= stride) {
      const q = parts(i);
      sum.level += Math.log(q.level);
      sum.calendar += Math.log(q.calendar);
      sum.shocks += Math.log(q.shocks);
      m++;
    }
    if ((m * stride) / perDay < MIN_USUAL_DAYS) continue;
    const raw: { key: ExplanationTermKey; logVariance: number }[] = [
      { key: 'level', logVariance: Math.log(now.level) - sum.level / m },
      { key: 'garch', logVariance: Math.log(now.shocks) - sum.shocks / m },
    ];
    if (cfg.seasonal.length > 1) raw.push({ key: 'calendar', logVariance: Math.log(now.calendar) - sum.calendar / m });
    const lnVar = Math.log(now.level) + Math.log(now.calendar) + Math.log(now.shocks);
    const usual = (sum.level + sum.calendar + sum.shocks) / m;
    out.push(finish(h, ctx.originTime, 'garch', lnVar, usual, raw, m, (m * stride) / perDay, src));
  }
  return out;
}
