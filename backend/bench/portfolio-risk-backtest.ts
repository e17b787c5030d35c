/**
 * Backtest of the portfolio forecast (issue 20 item 3): do the portfolio's 80 % and 90 % ranges cover 80 % and 90 % of
 * outcomes? Fixed-weight portfolios (rebalanced to their weights at every origin) over two out-of-sample windows,
 * one origin a day at 00:00 UTC, horizons 24h / 7d / 30d.
 *
 *   cd backend && node -r @swc-node/register bench/portfolio-risk-backtest.ts
 *   CANDLES_DIR overrides the candle folder (default ../shared/data/candles), REFIT_DAYS the refit interval (30),
 *   WINDOWS the out-of-sample windows (from:to,from:to).
 *
 * No look-ahead: at each origin t the per-coin marginals are the forecasts the served volatility model
 * (ml's garch-conformal, FORECAST_MODEL=vol; the default ensemble takes its intervals from the same member, but its
 * neural members are too slow to refit through a 3.5-year walk-forward on this machine) makes from candles before t,
 * with its parameters refitted every REFIT_DAYS days on candles before the refit time; the joint history is the
 * daily closes up to t. The copula and the portfolio quantiles are the same pure code the API serves
 * (src/portfolios/risk/portfolio-risk.ts). For comparison, the same marginals joined as independent coins.
 */
import path from 'node:path';
import { closeAtTime, DAY_MS, fitVolParams, historyUntil, HOUR_MS, listCoins, loadHistories, volModel, type CoinHistory, type Horizon } from '@coincast/ml';
import {
  alignDailyCloses,
  JOINT_HISTORY_DAYS,
  jointLogReturns,
  marginalFromPriceQuantiles,
  PORTFOLIO_HORIZONS,
  portfolioRisk,
  type RiskyHolding,
} from '../src/portfolios/risk/portfolio-risk';

const CANDLES_DIR = process.env.CANDLES_DIR ?? path.resolve(__dirname, '../../../shared/data/candles');
const REFIT_DAYS = Number(process.env.REFIT_DAYS ?? 30);
/** WINDOWS=2022-01-01:2023-12-31,2024-01-01:2025-05-31 (the default; the candles end on 2025-05-31). */
const WINDOWS = (process.env.WINDOWS ?? '2022-01-01:2023-12-31,2024-01-01:2025-05-31').split(',').map((w) => {
  const [from, to] = w.split(':') as [string, string];
  return { name: `${from.slice(0, 7)}…${to.slice(0, 7)}`, from, to };
});
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

interface Mix {
  name: string;
  weights: Record<string, number>;
}

