import type { Candle } from '@coincast/ml';

/**
 * Which markets the global models train on when there are many (issue 19): a bounded sample, stratified by each
 * market's recent volatility so calm and wild markets are both represented, deterministic (same markets on every
 * worker and every rerun). Per-market behaviour needs no per-market training: the models are global and every
 * forecast is scaled by the market's own recent history. Pure.
 */
export function stratifiedSample(markets: ReadonlyArray<{ symbol: string; volatility: number }>, size: number): string[] {
  if (markets.length <= size) return markets.map((m) => m.symbol);
  if (size <= 0) return [];
  // Sorted by volatility (ties by symbol), then one market from the middle of each of `size` equal strata.
  const sorted = [...markets].sort((a, b) => a.volatility - b.volatility || a.symbol.localeCompare(b.symbol));
  const picked: string[] = [];
  for (let i = 0; i < size; i++) picked.push(sorted[Math.floor(((i + 0.5) * sorted.length) / size)]!.symbol);
  return picked;
}

/** Standard deviation of daily log returns over the given candles (0 with fewer than three). */
export function dailyVolatility(daily: readonly Candle[]): number {
  const returns: number[] = [];
  for (let i = 1; i < daily.length; i++) {
    const a = daily[i - 1]!.close;
    const b = daily[i]!.close;
    if (a > 0 && b > 0) returns.push(Math.log(b / a));
  }
  if (returns.length < 2) return 0;
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  return Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1));
}
