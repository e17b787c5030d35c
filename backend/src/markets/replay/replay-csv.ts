import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Candle, TIMEFRAME_MS, Timeframe, isIntradayTimeframe, isTimeframe, type IntradayTimeframe } from '../candle';
import { parseSymbol } from '../symbols';
import { RawSeries } from './replay-series';

/**
 * `BTCUSDT_1h.csv` → BTC/USDT at 1h, `BTCUSDT_5m.csv.gz` → BTC/USDT at 5m (gzip); other names (e.g.
 * `BTCUSD_cryptocompare_1d.csv`) are not candle files.
 */
const FILE_NAME = /^([A-Z0-9]+)_([0-9]+[a-z])\.csv(\.gz)?$/;

export interface ReplayFile {
  symbol: string;
  timeframe: Timeframe;
  file: string;
}

/**
 * Candle files of a replay folder, one entry per symbol at its finest hourly-or-coarser timeframe (the series that
 * drives the replay). Sub-hour files are listed apart (listIntradayReplayFiles): they are loaded only when asked for.
 */
export async function listReplayFiles(dir: string): Promise<ReplayFile[]> {
  const names = await readdir(dir);
  const bySymbol = new Map<string, ReplayFile>();
  for (const name of names.sort()) {
    const match = FILE_NAME.exec(name);
    if (!match) continue;
    const symbol = parseSymbol(match[1]!);
    const timeframe = match[2]!;
    if (!symbol || !isTimeframe(timeframe) || isIntradayTimeframe(timeframe)) continue;
    const existing = bySymbol.get(symbol);
    // The finest timeframe drives the replay; coarser candles are aggregated from it.
    if (!existing || TIMEFRAME_MS[timeframe] < TIMEFRAME_MS[existing.timeframe]) {
      bySymbol.set(symbol, { symbol, timeframe, file: path.join(dir, name) });
    }
  }
  return [...bySymbol.values()];
}

/** The sub-hour candle files (`{BASE}{QUOTE}_5m.csv.gz`, `_1m`) of the given timeframes, plain or gzip. */
export async function listIntradayReplayFiles(
  dir: string,
  timeframes: readonly IntradayTimeframe[],
): Promise<Array<ReplayFile & { timeframe: IntradayTimeframe }>> {
  if (timeframes.length === 0) return [];
  const files = new Map<string, ReplayFile & { timeframe: IntradayTimeframe }>();
  for (const name of (await readdir(dir)).sort()) {
    const match = FILE_NAME.exec(name);
    const symbol = match ? parseSymbol(match[1]!) : undefined;
    const timeframe = match?.[2] ?? '';
    if (!symbol || !isIntradayTimeframe(timeframe) || !timeframes.includes(timeframe)) continue;
    // A plain and a gzip file of the same series: the first in name order (plain) wins.
    const key = `${symbol}|${timeframe}`;
    if (!files.has(key)) files.set(key, { symbol, timeframe, file: path.join(dir, name) });
  }
  return [...files.values()];
}

const HEADER = 'timestamp,open,high,low,close,volume';

/**
 * Parses `timestamp,open,high,low,close,volume` (ISO open time) into candles, oldest first.
 * Hand-rolled rather than csv-parse: the format is fixed and numeric-only, and this is ~10x faster on the
 * 900k rows the replay loads at boot.
 */
export function parseCandleCsv(text: string, source = 'csv'): Candle[] {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) throw new Error(`${source}: expected header "${HEADER}"`);
  const candles: Candle[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const [timestamp = '', open, high, low, close, volume] = line.split(',');
    const candle: Candle = {
      openTime: Date.parse(timestamp),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
    if (
      !Number.isFinite(candle.openTime) ||
      !Number.isFinite(candle.open) ||
      !Number.isFinite(candle.high) ||
      !Number.isFinite(candle.low) ||
      !Number.isFinite(candle.close) ||
      !Number.isFinite(candle.volume)
    ) {
      throw new Error(`${source}: invalid candle on line ${i + 1}`);
    }
    candles.push(candle);
  }
  candles.sort((a, b) => a.openTime - b.openTime);
  return candles;
}

/** The header and the last `rows` lines of a CSV text (a 1-minute file holds years; the replay keeps weeks). */
export function csvTail(text: string, rows: number): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  let cut = end;
  for (let n = 0; n < rows && cut > 0; n++) cut = text.lastIndexOf('\n', cut - 1);
  const headerEnd = text.indexOf('\n');
  if (cut <= headerEnd) return text;
  return text.slice(0, headerEnd + 1) + text.slice(cut + 1, end);
}

const gunzipAsync = promisify(gunzip);

/**
 * Reads a candle file (gzip when it ends in .gz). `keepDays`: only the last that many days of candles are parsed
 * (the sub-hour files are long; the replay needs their recent weeks).
 */
export async function readReplayFile(file: ReplayFile, keepDays?: number): Promise<RawSeries> {
  const bytes = await readFile(file.file);
  let text = (file.file.endsWith('.gz') ? await gunzipAsync(bytes) : bytes).toString('utf8');
  if (keepDays !== undefined) text = csvTail(text, Math.ceil((keepDays * 86_400_000) / TIMEFRAME_MS[file.timeframe]));
  return { symbol: file.symbol, timeframe: file.timeframe, candles: parseCandleCsv(text, file.file) };
}
