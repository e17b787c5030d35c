/**
 * Research probe (issue 15, 7d / 30d intervals): does a HAR-RV scale on daily candles (as at 24h) beat the daily
 * GARCH scale, alone and averaged with naive's quantiles (the "blend" the guard serves there)?
 *
 * Daily bar variance = the day's Garman–Klass value ("gk1d") or the sum of its hourly Garman–Klass values ("gk1h";
 * the daily value rescaled per coin where a day has fewer than 20 hours). HAR regressors at the close of day t:
 * [1, ln RV day, ln RV week, ln RV month, ln RV quarter, ln GARCH h-day variance]; target ln RV of the next h days;
 * pooled OLS over coins on the 4 years before `from`. Intervals: split-conformal on the HAR-scaled residuals over the
 * served 4-year window. Scored with the project's backtest harness (every daily origin, naive on the same origins)
 * on three yearly windows.
 *
 *   cd ml && npx tsx bench/daily-har-probe.ts
 */
import { historyUntil, loadHistories } from '../src/data/candles';
import { backtest } from '../src/evaluate/backtest';
import { naiveModel } from '../src/models/baselines';
import { originContext, forecastFromLogReturns } from '../src/models/context';
import { ols } from '../src/models/regression';
import { fitVolParams, volModel, volLookback, type VolModelParams } from '../src/models/vol-model';
import { conformalQuantiles, horizonVariance, volPath } from '../src/models/volatility';
import type { Candle, CoinHistory, ForecastModel, Horizon, QuantileForecast } from '../src/types';
import { QUANTILE_LEVELS } from '../src/types';

const DAY = 86_400_000;

const YEAR = 365 * DAY;
const histories = loadHistories('../../shared/data/candles');
const WINDOWS = [
  ['2024-06-01', '2025-06-01'],
  ['2023-06-01', '2024-06-01'],
  ['2022-06-01', '2023-06-01'],
] as const;
const HS: [Horizon, number][] = [
  ['7d', 7],
  ['30d', 30],
];
type Measure = 'gk1d' | 'gk1h';

/** Sum of hourly GK per UTC day (open time of the day → sum), days with ≥ 20 hours only. */
const hourlyDayVar = new Map<string, Map<number, number>>();
for (const h of histories) {
  const sums = new Map<number, { s: number; n: number }>();
  for (const c of h.hourly) {
    const d = Math.floor(c.openTime / DAY) * DAY;
    const hl = Math.log(c.high / c.low);
    const co = Math.log(c.close / c.open);
    const g = 0.5 * hl * hl - (2 * Math.LN2 - 1) * co * co;
    if (!(Number.isFinite(g) && g > 0)) continue;
    const e = sums.get(d) ?? { s: 0, n: 0 };
    e.s += g;
    e.n++;
    sums.set(d, e);
  }
  const m = new Map<number, number>();
  for (const [d, e] of sums) if (e.n >= 20) m.set(d, (e.s * 24) / e.n);
  hourlyDayVar.set(h.coin, m);
}

function barVars(coin: string, candles: Candle[], gk: Float64Array, k: Measure, ratio: number): Float64Array {
  if (k === 'gk1d') return gk;
  const m = hourlyDayVar.get(coin)!;
  return Float64Array.from(gk, (v, t) => m.get(candles[t]!.openTime) ?? ratio * v);
}

function harRows(p: VolModelParams, coin: string, candles: Candle[], logCloses: Float64Array | undefined, steps: number, k: Measure, ratio: number) {
  const path = volPath(candles, p.daily, logCloses);
  const b = barVars(coin, candles, path.barVar, k, ratio);
  const cum = new Float64Array(b.length + 1);
  for (let i = 0; i < b.length; i++) cum[i + 1] = cum[i]! + (i === 0 ? 0 : b[i]!);
  const ln = (x: number) => Math.log(Math.max(x, 1e-12));
  const row = (t: number) =>
    t < 90
      ? undefined
      : [
          1,
          ln(b[t]!),
          ln((cum[t + 1]! - cum[t - 6]!) / 7),
          ln((cum[t + 1]! - cum[t - 29]!) / 30),
          ln((cum[t + 1]! - cum[t - 89]!) / 90),
          ln(horizonVariance(path, p.daily, t, steps)),
        ];
  return { path, row, target: (t: number) => ln(cum[t + steps + 1]! - cum[t + 1]!) };
}

