/**
 * Deterministic portfolio fixture shared by the portfolio benchmarks: real Binance daily candles from
 * ../shared/data/candles (17 assets) plus synthetic random walks up to 20 assets, and a 10,000-transaction history
 * (buys, partial sells, deposits, withdrawals, staking income) that never sells more than held.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { addDays, type TransactionType } from '../src/portfolios/domain';

export const CANDLES_DIR = process.env.CANDLES_DIR ?? path.resolve(__dirname, '../../../shared/data/candles');
export const FIRST_DAY = '2022-01-01';
export const LAST_DAY = '2024-12-31';
export const TRANSACTIONS = 10_000;
export const ASSETS = 20;

/** Deterministic PRNG (mulberry32) so every run benchmarks the same portfolio. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function loadPrices(): Map<string, Map<string, { open: string; close: string }>> {
  const table = new Map<string, Map<string, { open: string; close: string }>>();
  for (const file of readdirSync(CANDLES_DIR)
    .filter((f) => /^[A-Z]+USDT_1d\.csv$/.test(f))
    .sort()) {
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

export interface RawTransaction {
  type: TransactionType;
  time: string;
  asset: string;
  quantity: string;
  price: string;
  fee: string;
}

/** Mostly buys and partial sells at the day's close, some deposits/withdrawals/income, never selling more than held. */
export function generateTransactions(prices: Map<string, Map<string, { open: string; close: string }>>): RawTransaction[] {
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
