import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Candle } from '../../src/markets/candle';
import { syntheticCandles } from './fake-exchange';

/** Writes candles in the format of ../shared/data/candles (`timestamp,open,high,low,close,volume`). */
export function candleCsv(candles: Candle[]): string {
  const lines = candles.map((c) => `${new Date(c.openTime).toISOString().replace('.000Z', 'Z')},${c.open},${c.high},${c.low},${c.close},${c.volume}`);
  return ['timestamp,open,high,low,close,volume', ...lines, ''].join('\n');
}

/** A temporary replay folder with synthetic hourly candles for each `{BASE}USDT`; remove() deletes it. */
export function makeReplayFolder(bases: string[], hours = 24 * 40): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'coincast-replay-'));
  const start = Date.UTC(2025, 0, 1);
  bases.forEach((base, i) => {
    writeFileSync(path.join(dir, `${base}USDT_1h.csv`), candleCsv(syntheticCandles(start, hours, 100 * (i + 1), i + 11)));
  });
  writeFileSync(path.join(dir, 'README.md'), 'not a candle file\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