function dailyHarModel(p: VolModelParams, k: Measure, until: number): ForecastModel {
  const ratios = new Map<string, number>();
  const coefs = new Map<number, number[]>();
  for (const [, steps] of HS) {
    const X: number[][] = [];
    const y: number[] = [];
    for (const h of histories) {
      const d = historyUntil(h, until).daily;
      const pathGk = volPath(d, p.daily).barVar;
      const m = hourlyDayVar.get(h.coin)!;
      let a = 0;
      let bb = 0;
      d.forEach((c, t) => {
        const v = m.get(c.openTime);
        if (v !== undefined && t > 0) {
          a += v;
          bb += pathGk[t]!;
        }
      });
      const ratio = bb > 0 ? a / bb : 1;
      ratios.set(h.coin, ratio);
      const r = harRows(p, h.coin, d, undefined, steps, k, ratio);
      for (let t = Math.max(90 + 60, d.length - 4 * 365 - steps); t + steps < d.length; t++) {
        X.push(r.row(t)!);
        y.push(r.target(t));
      }
    }
    coefs.set(steps, ols(X, y));
  }
  const lookback = volLookback(p);
  return {
    type: `daily-har-${k}`,
    version: '1',
    metadata: {},
    lookback,
    predict(history: CoinHistory, horizons: Horizon[]): QuantileForecast[] {
      const out: QuantileForecast[] = [];
      for (const h of horizons) {
        const steps = HS.find(([x]) => x === h)?.[1];
        if (!steps) continue;
        const daily = history.daily.slice(Math.max(0, history.daily.length - lookback.daily));
        const ctx = originContext({ ...history, daily }, h);
        if (!ctx) continue;
        const r = harRows(p, history.coin, ctx.candles, ctx.logCloses, steps, k, ratios.get(history.coin) ?? 1);
        const coef = coefs.get(steps)!;
        const sdAt = (i: number) => Math.exp(0.5 * r.row(i)!.reduce((a, x, c) => a + coef[c]! * x, 0));
        const j = ctx.candles.length - 1;
        if (j < 90) continue;
        const cal = conformalQuantiles(ctx.logCloses, r.path, p.daily, j, steps, p.calibrationWindow[h], QUANTILE_LEVELS, { sdAt, firstIndex: 90 });
        const sd = sdAt(j);
        const q: Record<string, number> = {};
        for (const l of QUANTILE_LEVELS) q[l] = sd * cal.z[l]!;
        out.push(forecastFromLogReturns(ctx, 0, q));
      }
      return out;
    },
  };
}

/** Average of two models' log quantiles around the last price (the guard's "blend"). */
function blend(a: ForecastModel, name: string): ForecastModel {
  const naive = naiveModel();
  return {
    type: name,
    version: '1',
    metadata: {},
    lookback: { hourly: Math.max(a.lookback.hourly, naive.lookback.hourly), daily: Math.max(a.lookback.daily, naive.lookback.daily) },
    predict(history, horizons) {
      const n = new Map(naive.predict(history, horizons).map((x) => [x.horizon, x]));
      return a.predict(history, horizons).flatMap((fv) => {
        const fn = n.get(fv.horizon);
        if (!fn) return [];
        const quantiles = {} as QuantileForecast['quantiles'];
        for (const l of QUANTILE_LEVELS) {
          const mid = 0.5 * (Math.log(fv.quantiles[l] / fv.lastPrice) + Math.log(fn.quantiles[l] / fn.lastPrice));
          quantiles[l] = fv.lastPrice * Math.exp(l === '0.5' ? 0 : mid);
        }
        return [{ ...fv, point: fv.lastPrice, quantiles }];
      });
    },
  };
}

async function main() {
  const only = process.argv.indexOf('--window');
  const wins = only > 0 ? WINDOWS.filter(([f]) => f === process.argv[only + 1]) : WINDOWS;
  for (const [fromDay, toDay] of wins) {
    const from = Date.parse(`${fromDay}T00:00:00Z`);
    const to = Date.parse(`${toDay}T00:00:00Z`);
    const p = fitVolParams(histories, from);
    const garch = volModel(p);
    const models: Record<string, ForecastModel> = { garch, 'garch+naive': blend(garch, 'b') };
    for (const k of ['gk1d', 'gk1h'] as const) {
      const m = dailyHarModel(p, k, from);
      models[`har-${k}`] = m;
      models[`har-${k}+naive`] = blend(m, 'b');
    }
    for (const [name, model] of Object.entries(models)) {
      for (const [label, a, b] of [
        ['val', from - 3 * YEAR, from],
        ['test', from, to],
      ] as const) {
        const r = await backtest({ histories, from: a, to: b, horizons: ['7d', '30d'], model });
        console.log(
          `${fromDay} ${label.padEnd(4)} ${name.padEnd(14)} ` +
            r.summary
              .map((s) => `${s.horizon} ${s.relPinball.toFixed(4)} / ${(100 * s.coverage80).toFixed(1)} % (naive ${(100 * s.naiveCoverage80).toFixed(1)})`)
              .join('   '),
        );
      }
    }
  }
}
void main();
