/**
 * Benchmark: holdings + TWR/IRR of one portfolio computed from scratch.
 * 10,000 transactions across 20 assets over 3 years (2022-01-01 … 2024-12-31), valued with real Binance daily
 * candles from ../shared/data/candles (17 assets; 3 more are synthetic random walks), target < 200 ms.
 *
 *   npm run bench -w backend -- portfolio     (or: cd backend && npx tsx bench/portfolio-calc.bench.ts)
 *   CANDLES_DIR overrides the candle folder (default ../shared/data/candles).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  Dec,
  addDays,
  computePerformance,
  dec,
  replayLedger,
  valueHoldings,
  type DayPrice,
  type LedgerTransaction,
  type TransactionType,
} from '../src/portfolios/domain';

const CANDLES_DIR = process.env.CANDLES_DIR ?? path.resolve(__dirname, '../../../shared/data/candles');
const FIRST_DAY = '2022-01-01';
const LAST_DAY = '2024-12-31';
const TRANSACTIONS = 10_000;
const ASSETS = 20;
const RUNS = 25;

/** Deterministic PRNG (mulberry32) so every run benchmarks the same portfolio. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadPrices(): Map<string, Map<string, { open: string; close: string }>> {
  const table = new Map<string, Map<string, { open: string; close: string }>>();
  for (const file of readdirSync(CANDLES_DIR).filter((f) => /^[A-Z]+USDT_1d\.csv$/.test(f)).sort()) {
    const days = new Map<string, { open: string; close: string }>();
    for (const line of readFileSync(path.join(CANDLES_DIR, file), 'utf8').trim().split('\n').slice(1)) {
      const [timestamp, open, , , close] = line.split(',');
      const day = timestamp!.slice(0, 10);
      if (day >= FIRST_DAY && day <= LAST_DAY) days.set(day, { open: open!, close: close! });
    }
    table.set(file.replace('USDT_1d.csv', ''), days);
  }
  const rand = random(7);
  for (let i = table.size; i < ASSETS; i++) {
    const days = new Map<string, { open: string; close: string }>();
    let price = 10 + rand() * 90;
    for (let day = FIRST_DAY; day <= LAST_DAY; day = addDays(day, 1)) {
      const open = price;
      price *= Math.exp((rand() - 0.5) * 0.08);
      days.set(day, { open: open.toFixed(6), close: price.toFixed(6) });
    }
    table.set(`SYN${i}`, days);
  }
  return table;
}

interface RawTransaction {
  type: TransactionType;
  time: string;
  asset: string;
  quantity: string;
  price: string;
  fee: string;
}

/** Mostly buys and partial sells at the day's close, some deposits/withdrawals/income, never selling more than held. */
function generateTransactions(prices: Map<string, Map<string, { open: string; close: string }>>): RawTransaction[] {
  const rand = random(42);
  const assets = [...prices.keys()];
  const dayCount = Math.round((Date.parse(LAST_DAY) - Date.parse(FIRST_DAY)) / 86_400_000) + 1;
  const held = new Map<string, number>();
  const out: RawTransaction[] = [];
  const times = Array.from({ length: TRANSACTIONS }, () => Math.floor(rand() * dayCount * 86_400)).sort((a, b) => a - b);
  for (const second of times) {
    const time = new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + second * 1000);
    const day = time.toISOString().slice(0, 10);
    const tradable = assets.filter((a) => prices.get(a)!.has(day));
    const asset = tradable[Math.floor(rand() * tradable.length)]!;
    const price = Number(prices.get(asset)!.get(day)!.close);
    const units = held.get(asset) ?? 0;
    const roll = rand();
    let type: TransactionType;
    let quantity: number;
    if (units > 0 && roll < 0.35) {
      type = roll < 0.3 ? 'sell' : 'withdraw';
      quantity = Math.floor(units * (0.1 + rand() * 0.5) * 1e8) / 1e8;
    } else {
      type = roll < 0.9 ? 'buy' : roll < 0.96 ? 'deposit' : 'income';
      // Staking-sized rewards: a few dollars, not a free purchase.
      quantity = Math.floor(((type === 'income' ? 1 + rand() * 9 : 50 + rand() * 950) / price) * 1e8) / 1e8;
    }
    if (quantity <= 0) continue;
    held.set(asset, type === 'sell' || type === 'withdraw' ? units - quantity : units + quantity);
    out.push({
      type,
      time: time.toISOString(),
      asset,
      quantity: quantity.toFixed(8),
      price: type === 'income' ? '0' : price.toString(),
      fee: type === 'buy' || type === 'sell' ? (quantity * price * 0.001).toFixed(6) : '0',
    });
  }
  return out;
}

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
  const table = new Map([...rawPrices].map(([asset, days]) => [asset, new Map([...days].map(([d, p]) => [d, { open: Number(p.open), close: Number(p.close) }]))]));
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
