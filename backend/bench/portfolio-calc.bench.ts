/**
 * Benchmark: holdings + TWR/IRR of one portfolio computed from scratch.
 * 10,000 transactions across 20 assets over 3 years (2022-01-01 … 2024-12-31), valued with real Binance daily
 * candles from ../shared/data/candles (17 assets; 3 more are synthetic random walks), target < 200 ms.
 *
 *   npm run bench -w backend -- portfolio     (or: cd backend && npx tsx bench/portfolio-calc.bench.ts)
 *   CANDLES_DIR overrides the candle folder (default ../shared/data/candles).
 */
import { performance } from 'node:perf_hooks';
import { Dec, computePerformance, dec, replayLedger, valueHoldings, type DayPrice, type LedgerTransaction } from '../src/portfolios/domain';
import { FIRST_DAY, LAST_DAY, generateTransactions, loadPrices, type RawTransaction } from './portfolio-fixture';

const RUNS = 25;

interface Timings {
  parse: number;
  replay: number;
  holdings: number;
  performance: number;
}

function run(raw: RawTransaction[], priceTable: Map<string, Map<string, DayPrice>>, method: 'average' | 'fifo', timings?: Timings) {
  let started = performance.now();
  const transactions: LedgerTransaction[] = raw.map((r, i) => ({
    id: String(i),
    portfolioId: 'p',
    type: r.type,
    time: new Date(r.time),
    asset: r.asset,
    quantity: dec(r.quantity),
    price: dec(r.price),
    feeAmount: r.fee === '0' ? undefined : dec(r.fee),
    feeCurrency: 'USDT',
    sequence: i,
  }));
  const lap = (key: keyof Timings) => {
    const now = performance.now();
    if (timings) timings[key] += now - started;
    started = now;
  };
  lap('parse');
  const ledger = replayLedger({ id: 'p', costBasisMethod: method }, transactions);
  lap('replay');
  const latest = new Map<string, Dec>();
  for (const [asset, days] of priceTable) latest.set(asset, new Dec(days.get(LAST_DAY)!.close));
  const holdings = valueHoldings(ledger, latest);
  lap('holdings');
  const perf = computePerformance({ events: ledger.events, prices: priceTable, toDay: LAST_DAY, benchmarkAsset: 'BTC' });
  lap('performance');
  return { holdings, perf };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { min: sorted[0]!, median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]! };
}

const rawPrices = loadPrices();
const raw = generateTransactions(rawPrices);
let tableMs = 0;
const buildTable = () => {
  const started = performance.now();
  const table = new Map(
    [...rawPrices].map(([asset, days]) => [asset, new Map([...days].map(([d, p]) => [d, { open: Number(p.open), close: Number(p.close) }]))]),
  );
  tableMs = performance.now() - started;
  return table;
};
const priceTable = buildTable();
console.log(`portfolio-calc: ${raw.length} transactions, ${rawPrices.size} assets, ${FIRST_DAY}..${LAST_DAY}, node ${process.version}`);
console.log(`price table (${[...priceTable.values()].reduce((n, d) => n + d.size, 0)} daily candles parsed): ${tableMs.toFixed(1)} ms`);
for (const method of ['average', 'fifo'] as const) {
  run(raw, priceTable, method); // warm-up (JIT)
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const timings: Timings = { parse: 0, replay: 0, holdings: 0, performance: 0 };
  let last: ReturnType<typeof run> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    last = run(raw, priceTable, method, timings);
    const used = process.cpuUsage(cpu);
    samples.push(performance.now() - started);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  const s = stats(samples);
  const c = stats(cpuSamples);
  const share = (Object.keys(timings) as Array<keyof Timings>).map((k) => `${k} ${(timings[k] / RUNS).toFixed(1)}`).join(', ');
  console.log(
    `${method.padEnd(7)} holdings+TWR+IRR from scratch: wall median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, p90 ${s.p90.toFixed(1)}), ` +
      `CPU median ${c.median.toFixed(1)} ms (min ${c.min.toFixed(1)}) over ${RUNS} runs; target < 200 ms\n` +
      `        mean per phase (ms): ${share}\n` +
      `        result: series ${last!.perf.series.length} days, TWR ${(last!.perf.twr * 100).toFixed(2)}%, ` +
      `IRR ${last!.perf.irr === null ? 'n/a' : (last!.perf.irr * 100).toFixed(2) + '%'}, value ${last!.holdings.totalValue.toFixed(2)}, ` +
      `realised ${last!.holdings.realizedPnl.toFixed(2)}`,
  );
}
