/**
 * Walk-forward backtest of the sub-hour horizons beside naive: the same metrics as the hourly backtest (MAE, MAPE,
 * RMSE, coverage 50/80/90, pinball3 / pinball7, relMae, relPinball, directional accuracy; median over coins), origins
 * on a fixed grid (default hourly: neighbouring sub-hour origins are close to the same information and the machine
 * is shared), each forecast made from the history cut at its origin and trimmed to the model's lookback — exactly
 * what predict serves.
 */
import { lastClosedIndex } from '../data/candles';
import { INTRADAY_HORIZON_SPECS, intradaySeriesMs, MINUTE_MS } from '../data/horizons';
import { medianRow } from '../evaluate/backtest';
import { scoreForecasts, type ScoredForecast } from '../evaluate/metrics';
import type { Candle, CoinHistory, IntradayForecastModel, IntradayHorizon, QuantileForecast } from '../types';
import { seriesOf } from './context';
import { intradayHistoryUntil } from './data';
import { naiveIntradayModel } from './naive';

export interface IntradayBacktestOptions {
  histories: CoinHistory[];
  /** First origin (epoch ms). */
  from: number;
  /** Last target time (epoch ms). */
  to: number;
  horizons: IntradayHorizon[];
  model?: IntradayForecastModel;
  /** Called once with data strictly before `from` when no model is given. */
  train?: (histories: CoinHistory[], until: number) => Promise<IntradayForecastModel>;
  /** Spacing of origins in minutes (default 60). */
  originStepMinutes?: number;
  keepSeriesFor?: string[];
  onProgress?: (p: { originsDone: number; originsTotal: number; etaSeconds: number; message: string }) => void;
}

export interface IntradayMetricsBlock {
  mae: number;
  mape: number;
  rmse: number;
  coverage80: number;
  coverage50: number;
  coverage90: number;
  pinball: number;
  pinball7: number;
}

export interface IntradayBacktestResult {
  coin: string;
  horizon: IntradayHorizon;
  origins: number;
  model: IntradayMetricsBlock;
  naive: IntradayMetricsBlock;
  relMae: number;
  relPinball: number;
  directionalAccuracy: number;
}

export interface IntradaySummaryRow {
  horizon: IntradayHorizon;
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
}

export interface IntradayBacktestReport {
  from: string;
  to: string;
  model: { type: string; version: string; metadata: Record<string, unknown> };
  originStepMinutes: number;
  results: IntradayBacktestResult[];
  summary: IntradaySummaryRow[];
  series: Record<string, Partial<Record<IntradayHorizon, { originTime: number; actual: number; point: number; q10: number; q90: number }[]>>>;
  elapsedSeconds: number;
  trainSeconds: number;
}

/** Close of the candle closing exactly at t (undefined when it is missing). */
function closeAt(candles: Candle[], t: number, intervalMs: number): number | undefined {
  const i = lastClosedIndex(candles, t, intervalMs);
  return i >= 0 && candles[i]!.openTime === t - intervalMs ? candles[i]!.close : undefined;
}

function block(s: ScoredForecast[]): IntradayMetricsBlock {
  const m = scoreForecasts(s);
  return {
    mae: m.mae,
    mape: m.mape,
    rmse: m.rmse,
    coverage80: m.coverage80,
    coverage50: m.coverage50,
    coverage90: m.coverage90,
    pinball: m.pinball,
    pinball7: m.pinball7,
  };
}