/** Deterministic shuffles for the independent-coins comparison (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function independentRows(rows: number[][], random: () => number): number[][] {
  const k = rows[0]?.length ?? 0;
  const columns = Array.from({ length: k }, (_, j) => {
    const col = rows.map((r) => r[j]!);
    for (let i = col.length - 1; i > 0; i--) {
      const s = Math.floor(random() * (i + 1));
      [col[i], col[s]] = [col[s]!, col[i]!];
    }
    return col;
  });
  return rows.map((_, s) => columns.map((c) => c[s]!));
}

interface Cell {
  n: number;
  in80: number;
  in90: number;
  width80: number;
  indIn80: number;
}

async function main() {
  const started = Date.now();
  const coins = listCoins(CANDLES_DIR);
  const histories = loadHistories(CANDLES_DIR, coins);
  const byCoin = new Map(histories.map((h) => [h.coin, h]));
  const dailyClose = new Map(histories.map((h) => [h.coin, new Map(h.daily.map((c) => [c.openTime, c.close]))]));
  const mixes: Mix[] = [
    { name: 'BTC only', weights: { BTC: 1 } },
    { name: '60/40 BTC/ETH', weights: { BTC: 0.6, ETH: 0.4 } },
    { name: 'equal 5 (BTC ETH SOL XRP ADA)', weights: Object.fromEntries(['BTC', 'ETH', 'SOL', 'XRP', 'ADA'].map((c) => [c, 0.2])) },
    { name: `equal all ${coins.length}`, weights: Object.fromEntries(coins.map((c) => [c, 1 / coins.length])) },
  ];
  // Each mix's shared days, all of them; an origin keeps those that closed before it.
  const alignedByMix = new Map(
    mixes.map((mix) => {
      const series = Object.keys(mix.weights).map((c) => dailyClose.get(c)!);
      const times = [...series[0]!.keys()].filter((t) => series.every((m) => (m.get(t) ?? 0) > 0)).sort((a, b) => a - b);
      return [mix.name, { times, closes: alignDailyCloses(series, Infinity) }] as const;
    }),
  );
  const horizons = PORTFOLIO_HORIZONS.map((h) => h.horizon as Horizon);
  const table: string[] = [];
  for (const window of WINDOWS) {
    const from = day(window.from);
    const to = day(window.to) + DAY_MS;
    const cells = new Map<string, Cell>();
    const random = rng(42);
    let model = volModel(fitVolParams(histories, from));
    let fittedAt = from;
    for (let t = from; t < to; t += DAY_MS) {
      if (t - fittedAt >= REFIT_DAYS * DAY_MS) {
        model = volModel(fitVolParams(histories, t));
        fittedAt = t;
      }
      // Forecasts per coin at this origin (only coins with enough history to forecast).
      const forecasts = new Map<string, Map<string, { lastPrice: number; quantiles: Record<string, number>; actual: number | undefined }>>();
      for (const coin of coins) {
        const h = byCoin.get(coin) as CoinHistory;
        const out = new Map<string, { lastPrice: number; quantiles: Record<string, number>; actual: number | undefined }>();
        for (const f of model.predict(historyUntil(h, t, model.lookback), horizons)) {
          if (f.originTime !== t) continue; // a stale origin (gap in the candles): not what would be served at t
          const actual = f.horizon === '24h' ? closeAtTime(h.hourly, f.targetTime, HOUR_MS) : closeAtTime(h.daily, f.targetTime, DAY_MS);
          out.set(f.horizon, { lastPrice: f.lastPrice, quantiles: f.quantiles, actual: f.targetTime <= to ? actual : undefined });
        }
        forecasts.set(coin, out);
      }
      for (const mix of mixes) {
        const held = Object.keys(mix.weights);
        // Joint history: the last JOINT_HISTORY_DAYS shared daily candles that closed by t (open time <= t - 1 day).
        const aligned = alignedByMix.get(mix.name)!;
        let end = aligned.times.length;
        while (end > 0 && aligned.times[end - 1]! + DAY_MS > t) end--;
        const closes = aligned.closes.map((c) => c.slice(Math.max(0, end - JOINT_HISTORY_DAYS), end));
        for (const { horizon, days } of PORTFOLIO_HORIZONS) {
          const fs = held.map((c) => forecasts.get(c)?.get(horizon));
          if (fs.some((f) => !f || f.actual === undefined)) continue;
          const holdings: RiskyHolding[] = held.map((c, j) => ({
            asset: c,
            value: mix.weights[c]!,
            marginal: marginalFromPriceQuantiles(fs[j]!.lastPrice, fs[j]!.quantiles),
          }));
          const rows = jointLogReturns(closes, days);
          const risk = portfolioRisk({ riskless: 0, holdings, jointHistory: rows });
          const outcome = held.reduce((sum, c, j) => sum + mix.weights[c]! * (fs[j]!.actual! / fs[j]!.lastPrice), 0);
          const q = risk.quantiles;
          const key = `${mix.name}|${horizon}`;
          const cell = cells.get(key) ?? { n: 0, in80: 0, in90: 0, width80: 0, indIn80: 0 };
          cell.n++;
          if (outcome >= q['0.1']! && outcome <= q['0.9']!) cell.in80++;
          if (outcome >= q['0.05']! && outcome <= q['0.95']!) cell.in90++;
          cell.width80 += (q['0.9']! - q['0.1']!) / risk.value;
          if (held.length > 1) {
            const ind = portfolioRisk({ riskless: 0, holdings, jointHistory: independentRows(rows, random) }).quantiles;
            if (outcome >= ind['0.1']! && outcome <= ind['0.9']!) cell.indIn80++;
          } else if (outcome >= q['0.1']! && outcome <= q['0.9']!) cell.indIn80++;
          cells.set(key, cell);
        }
      }
      if ((t - from) % (90 * DAY_MS) === 0)
        process.stderr.write(`[${window.name}] ${new Date(t).toISOString().slice(0, 10)} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    for (const mix of mixes)
      for (const { horizon } of PORTFOLIO_HORIZONS) {
        const c = cells.get(`${mix.name}|${horizon}`);
        if (!c) continue;
        const pct = (x: number) => `${((100 * x) / c.n).toFixed(1)} %`;
        table.push(
          `| ${window.name} | ${mix.name} | ${horizon} | ${c.n} | ${pct(c.in80)} | ${pct(c.in90)} | ${((100 * c.width80) / c.n).toFixed(1)} % | ${pct(c.indIn80)} |`,
        );
      }
  }
  console.log(`Portfolio forecast backtest, ${coins.length} coins (${coins.join(' ')}), marginals: ml garch-conformal refitted every ${REFIT_DAYS} days\n`);
  console.log('| window | portfolio | horizon | origins | coverage 80 % | coverage 90 % | mean width 80 % | coverage 80 % if coins were independent |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|');
  for (const line of table) console.log(line);
  console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
}

void main();
