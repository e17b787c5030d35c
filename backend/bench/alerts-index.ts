/**
 * Alert index benchmark: 1,000,000 armed price rules over 100 symbols.
 *
 *   node --import tsx bench/alerts-index.ts            (inside backend/; or `npm run bench -w backend -- alerts`)
 *   options: --rules 1000000 --symbols 100 --rounds 200 --scan-rounds 10 --no-db
 *            (or env ALERTS_BENCH_RULES, ALERTS_BENCH_SYMBOLS, ALERTS_BENCH_ROUNDS, ALERTS_BENCH_SCAN_ROUNDS, ALERTS_BENCH_NO_DB=1)
 *            --database-url postgres://postgres@127.0.0.1:5432/postgres  (a scratch database is created and dropped)
 *
 * Ticks replay real Binance 1h closes from ../shared/data/candles (CANDLES_DIR overrides): each tick
 * moves a symbol by one hour's real move, far more than a live tick does (every few seconds), so the
 * number of rules hit per tick — and the index time — is pessimistic.
 * Reported: per-tick evaluation p50/p99 (µs) for the index, a linear scan over all rules (what an engine
 * without an index does) and a scan over the symbol's own rules, the index heap size, and the time to
 * rebuild the index from PostgreSQL at start (the engine's own loader).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import { Client } from 'pg';
import { AlertIndex, type IndexedCondition } from '../src/alerts/engine/alert-index';
import { loadArmedRules } from '../src/alerts/armed-rules.repository';
import { toIndexedRule } from '../src/alerts/engine/rule-mapping';
import { Alerts1763900500000 } from '../src/database/migrations/1763900500000-alerts';
import { InitAccounts1763900000000 } from '../src/database/migrations/1763900000000-init-accounts';

/** `--rules 1000` on the command line, or ALERTS_BENCH_RULES=1000 in the environment (run-all passes no arguments). */
function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && process.argv[at + 1]) return process.argv[at + 1]!;
  return process.env[`ALERTS_BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
}
const RULES = Number(arg('rules', '1000000'));
const SYMBOLS = Number(arg('symbols', '100'));
const ROUNDS = Number(arg('rounds', '200'));
const SCAN_ROUNDS = Number(arg('scan-rounds', '10'));
const WITH_DB = !process.argv.includes('--no-db') && process.env.ALERTS_BENCH_NO_DB !== '1';
const DATABASE_URL = arg('database-url', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const CANDLES_DIR = process.env.CANDLES_DIR ?? path.resolve(__dirname, '../../../shared/data/candles');

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(42);

function loadCloses(): number[][] {
  const files = readdirSync(CANDLES_DIR)
    .filter((f) => /USDT_1h\.csv$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`no *USDT_1h.csv in ${CANDLES_DIR}`);
  return files.map((f) =>
    readFileSync(path.join(CANDLES_DIR, f), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[4])),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function summary(samplesNs: number[]): { p50: number; p99: number; mean: number } {
  const us = samplesNs.map((ns) => ns / 1000).sort((a, b) => a - b);
  return { p50: percentile(us, 50), p99: percentile(us, 99), mean: us.reduce((s, v) => s + v, 0) / us.length };
}
// Heap figures need a full GC before each reading; --expose-gc is set here so no node flag is needed.
v8.setFlagsFromString('--expose-gc');
const collectGarbage: () => void = global.gc ?? (vm.runInNewContext('gc') as () => void);
function heapMb(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

// ---------- the price paths: symbol i replays file i % files from its own offset ----------
const closes = loadCloses();
const paths: number[][] = [];
const symbols: string[] = [];
for (let s = 0; s < SYMBOLS; s++) {
  const series = closes[s % closes.length]!;
  const start = Math.floor(random() * (series.length - ROUNDS - 2));
  paths.push(series.slice(start, start + ROUNDS + 1));
  symbols.push(`SYM${s}/USDT`);
}

// ---------- the rules: a quarter of each price type; level rules start unsatisfied ----------
type Kind = 0 | 1 | 2 | 3; // above, below, crossUp, crossDown
const CONDITION_OF: ((t: number) => IndexedCondition)[] = [
  (t) => ({ kind: 'level', direction: 'above', threshold: t }),
  (t) => ({ kind: 'level', direction: 'below', threshold: t }),
  (t) => ({ kind: 'cross', direction: 'up', threshold: t }),
  (t) => ({ kind: 'cross', direction: 'down', threshold: t }),
];
function thresholdFor(kind: Kind, price: number): number {
  const spread = 0.3 * random();
  if (kind === 0) return price * (1 + spread); // price_above: somewhere above the current price
  if (kind === 1) return price * (1 - spread);
  return price * (0.7 + 0.6 * random());
}
const ruleIds: string[] = new Array(RULES);
const ruleSymbol = new Uint16Array(RULES);
const ruleKind = new Uint8Array(RULES);
const ruleThreshold = new Float64Array(RULES);
for (let i = 0; i < RULES; i++) {
  const s = i % SYMBOLS;
  const kind = ((i / SYMBOLS) | 0) % 4;
  ruleIds[i] = randomUUID();
  ruleSymbol[i] = s;
  ruleKind[i] = kind;
  ruleThreshold[i] = thresholdFor(kind as Kind, paths[s]![0]!);
}
const handleOf = new Map<string, number>(ruleIds.map((id, i) => [id, i]));

// ---------- index: build time and memory ----------
const heapBefore = heapMb();
let t0 = process.hrtime.bigint();
const index = new AlertIndex();
for (let i = 0; i < RULES; i++) {
  index.upsert({ id: ruleIds[i]!, seriesKey: symbols[ruleSymbol[i]!]!, condition: CONDITION_OF[ruleKind[i]!]!(ruleThreshold[i]!) });
}
const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
const indexHeapMb = heapMb() - heapBefore;
for (let s = 0; s < SYMBOLS; s++) index.onValue(symbols[s]!, paths[s]![0]!, 0);

// ---------- index: one tick per symbol per round ----------
const indexSamples: number[] = [];
/** CPU time of this process (user + system) per tick: unlike wall time, not inflated by other processes on a shared machine. */
const indexCpu: number[] = [];
function cpuNs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) * 1000;
}
let indexHits = 0;
for (let round = 1; round <= ROUNDS; round++) {
  for (let s = 0; s < SYMBOLS; s++) {
    const price = paths[s]![round]!;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const matches = index.onValue(symbols[s]!, price, round * 1000);
    indexSamples.push(Number(process.hrtime.bigint() - start));
    indexCpu.push(cpuNs(cpu));
    indexHits += matches.length;
    // Untimed: a fired once-rule is replaced by a new rule on the unsatisfied side, so 1M stay armed.
    for (const match of matches) {
      const h = handleOf.get(match.ruleId)!;
      const kind = ruleKind[h] as Kind;
      ruleThreshold[h] = thresholdFor(kind, price);
      index.upsert({ id: match.ruleId, seriesKey: symbols[s]!, condition: CONDITION_OF[kind]!(ruleThreshold[h]!) });
    }
  }
}

// ---------- add/remove cost ----------
const churn = 20_000;
t0 = process.hrtime.bigint();
for (let i = 0; i < churn; i++) {
  const h = (random() * RULES) | 0;
  index.upsert({ id: ruleIds[h]!, seriesKey: symbols[ruleSymbol[h]!]!, condition: CONDITION_OF[ruleKind[h]!]!(ruleThreshold[h]!) });
}
const upsertUs = Number(process.hrtime.bigint() - t0) / 1e3 / churn;

// ---------- linear scans over the same rules and the same prices ----------
function scanTick(from: number, to: number, s: number, price: number, prev: number): number {
  let hits = 0;
  for (let i = from; i < to; i++) {
    if (ruleSymbol[i] !== s) continue;
    const t = ruleThreshold[i]!;
    switch (ruleKind[i]) {
      case 0:
        if (price > t) hits++;
        break;
      case 1:
        if (price < t) hits++;
        break;
      case 2:
        if (prev < t && price > t) hits++;
        break;
      default:
        if (prev > t && price < t) hits++;
    }
  }
  return hits;
}
const scanSamples: number[] = [];
const scanCpu: number[] = [];
for (let round = 1; round <= Math.min(SCAN_ROUNDS, ROUNDS); round++) {
  for (let s = 0; s < SYMBOLS; s++) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    scanTick(0, RULES, s, paths[s]![round]!, paths[s]![round - 1]!);
    scanSamples.push(Number(process.hrtime.bigint() - start));
    scanCpu.push(cpuNs(cpu));
  }
}
// Per-symbol scan: the same rules grouped by symbol (sorted copy), scanning only the symbol's rules.
const order = Array.from({ length: RULES }, (_, i) => i).sort((a, b) => ruleSymbol[a]! - ruleSymbol[b]!);
const bySymbolKind = new Uint8Array(RULES);
const bySymbolThreshold = new Float64Array(RULES);
const bySymbolStart = new Uint32Array(SYMBOLS + 1);
order.forEach((h, j) => {
  bySymbolKind[j] = ruleKind[h]!;
  bySymbolThreshold[j] = ruleThreshold[h]!;
  bySymbolStart[ruleSymbol[h]! + 1]++;
});
for (let s = 0; s < SYMBOLS; s++) bySymbolStart[s + 1]! += bySymbolStart[s]!;
const symbolScanSamples: number[] = [];
const symbolScanCpu: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (let s = 0; s < SYMBOLS; s++) {
    const price = paths[s]![round]!;
    const prev = paths[s]![round - 1]!;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    let hits = 0;
    for (let j = bySymbolStart[s]!; j < bySymbolStart[s + 1]!; j++) {
      const t = bySymbolThreshold[j]!;
      const k = bySymbolKind[j];
      if (k === 0 ? price > t : k === 1 ? price < t : k === 2 ? prev < t && price > t : prev > t && price < t) hits++;
    }
    symbolScanSamples.push(Number(process.hrtime.bigint() - start));
    symbolScanCpu.push(cpuNs(cpu));
    if (hits < 0) console.log(hits);
  }
}

const indexStats = summary(indexSamples);
const scanStats = summary(scanSamples);
const symbolScanStats = summary(symbolScanSamples);
const report: Record<string, unknown> = {
  rules: RULES,
  symbols: SYMBOLS,
  ticks: indexSamples.length,
  indexBuildMs: Math.round(buildMs),
  indexHeapMb: Math.round(indexHeapMb),
  indexUpsertUs: Number(upsertUs.toFixed(2)),
  rulesHitPerTick: Number((indexHits / indexSamples.length).toFixed(1)),
  indexTickUs: round2(indexStats),
  linearScanAllRulesTickUs: round2(scanStats),
  linearScanSymbolRulesTickUs: round2(symbolScanStats),
  speedupVsScanAllP99: Math.round(scanStats.p99 / indexStats.p99),
  speedupVsScanSymbolP99: Number((symbolScanStats.p99 / indexStats.p99).toFixed(1)),
  cpuTimeTickUs: {
    index: round2(summary(indexCpu)),
    linearScanAllRules: round2(summary(scanCpu)),
    linearScanSymbolRules: round2(summary(symbolScanCpu)),
  },
  loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
  cpus: os.cpus().length,
};
function round2(s: { p50: number; p99: number; mean: number }) {
  return { p50: Number(s.p50.toFixed(1)), p99: Number(s.p99.toFixed(1)), mean: Number(s.mean.toFixed(1)) };
}

// ---------- rebuild from PostgreSQL, with the engine's loader ----------
async function rebuildFromPostgres(): Promise<void> {
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const dbName = `coincast_bench_alerts_${process.pid}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${dbName}`;
  const db = new Client({ connectionString: url.toString() });
  try {
    await db.connect();
    const runner = { query: (sql: string) => db.query(sql) } as never;
    await new InitAccounts1763900000000().up(runner);
    await new Alerts1763900500000().up(runner);
    const { rows } = await db.query(`INSERT INTO users (email, password_hash) VALUES ('bench@example.com', 'x') RETURNING id`);
    const userId = rows[0].id as string;
    t0 = process.hrtime.bigint();
    // Same mix as above: symbol = n % SYMBOLS, type by (n / SYMBOLS) % 4, threshold around 100.
    await db.query(
      `INSERT INTO alert_rules (user_id, type, symbol, threshold, mode)
       SELECT $1, (ARRAY['price_above','price_below','crosses_up','crosses_down'])[((n / $3) % 4) + 1],
              'SYM' || (n % $3) || '/USDT', round((70 + random() * 60)::numeric, 8), 'once'
         FROM generate_series(0, $2 - 1) AS n`,
      [userId, RULES, SYMBOLS],
    );
    await db.query('ANALYZE alert_rules');
    const insertMs = Number(process.hrtime.bigint() - t0) / 1e6;
    collectGarbage();
    t0 = process.hrtime.bigint();
    const rebuilt = new AlertIndex();
    let loaded = 0;
    let indexNs = 0n;
    for await (const batch of loadArmedRules(db)) {
      const batchStart = process.hrtime.bigint();
      for (const rule of batch) {
        const indexed = toIndexedRule(rule);
        if (indexed) rebuilt.upsert(indexed);
      }
      indexNs += process.hrtime.bigint() - batchStart;
      loaded += batch.length;
    }
    const rebuildMs = Number(process.hrtime.bigint() - t0) / 1e6;
    report.rebuildIndexInsertMs = Math.round(Number(indexNs) / 1e6);
    report.rebuildQueryMs = Math.round(rebuildMs - Number(indexNs) / 1e6);
    if (rebuilt.size !== RULES || loaded !== RULES) throw new Error(`rebuilt ${rebuilt.size} of ${RULES}`);
    report.postgresInsertMs = Math.round(insertMs);
    report.rebuildFromPostgresMs = Math.round(rebuildMs);
  } finally {
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  }
}

(async () => {
  if (WITH_DB) await rebuildFromPostgres();
  console.log(JSON.stringify(report, null, 2));
})().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