export async function backtestIntraday(opts: IntradayBacktestOptions): Promise<IntradayBacktestReport> {
  const started = Date.now();
  let model = opts.model;
  let trainSeconds = 0;
  if (!model) {
    if (!opts.train) throw new Error('backtestIntraday needs a model or a trainer');
    const t0 = Date.now();
    model = await opts.train(opts.histories, opts.from);
    trainSeconds = (Date.now() - t0) / 1000;
  }
  const naive = naiveIntradayModel();
  const step = (opts.originStepMinutes ?? 60) * MINUTE_MS;
  const minMs = Math.min(...opts.horizons.map((h) => INTRADAY_HORIZON_SPECS[h].ms));
  const origins: number[] = [];
  for (let t = Math.ceil(opts.from / step) * step; t + minMs <= opts.to; t += step) origins.push(t);
  const scored = new Map<string, { model: ScoredForecast[]; naive: ScoredForecast[] }>();
  const series: IntradayBacktestReport['series'] = {};
  const keep = new Set(opts.keepSeriesFor ?? []);
  const lb = model.lookback;
  const total = origins.length * opts.histories.length;
  let done = 0;
  let lastReport = 0;
  const forecastingStarted = Date.now();
  for (const full of opts.histories) {
    for (const t of origins) {
      done++;
      if (done % 500 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const hs = opts.horizons.filter((h) => {
        const spec = INTRADAY_HORIZON_SPECS[h];
        const c = seriesOf(full, spec.series);
        return !!c && t + spec.ms <= opts.to && closeAt(c, t, intradaySeriesMs(spec.series)) !== undefined;
      });
      if (!hs.length) continue;
      // The full arrays go in; the cut at the origin (and to the lookback) is made here, as a live caller would.
      const cut = intradayHistoryUntil(full, t, { fiveMinute: lb.fiveMinute ?? 0, minute: lb.minute ?? 0 });
      const fm = model.predict(cut, hs);
      const fn = naive.predict(cut, hs);
      for (const h of hs) {
        const spec = INTRADAY_HORIZON_SPECS[h];
        const f = fm.find((x) => x.horizon === h);
        const n = fn.find((x) => x.horizon === h);
        if (!f || !n || f.originTime !== t) continue;
        const actual = closeAt(seriesOf(full, spec.series)!, t + spec.ms, intradaySeriesMs(spec.series));
        if (actual === undefined) continue;
        const key = `${full.coin}\u0000${h}`;
        let s = scored.get(key);
        if (!s) scored.set(key, (s = { model: [], naive: [] }));
        // The metric functions read numbers only; their type names the hourly horizons.
        s.model.push({ forecast: f as unknown as QuantileForecast, actual });
        s.naive.push({ forecast: n as unknown as QuantileForecast, actual });
        if (keep.has(full.coin))
          ((series[full.coin] ??= {})[h] ??= []).push({ originTime: t, actual, point: f.point, q10: f.quantiles['0.1'], q90: f.quantiles['0.9'] });
      }
      if (opts.onProgress && (Date.now() - lastReport > 5000 || done === total)) {
        lastReport = Date.now();
        const elapsed = (Date.now() - forecastingStarted) / 1000;
        opts.onProgress({
          originsDone: done,
          originsTotal: total,
          etaSeconds: (elapsed / done) * (total - done),
          message: `${new Date(t).toISOString().slice(0, 16)}Z ${full.coin}`,
        });
      }
    }
  }
  const results: IntradayBacktestResult[] = [];
  for (const full of opts.histories) {
    for (const h of opts.horizons) {
      const s = scored.get(`${full.coin}\u0000${h}`);
      if (!s || s.model.length === 0) continue;
      const mm = block(s.model);
      const nm = block(s.naive);
      results.push({
        coin: full.coin,
        horizon: h,
        origins: s.model.length,
        model: mm,
        naive: nm,
        relMae: mm.mae / nm.mae,
        relPinball: mm.pinball / nm.pinball,
        directionalAccuracy: scoreForecasts(s.model).directionalAccuracy,
      });
    }
  }
  return {
    from: new Date(opts.from).toISOString(),
    to: new Date(opts.to).toISOString(),
    model: { type: model.type, version: model.version, metadata: model.metadata },
    originStepMinutes: step / MINUTE_MS,
    results,
    summary: summariseIntraday(results, opts.horizons),
    series,
    elapsedSeconds: (Date.now() - started) / 1000,
    trainSeconds,
  };
}

/** Median over coins, per horizon. */
export function summariseIntraday(results: IntradayBacktestResult[], horizons: IntradayHorizon[]): IntradaySummaryRow[] {
  return horizons
    .map((h) =>
      medianRow(
        h,
        results.filter((x) => x.horizon === h),
      ),
    )
    .filter((r) => r.coins > 0);
}
